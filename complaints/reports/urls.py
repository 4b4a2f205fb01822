from django.urls import path

from complaints.reports import views

# /supervisor/ is a stable entry point (DESIGN §6).
urlpatterns = [
    path("supervisor/", views.supervisor_dashboard, name="supervisor_dashboard"),
    path(
        "supervisor/ratings.<str:fmt>",
        views.supervisor_ratings_export,
        name="supervisor_ratings_export",
    ),
]
