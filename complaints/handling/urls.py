from django.urls import path

from complaints.handling import views, views_from_consultation, views_from_rating, views_pass_on

# /complaints/new/ and /complaints/track/ are stable entry points (DESIGN §6); the
# supervisors' queue is /complaints/ and one complaint /complaints/<id>/.
urlpatterns = [
    path("complaints/", views.complaint_list, name="complaint_list"),
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/new/done/", views.complaint_filed, name="complaint_filed"),
    path("complaints/record/", views.complaint_record, name="complaint_record"),
    path(
        "complaints/record/rating/<str:pk>/",
        views_from_rating.complaint_from_rating,
        name="complaint_from_rating",
    ),
    path(
        "complaints/record/consultation/<str:pk>/",
        views_from_consultation.complaint_from_consultation_page,
        name="complaint_from_consultation",
    ),
    path("complaints/track/", views.complaint_track, name="complaint_track"),
    path("complaints/pass-on/", views_pass_on.complaints_to_pass_on, name="complaints_to_pass_on"),
    path("complaints/<str:pk>/", views.complaint_detail, name="complaint_detail"),
    path(
        "complaints/<str:pk>/passed-on/",
        views_pass_on.complaint_passed_on_record,
        name="complaint_passed_on",
    ),
    path("complaints/<str:pk>/<str:action>/", views.complaint_act, name="complaint_act"),
    path(
        "complaints/<str:pk>/evidence/<str:evidence_id>/",
        views.complaint_evidence,
        name="complaint_evidence",
    ),
]
