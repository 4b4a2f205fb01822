from django.urls import include, path

from consultations import views

urlpatterns = [
    path("", include("consultations.knowledge.urls")),
    path(
        "consultations/walk-in/<int:ticket_id>/",
        views.walk_in_record,
        name="consultation_walk_in",
    ),
    path(
        "consultations/walk-in/<int:ticket_id>/correct/",
        views.walk_in_correct,
        name="consultation_walk_in_correct",
    ),
]
