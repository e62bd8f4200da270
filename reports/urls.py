from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:year>/", views.report_detail, name="detail"),
    path("<int:year>.pdf", views.report_pdf, name="pdf"),
    path("<int:year>.json", views.report_json, name="json"),
    path("<int:year>.xlsx", views.report_xlsx, name="xlsx"),
    path("<int:year>/<slug:annex>.csv", views.report_csv, name="csv"),
]
