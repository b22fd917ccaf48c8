"""Answering the questionnaire: pages, review and submit.

The same page logic serves a manager's self-audit (logged in) and, through ``AnswerFlow``, any
other way of identifying a respondent (workshop invitation links).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from assessment import services
from assessment.access import get_firm_for_user, get_round_for_user
from assessment.models import Answer, Respondent
from assessment.questionnaire import AnswerPageForm, build_pages, first_page_with_gaps
from assessment.scoring_input import round_items
from assessment.selectors import current_instrument


@dataclass
class AnswerFlow:
    """A respondent and the URLs of their questionnaire."""

    respondent: Respondent
    url_name_prefix: str  # "assessment:questionnaire" or a workshop equivalent
    url_args: tuple
    done_url: str  # where a submitted respondent goes
    later_url: str  # where "save and finish later" goes

    def page_url(self, number: int) -> str:
        return reverse(f"{self.url_name_prefix}_page", args=[*self.url_args, number])

    def review_url(self) -> str:
        return reverse(f"{self.url_name_prefix}_review", args=self.url_args)

    def submit_url(self) -> str:
        return reverse(f"{self.url_name_prefix}_submit", args=self.url_args)


def _self_audit_flow(request: HttpRequest, round_id: int) -> AnswerFlow:
    round_ = get_round_for_user(request.user, round_id)
    respondent = (
        Respondent.objects.select_related("round__instrument", "round__firm")
        .filter(round=round_, user=request.user)
        .first()
    )
    if respondent is None:
        raise Http404("You are not a respondent in this round.")
    return AnswerFlow(
        respondent,
        "assessment:questionnaire",
        (round_.pk,),
        done_url=reverse("reports:result", args=[round_.pk]),
        later_url=reverse("assessment:dashboard"),
    )


def _saved_answers(respondent: Respondent) -> dict[int, int | None]:
    return dict(Answer.objects.filter(respondent=respondent).values_list("item_id", "value"))


def _pages_and_answers(respondent: Respondent):
    pages = build_pages(round_items(respondent.round))
    return pages, _saved_answers(respondent)


def next_url(flow: AnswerFlow, *, nav: str, number: int, page_count: int) -> str:
    """Where a successful save goes: back, later, the next page, or the review at the end."""
    if nav == "back":
        return flow.page_url(max(number - 1, 1))
    if nav == "later":
        return flow.later_url
    if number < page_count:
        return flow.page_url(number + 1)
    return flow.review_url()


def resume(flow: AnswerFlow) -> HttpResponse:
    pages, saved = _pages_and_answers(flow.respondent)
    if flow.respondent.submitted_at:
        return redirect(flow.done_url)
    page = first_page_with_gaps(pages, set(saved))
    return redirect(flow.page_url(page.number) if page else flow.review_url())


def _progress(pages, saved: dict, number: int) -> dict:
    total = sum(len(page.items) for page in pages)
    return {
        "page_number": number,
        "page_count": len(pages),
        "answered": len(saved),
        "total": total,
        "percent": round(100 * len(saved) / total) if total else 0,
    }


def answer_page(request: HttpRequest, flow: AnswerFlow, number: int) -> HttpResponse:
    respondent = flow.respondent
    pages, saved = _pages_and_answers(respondent)
    if not 1 <= number <= len(pages):
        raise Http404("No such page.")
    page = pages[number - 1]
    scales = respondent.round.instrument.scales
    locked_reason = None
    try:
        services.respondent_lock_check(respondent)
    except services.RoundLocked as error:
        locked_reason = str(error)

    if request.method == "POST":
        form = AnswerPageForm(request.POST, page=page, scales=scales)
        if locked_reason:
            messages.error(request, locked_reason)
            return redirect(flow.done_url if respondent.submitted_at else flow.page_url(number))
        if form.is_valid():
            try:
                services.answers_save(
                    respondent=respondent,
                    values=form.answer_values(),
                    seen_version=form.cleaned_data["answers_version"],
                )
            except services.StaleAnswers as error:
                respondent.refresh_from_db()
                form.add_error(None, str(error))
                form.data = form.data.copy()
                form.data["answers_version"] = respondent.answers_version
                saved = _saved_answers(respondent)
            except services.RoundLocked as error:
                messages.error(request, str(error))
                return redirect(flow.page_url(number))
            else:
                nav = request.POST.get("nav", "next")
                if nav == "later":
                    messages.success(
                        request, "Your answers are saved. Come back any time to finish."
                    )
                return redirect(next_url(flow, nav=nav, number=number, page_count=len(pages)))
    else:
        initial = {
            item.code: ("na" if saved[item.pk] is None else str(saved[item.pk]))
            for item in page.items
            if item.pk in saved
        }
        initial["answers_version"] = respondent.answers_version
        form = AnswerPageForm(initial=initial, page=page, scales=scales)

    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "assessment/questionnaire_page.html",
        {
            "flow": flow,
            "respondent": respondent,
            "round": respondent.round,
            "page": page,
            "form": form,
            "locked_reason": locked_reason,
            "previous_url": flow.page_url(number - 1) if number > 1 else None,
            "is_last": number == len(pages),
            **_progress(pages, saved, number),
        },
        status=status,
    )


def review(request: HttpRequest, flow: AnswerFlow) -> HttpResponse:
    respondent = flow.respondent
    pages, saved = _pages_and_answers(respondent)
    gaps = [
        {
            "page": page,
            "url": flow.page_url(page.number),
            "items": [item for item in page.items if item.pk not in saved],
        }
        for page in pages
    ]
    gaps = [gap for gap in gaps if gap["items"]]
    dont_know = sum(1 for value in saved.values() if value is None)
    return render(
        request,
        "assessment/questionnaire_review.html",
        {
            "flow": flow,
            "respondent": respondent,
            "round": respondent.round,
            "gaps": gaps,
            "dont_know": dont_know,
            "pages": pages,
            "last_page_url": flow.page_url(len(pages)),
            **_progress(pages, saved, len(pages)),
        },
    )


def submit(request: HttpRequest, flow: AnswerFlow) -> HttpResponse:
    try:
        services.answers_submit(respondent=flow.respondent)
    except services.RoundLocked as error:
        messages.info(request, str(error))
        return redirect(flow.done_url)
    messages.success(request, "Thank you: your answers are submitted.")
    return redirect(flow.done_url)


# --- Self-audit URLs (logged-in manager) -----------------------------------------------------------


@login_required
@require_POST
def round_start(request: HttpRequest, firm_id: int) -> HttpResponse:
    firm = get_firm_for_user(request.user, firm_id, manage=True)
    instrument = current_instrument()
    if instrument is None:
        messages.error(request, "No published questionnaire is loaded yet.")
        return redirect("assessment:dashboard")
    round_ = services.self_audit_start(firm=firm, user=request.user, instrument=instrument)
    return redirect("assessment:questionnaire", round_.pk)


@login_required
@require_http_methods(["GET"])
def questionnaire(request: HttpRequest, round_id: int) -> HttpResponse:
    return resume(_self_audit_flow(request, round_id))


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_page(request: HttpRequest, round_id: int, number: int) -> HttpResponse:
    return answer_page(request, _self_audit_flow(request, round_id), number)


@login_required
@require_http_methods(["GET"])
def questionnaire_review(request: HttpRequest, round_id: int) -> HttpResponse:
    return review(request, _self_audit_flow(request, round_id))


@login_required
@require_POST
def questionnaire_submit(request: HttpRequest, round_id: int) -> HttpResponse:
    return submit(request, _self_audit_flow(request, round_id))
