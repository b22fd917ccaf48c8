from django.urls import path

from reports import views
from reports import views_downloads as downloads

app_name = "reports"

urlpatterns = [
    path("rounds/<int:round_id>/result/", views.result, name="result"),
    path("rounds/<int:round_id>/report/", views.report, name="report"),
    path("rounds/<int:round_id>/report.pdf", downloads.report_pdf, name="report_pdf"),
    path(
        "rounds/<int:round_id>/answers.<str:fmt>",
        downloads.export_answers,
        name="export_answers",
    ),
    path("rounds/<int:round_id>/scores.<str:fmt>", downloads.export_scores, name="export_scores"),
]
