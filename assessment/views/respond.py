"""Answering a workshop through an invitation link, without an account.

The code in the URL identifies the respondent; every page checks it again, so a revoked link or a
closed round stops working at once. The questionnaire pages are the self-audit's, through an
``AnswerFlow``.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessment import tokens, workshops
from assessment.models import Respondent, RoundStatus
from assessment.views.questionnaire import AnswerFlow, answer_page, resume, review, submit
from assessment.workshop_forms import CodeForm, JoinForm
from reports.results import result_figures, round_result


def refused(request: HttpRequest, error: workshops.LinkRefused) -> HttpResponse:
    return render(
        request, "assessment/respond/refused.html", {"reason": str(error)}, status=error.status
    )


def _flow(respondent: Respondent, code: str) -> AnswerFlow:
    code = tokens.display(tokens.normalise(code))
    return AnswerFlow(
        respondent,
        "assessment:respond",
        (code,),
        done_url=reverse("assessment:respond_done", args=[code]),
        later_url=reverse("assessment:respond_later", args=[code]),
    )


def _with_flow(view):
    """Resolve the code to a respondent (or a refusal page) before the wrapped view runs."""

    def wrapped(request: HttpRequest, code: str, *args, **kwargs) -> HttpResponse:
        try:
            respondent = workshops.respondent_for_code(code)
        except workshops.LinkRefused as error:
            return refused(request, error)
        return view(request, _flow(respondent, code), *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_http_methods(["GET", "POST"])
def code_entry(request: HttpRequest) -> HttpResponse:
    """Type a personal code to come back to one's questionnaire."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = tokens.normalise(form.cleaned_data["code"])
        if code is None:
            form.add_error("code", "A code has 16 letters and digits; check what you typed.")
        else:
            return redirect("assessment:respond", tokens.display(code))
    return render(request, "assessment/respond/code_entry.html", {"form": form})


@require_http_methods(["GET", "POST"])
def room_join(request: HttpRequest, code: str) -> HttpResponse:
    """The room link: each person picks a role (and a name if they like) and gets their own code."""
    try:
        room = workshops.room_for_code(code)
    except workshops.LinkRefused as error:
        return refused(request, error)
    form = JoinForm(request.POST or None, fixed_role=room.role_label)
    if request.method == "POST" and form.is_valid():
        try:
            respondent = workshops.room_join(
                room=room,
                role_label=form.cleaned_data.get("role_label", ""),
                name=form.cleaned_data["name"],
            )
        except workshops.LinkRefused as error:
            return refused(request, error)
        personal = tokens.display(workshops.respondent_code(respondent))
        return redirect(reverse("assessment:respond", args=[personal]) + "?joined=1")
    return render(
        request,
        "assessment/respond/join.html",
        {"room": room, "round": room.round, "form": form},
        status=400 if form.errors else 200,
    )


@require_GET
@_with_flow
def respond(request: HttpRequest, flow: AnswerFlow) -> HttpResponse:
    """The personal link: a welcome on first visit (with the code to keep), else resume."""
    respondent = flow.respondent
    if respondent.submitted_at:
        return redirect(flow.done_url)
    if respondent.started_at is None or request.GET.get("joined"):
        return render(
            request,
            "assessment/respond/welcome.html",
            {
                "flow": flow,
                "respondent": respondent,
                "round": respondent.round,
                "code": flow.url_args[0],
                "start_url": reverse("assessment:respond_resume", args=flow.url_args),
            },
        )
    return resume(flow)


@require_GET
@_with_flow
def respond_resume(request: HttpRequest, flow: AnswerFlow) -> HttpResponse:
    return resume(flow)


@require_http_methods(["GET", "POST"])
@_with_flow
def respond_page(request: HttpRequest, flow: AnswerFlow, number: int) -> HttpResponse:
    return answer_page(request, flow, number)


@require_GET
@_with_flow
def respond_review(request: HttpRequest, flow: AnswerFlow) -> HttpResponse:
    return review(request, flow)


@require_POST
@_with_flow
def respond_submit(request: HttpRequest, flow: AnswerFlow) -> HttpResponse:
    return submit(request, flow)


@require_GET
@_with_flow
def respond_later(request: HttpRequest, flow: AnswerFlow) -> HttpResponse:
    return render(
        request,
        "assessment/respond/later.html",
        {"flow": flow, "round": flow.respondent.round, "code": flow.url_args[0]},
    )


@require_GET
@_with_flow
def respond_done(request: HttpRequest, flow: AnswerFlow) -> HttpResponse:
    """After submitting: thanks, and the firm's aggregated result if the owner shared it."""
    respondent = flow.respondent
    if respondent.submitted_at is None:
        return redirect(flow.review_url())
    round_ = respondent.round
    context = {"flow": flow, "round": round_, "respondent": respondent, "computed": None}
    if round_.share_results_with_respondents and round_.status == RoundStatus.CLOSED:
        computed = round_result(round_)
        if computed is not None:
            figures = result_figures(computed)
            context.update(
                computed=computed,
                result=computed.result,
                model=computed.model,
                figures={"radar": json.loads(figures["radar"].to_json())},
            )
    return render(request, "assessment/respond/done.html", context)
