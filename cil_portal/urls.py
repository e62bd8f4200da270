from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from accounts.forms import EmailAdminAuthenticationForm
from front import views as front_views

admin.site.site_header = _("Local Initiatives Centres – administration")
admin.site.site_title = _("CIL administration")
admin.site.index_title = _("Programme management")
admin.site.login_form = EmailAdminAuthenticationForm

urlpatterns = [
    path("", include("front.urls")),
    path("organisations/", include("organisations.urls")),
    # A centre's page also lists its calls, trainings and events, which centres/ may not
    # import, so front serves it (extending centres' own view); "mine" stays with centres.
    re_path(r"^centres/(?P<slug>(?!mine/)[-\w]+)/$", front_views.centre_page),
    # So is an area's page, which lists the projects realised there.
    path("areas/<slug:slug>/", front_views.area_page),
    path("", include("centres.urls")),
    path("", include("grants.urls")),
    path("trainings/", include("trainings.urls")),
    path("events/", include("events.urls")),
    path("signups/", include("signups.urls")),
    path("reports/", include("reports.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "front.views.error_403"
handler404 = "front.views.error_404"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
