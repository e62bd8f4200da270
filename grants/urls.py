from django.urls import path

from . import views

app_name = "grants"

urlpatterns = [
    path("calls/", views.call_list, name="call_list"),
    path("calls/<slug:slug>/", views.call_detail, name="call_detail"),
    path("calls/<slug:slug>/apply/", views.call_apply, name="call_apply"),
    path("calls/<slug:slug>/results/", views.call_results, name="call_results"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/edit/<str:section>/",
        views.application_step,
        name="application_step",
    ),
    path(
        "applications/<int:pk>/edit/budget/check/",
        views.application_budget_check,
        name="application_budget_check",
    ),
    path(
        "applications/<int:pk>/do/<str:name>/",
        views.application_transition,
        name="application_transition",
    ),
    path("applications/<int:pk>/pdf/", views.application_pdf, name="application_pdf"),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("applications/<int:pk>/report/", views.final_report, name="final_report"),
    path(
        "applications/<int:pk>/report/files/<int:file_pk>/",
        views.report_file_download,
        name="report_file",
    ),
    path(
        "applications/<int:pk>/report/files/<int:file_pk>/delete/",
        views.report_file_delete,
        name="report_file_delete",
    ),
]
