from django.urls import path

from consultations.appointments import views

urlpatterns = [
    path(
        "consultations/<int:pk>/appointments/<slug:action>/",
        views.appointment_act,
        name="appointment_act",
    ),
    path(
        "consultations/<int:pk>/appointments/<int:appointment_id>/<slug:action>/",
        views.appointment_act,
        name="appointment_act_on",
    ),
    # Beside the kiosk's and the phone page's stable addresses (DESIGN §6).
    path("kiosk/<str:code>/appointment/", views.kiosk_check_in, name="appointment_check_in"),
    path("q/<str:code>/appointment/", views.phone_check_in, name="appointment_check_in_phone"),
]
