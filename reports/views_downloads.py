"""Downloads of a completed round: the PDF report and CSV / XLSX exports of answers and scores.

Thin views: access through ``get_round_for_user`` (404 for other firms' rounds), 404 while nobody
has submitted, then the pure builders in ``reports.pdf`` and ``reports.exports``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from assessment.access import get_round_for_user
from reports import exports
from reports.pdf import render_report_pdf
from reports.report import build_report
from reports.results import round_result

NOT_READY = "This round has no submitted answers yet."


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


def _check_format(fmt: str) -> None:
    if fmt not in exports.CONTENT_TYPES:
        raise Http404("Unknown export format.")


@login_required
@require_GET
@never_cache
def report_pdf(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = get_round_for_user(request.user, round_id)
    report = build_report(round_)
    if report is None:
        raise Http404(NOT_READY)
    filename = exports.export_filename(
        round_.firm.name, exports.round_date(round_), "report", "pdf"
    )
    return _download(render_report_pdf(report), "application/pdf", filename)


@login_required
@require_GET
@never_cache
def export_answers(request: HttpRequest, round_id: int, fmt: str) -> HttpResponse:
    _check_format(fmt)
    round_ = get_round_for_user(request.user, round_id)
    rows = exports.round_answer_table(round_)
    if rows is None:
        raise Http404(NOT_READY)
    content = exports.render(fmt, exports.ANSWER_HEADER, rows, sheet="Answers")
    filename = exports.export_filename(round_.firm.name, exports.round_date(round_), "answers", fmt)
    return _download(content, exports.CONTENT_TYPES[fmt], filename)


@login_required
@require_GET
@never_cache
def export_scores(request: HttpRequest, round_id: int, fmt: str) -> HttpResponse:
    _check_format(fmt)
    round_ = get_round_for_user(request.user, round_id)
    computed = round_result(round_)
    if computed is None:
        raise Http404(NOT_READY)
    rows = exports.round_score_table(computed)
    content = exports.render(fmt, exports.SCORE_HEADER, rows, sheet="Scores")
    filename = exports.export_filename(round_.firm.name, exports.round_date(round_), "scores", fmt)
    return _download(content, exports.CONTENT_TYPES[fmt], filename)
