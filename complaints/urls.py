from django.urls import include, path

urlpatterns = [
    path("", include("complaints.surveys.urls")),
    path("", include("complaints.reports.urls")),
    path("", include("complaints.handling.urls")),
]
