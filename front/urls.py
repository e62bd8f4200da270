from django.urls import path

from . import views

app_name = "front"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("calendar.ics", views.calendar_ics, name="calendar_ics"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("account/", views.dashboard, name="dashboard"),
    path("account/delete/", views.account_delete, name="account_delete"),
    path("lang/<str:code>/", views.switch_language, name="language"),
]
