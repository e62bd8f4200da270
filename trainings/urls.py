from django.urls import path

from . import views

app_name = "trainings"

urlpatterns = [
    path("", views.training_list, name="list"),
    path("<slug:slug>.ics", views.training_ics, name="ics"),
    path("<slug:slug>/", views.training_detail, name="detail"),
]
