from django.urls import path

from complaints.surveys import views

urlpatterns = [
    path("rate/<str:token>/", views.survey_rate, name="survey_rate"),
]
