from django.urls import include, path

from consultations import views, views_handover, views_new, views_online, views_remote

urlpatterns = [
    path("consultations/", views_online.consultation_list, name="consultation_list"),
    path("consultations/new/", views_new.consultation_new, name="consultation_new"),
    path(
        "consultations/hand-over/",
        views_handover.consultations_hand_over,
        name="consultations_hand_over",
    ),
    path(
        "consultations/on-behalf/",
        views_remote.consultation_on_behalf,
        name="consultation_on_behalf",
    ),
    path(
        "consultations/follow/<str:token>/",
        views_remote.consultation_follow,
        name="consultation_follow",
    ),
    path(
        "consultations/follow/<str:token>/renew/",
        views_remote.consultation_follow_renew,
        name="consultation_follow_renew",
    ),
    path("consultations/<int:pk>/", views_online.consultation_detail, name="consultation_detail"),
    path(
        "consultations/<int:pk>/files/<int:attachment_id>/",
        views_online.attachment_download,
        name="consultation_attachment",
    ),
    path(
        "consultations/<int:pk>/<slug:action>/",
        views_online.consultation_act,
        name="consultation_act",
    ),
    path("", include("consultations.knowledge.urls")),
    path("", include("consultations.appointments.urls")),
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
