from django.urls import path

from . import views

app_name = "signups"

urlpatterns = [
    path("<str:token>/confirm/", views.confirm, name="confirm"),
    path("<str:token>/cancel/", views.cancel, name="cancel"),
]
