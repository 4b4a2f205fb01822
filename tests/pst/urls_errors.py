from django.core.exceptions import PermissionDenied
from django.urls import include, path

from queueing.errors import QueueError


def boom(request):
    raise RuntimeError("deliberate failure for the 500 page test")


def forbidden(request):
    raise PermissionDenied


def refused(request):
    raise QueueError("Sudah dipanggil loket lain.", code="state")


urlpatterns = [
    path("refused/", refused),
    path("boom/", boom),
    path("forbidden/", forbidden),
    path("", include("pst.urls")),
]
