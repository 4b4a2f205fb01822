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
    path(
        "supervisor/service-levels/",
        views.supervisor_service_levels,
        name="supervisor_service_levels",
    ),
    path(
        "supervisor/service-levels/<str:what>.<str:fmt>",
        views.supervisor_service_levels_export,
        name="supervisor_service_levels_export",
    ),
    path("supervisor/complaints/", views.supervisor_complaints, name="supervisor_complaints"),
    path(
        "supervisor/complaints/<str:what>.<str:fmt>",
        views.supervisor_complaints_export,
        name="supervisor_complaints_export",
    ),
    path("supervisor/access-log/", views.supervisor_access_log, name="supervisor_access_log"),
    path(
        "supervisor/access-log/<str:what>.<str:fmt>",
        views.supervisor_access_log_export,
        name="supervisor_access_log_export",
    ),
]
