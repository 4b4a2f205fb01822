from django.urls import path

from consultations import views

urlpatterns = [
    path(
        "consultations/walk-in/<int:ticket_id>/",
        views.walk_in_record,
        name="consultation_walk_in",
    ),
]
