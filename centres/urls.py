from django.urls import path

from . import views

app_name = "centres"

urlpatterns = [
    path("centres/", views.centre_list, name="list"),
    path("centres/mine/", views.mine, name="mine"),
    path("centres/<slug:slug>/", views.centre_detail, name="detail"),
    path("areas/<slug:slug>/", views.area_detail, name="area"),
    path("centres.geojson", views.centres_geojson, name="geojson"),
    path("areas.geojson", views.areas_geojson, name="areas_geojson"),
]
