from django.urls import include, path

from queueing import views

urlpatterns = [
    path("kiosk/<str:code>/", views.kiosk, name="kiosk"),
    path("kiosk/<str:code>/ticket/<str:token>/", views.kiosk_ticket, name="kiosk_ticket"),
    path("q/<str:code>/", views.phone_ticket, name="phone_ticket"),
    path("t/<str:token>/", views.ticket_status, name="ticket_status"),
    path("t/<str:token>/cancel/", views.ticket_cancel, name="ticket_cancel"),
    path("display/<str:code>/", views.display, name="display"),
    path("desk/", views.desk_console, name="desk"),
    path("desk/select/", views.desk_select, name="desk_select"),
    path("desk/today/", views.desk_today, name="desk_today"),
    path("desk/<str:action>/", views.desk_action, name="desk_action"),
    path("guestbook/", include("queueing.guestbook.urls")),
]
