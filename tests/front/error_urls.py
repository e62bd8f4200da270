"""The portal's URLs plus one view that fails, to see the 500 page a visitor would get."""

from django.urls import path

from cil_portal.urls import handler403, handler404, urlpatterns  # noqa: F401


def fail(request):
    raise RuntimeError("a bug")


urlpatterns = [path("fail/", fail), *urlpatterns]
