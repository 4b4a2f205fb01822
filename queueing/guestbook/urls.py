from django.urls import path

from queueing.guestbook import views, views_erasure, views_priority

# Included under guestbook/ by queueing/urls.py; paths and names as devices bookmark them
# (DESIGN §6).
urlpatterns = [
    path("", views.guestbook_list, name="guestbook"),
    path("new/", views.guestbook_new, name="guestbook_new"),
    path("lookup/", views.guestbook_lookup, name="guestbook_lookup"),
    path(
        "priority-check/",
        views_priority.guestbook_priority_check,
        name="guestbook_priority_check",
    ),
    path("export.<str:fmt>", views.guestbook_export, name="guestbook_export"),
    path("<int:pk>/", views.guestbook_detail, name="guestbook_detail"),
    path("<int:pk>/correct/", views.guestbook_correct, name="guestbook_correct"),
    path("<int:pk>/erase/", views_erasure.guestbook_anonymise, name="guestbook_anonymise"),
]
