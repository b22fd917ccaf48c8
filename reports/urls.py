from django.urls import path

from reports import views
from reports import views_benchmarks as benchmarks
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
    path("firms/<int:firm_id>/benchmarks/", benchmarks.firm_benchmarks, name="firm_benchmarks"),
    path(
        "firms/<int:firm_id>/benchmarks/<int:membership_id>/peer-group/",
        benchmarks.peer_group_save,
        name="peer_group_save",
    ),
]
