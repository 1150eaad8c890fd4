"""Review reports: request, progress, download."""

from django.urls import path

from liaison.cooperation.views import reports

urlpatterns = [
    path("new/", reports.report_new, name="cooperation_report_new"),
    path("<int:pk>/", reports.report_detail, name="cooperation_report"),
    path("<int:pk>/download/", reports.report_download, name="cooperation_report_download"),
]
