"""A manager opens the report and downloads the PDF and the XLSX; both are checked."""

import io

import openpyxl
import pytest
from pypdf import PdfReader

from assessment import services
from assessment.models import Item
from tests.conftest import make_firm, make_user
from tests.e2e.conftest import new_page, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_report_pdf_and_xlsx_downloads(browser, live_server, instrument):
    user = make_user("gina")
    firm = make_firm(user, "Gina Optics")
    round_ = services.self_audit_start(firm=firm, user=user, instrument=instrument)
    respondent = round_.respondents.get()
    values = {}
    for item in Item.objects.filter(instrument=instrument):
        values[item.pk] = (2 if item.reverse_keyed else 4) if item.scale == "agreement" else 3
    services.answers_save(respondent=respondent, values=values, seen_version=0)
    services.answers_submit(respondent=respondent)

    page, problems = new_page(browser, live_server)
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("gina")
    page.locator("#id_password").fill("correct horse 42")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/reports/rounds/{round_.pk}/report/")
    assert page.get_by_role("heading", name="Three priorities").is_visible()
    page.wait_for_selector('[data-figure="fig-radar"][data-rendered="true"]')
    screenshot(page, "report-desktop")

    with page.expect_download() as info:
        page.get_by_role("link", name="PDF").click()
    pdf = info.value
    assert pdf.suggested_filename.endswith(".pdf")
    with open(pdf.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Gina Optics" in text and "2026.1" in text
    assert f"Page 1 of {len(reader.pages)}" in text

    with page.expect_download() as info:
        page.get_by_role("link", name="Answers (XLSX)").click()
    xlsx = info.value
    assert xlsx.suggested_filename.startswith("gina-optics-") and xlsx.suggested_filename.endswith(
        ".xlsx"
    )
    with open(xlsx.path(), "rb") as handle:
        sheet = openpyxl.load_workbook(io.BytesIO(handle.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 101  # header + one row per item
    problems.assert_none()
