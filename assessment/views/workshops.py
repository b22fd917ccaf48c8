"""Facilitator pages of a workshop: set up, invitation links, live dashboard, consensus, close.

Thin views: access through ``assessment.access`` (404 on anything not the user's), writes through
``assessment.workshops``, figures from ``reports.workshop``.
"""

from __future__ import annotations

import json

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessment import services, tokens, workshops
from assessment.access import get_firm_for_user, get_round_for_user, is_firm_manager
from assessment.models import AssessmentRound, Capability, FirmRole, RoundKind
from assessment.selectors import current_instrument
from assessment.workshop_forms import (
    ConsensusForm,
    ConsultantInviteForm,
    InvitationForm,
    RoomLinkForm,
    WorkshopForm,
)
from reports.workshop import live_view

POLL_SECONDS = 4


def _get_workshop(request: HttpRequest, round_id: int) -> AssessmentRound:
    round_ = get_round_for_user(request.user, round_id)
    if round_.kind != RoundKind.WORKSHOP:
        raise Http404("No such workshop.")
    return round_


def qr_svg(url: str) -> str:
    """An inline SVG QR code (no network, no image files)."""
    return segno.make(url, error="m").svg_inline(scale=6, dark="#212529", omitsize=True)


def _link(request: HttpRequest, name: str, code: str) -> str:
    return request.build_absolute_uri(reverse(name, args=[tokens.display(code)]))


# --- Firm people ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def firm_people(request: HttpRequest, firm_id: int) -> HttpResponse:
    """Who has access to the firm. A manager adds or removes consultants; the consultant of a
    client firm that has no manager yet hands it to its manager (and then stops managing access)."""
    firm = get_firm_for_user(request.user, firm_id)
    is_manager = is_firm_manager(request.user, firm)
    handing_over = not is_manager and not firm.memberships.filter(role=FirmRole.MANAGER).exists()
    if not (is_manager or handing_over):
        raise Http404("No such firm.")
    form = ConsultantInviteForm(request.POST or None)
    if handing_over:
        form.fields["email"].label = "The firm's manager's e-mail address"
    if request.method == "POST" and form.is_valid():
        try:
            if handing_over:
                services.manager_add(firm=firm, user=form.cleaned_data["email"])
            else:
                services.consultant_add(firm=firm, user=form.cleaned_data["email"])
        except services.MembershipError as error:
            form.add_error("email", str(error))
        else:
            if handing_over:
                messages.success(
                    request,
                    "The firm now has its manager, who decides who else may see it; you keep "
                    "running its workshops.",
                )
                return redirect("assessment:dashboard")
            messages.success(request, "The consultant can now run workshops for this firm.")
            return redirect("assessment:firm_people", firm.pk)
    memberships = firm.memberships.select_related("user").order_by("role", "user__username")
    return render(
        request,
        "assessment/workshops/people.html",
        {"firm": firm, "form": form, "memberships": memberships, "handing_over": handing_over},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def consultant_remove(request: HttpRequest, firm_id: int, membership_id: int) -> HttpResponse:
    firm = get_firm_for_user(request.user, firm_id, manage=True)
    try:
        removed = services.consultant_remove(firm=firm, membership_id=membership_id)
    except services.MembershipError as error:
        messages.info(request, str(error))
    else:
        messages.success(
            request, f"{removed.user.get_username()} no longer has access to {firm.name}."
        )
    return redirect("assessment:firm_people", firm.pk)


# --- Setting up ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def workshop_create(request: HttpRequest, firm_id: int) -> HttpResponse:
    firm = get_firm_for_user(request.user, firm_id)
    instrument = current_instrument()
    if instrument is None:
        messages.error(request, "No published questionnaire is loaded yet.")
        return redirect("assessment:dashboard")
    modules = [(m.code, f"{m.code} – {m.title}") for m in instrument.modules.all()]
    form = WorkshopForm(request.POST or None, modules=modules)
    if request.method == "POST" and form.is_valid():
        round_ = workshops.workshop_create(
            firm=firm,
            user=request.user,
            instrument=instrument,
            title=form.cleaned_data["title"],
            module_codes=form.cleaned_data["modules"],
            share_results=form.cleaned_data["share_results"],
        )
        messages.success(request, "The workshop is open. Create links for the people taking part.")
        return redirect("assessment:workshop", round_.pk)
    return render(
        request,
        "assessment/workshops/new.html",
        {"firm": firm, "form": form, "instrument": instrument},
        status=400 if form.errors else 200,
    )


def _links_context(request: HttpRequest, round_: AssessmentRound) -> dict:
    respondents = list(round_.respondents.filter(user__isnull=True).order_by("created_at", "pk"))
    personal = []
    for respondent in respondents:
        if respondent.room_id:
            continue  # people who joined through the room hold their own code
        code = workshops.respondent_code(respondent)
        personal.append(
            {
                "respondent": respondent,
                "url": _link(request, "assessment:respond", code) if code else "",
                "code": tokens.display(code) if code else "",
            }
        )
    rooms = [
        {
            "room": room,
            "url": _link(request, "assessment:room_join", workshops.room_code(room)),
            "joined": sum(1 for r in respondents if r.room_id == room.pk),
        }
        for room in round_.room_links.order_by("created_at")
    ]
    return {"personal": personal, "rooms": rooms}


@login_required
@require_GET
def workshop(request: HttpRequest, round_id: int) -> HttpResponse:
    """The facilitator's page: links, live progress and figures, consensus, close."""
    round_ = _get_workshop(request, round_id)
    view = live_view(round_)
    return render(
        request,
        "assessment/workshops/facilitator.html",
        {
            "round": round_,
            "live": view,
            "radar": json.loads(view.radar.to_json()) if view.radar else None,
            "invitation_form": InvitationForm(),
            "room_form": RoomLinkForm(),
            "poll_seconds": POLL_SECONDS,
            **_links_context(request, round_),
        },
    )


@login_required
@require_GET
def workshop_live(request: HttpRequest, round_id: int) -> JsonResponse:
    """What the dashboard polls: progress as HTML and, when the number of submitted
    questionnaires differs from ``?submitted=`` (what the page shows), the figures and the radar
    (aggregates only). Unchanged figures are not recomputed."""
    round_ = _get_workshop(request, round_id)
    view = live_view(round_, with_figures=False)
    data = {
        "status": round_.status,
        "submitted": view.submitted,
        "progress_html": render_to_string(
            "assessment/workshops/_progress.html", {"round": round_, "live": view}, request
        ),
    }
    if request.GET.get("submitted") != str(view.submitted):
        view = live_view(round_)
        data["figures_html"] = render_to_string(
            "assessment/workshops/_figures.html", {"round": round_, "live": view}, request
        )
        data["radar"] = json.loads(view.radar.to_json()) if view.radar else None
    return JsonResponse(data, headers={"Cache-Control": "no-store"})


@login_required
@require_POST
def invitations_create(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _get_workshop(request, round_id)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(reverse("assessment:workshop", args=[round_.pk]) + "#links")
    try:
        created = workshops.invitations_create(
            round_=round_,
            role_label=form.cleaned_data["role_label"],
            count=form.cleaned_data["count"],
            name=form.cleaned_data["name"],
        )
    except workshops.WorkshopError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{len(created)} personal link{'s' if len(created) != 1 else ''} created."
        )
    return redirect(reverse("assessment:workshop", args=[round_.pk]) + "#links")


@login_required
@require_POST
def room_link_create(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _get_workshop(request, round_id)
    form = RoomLinkForm(request.POST)
    if form.is_valid():
        try:
            room = workshops.room_link_create(
                round_=round_,
                user=request.user,
                role_label=form.cleaned_data["role_label"],
                label=form.cleaned_data["label"],
            )
        except workshops.WorkshopError as error:
            messages.error(request, str(error))
        else:
            return redirect("assessment:room_display", round_.pk, room.pk)
    else:
        messages.error(request, "Choose a role label from the list.")
    return redirect(reverse("assessment:workshop", args=[round_.pk]) + "#links")


@login_required
@require_GET
def room_display(request: HttpRequest, round_id: int, room_id: int) -> HttpResponse:
    """Full-screen QR code of a room link, for the projector."""
    round_ = _get_workshop(request, round_id)
    room = round_.room_links.filter(pk=room_id).first()
    if room is None:
        raise Http404("No such room link.")
    code = workshops.room_code(room)
    url = _link(request, "assessment:room_join", code)
    return render(
        request,
        "assessment/workshops/room_display.html",
        {
            "round": round_,
            "room": room,
            "url": url,
            "qr": qr_svg(url),
            "code": tokens.display(code),
        },
    )


@login_required
@require_GET
def respondent_qr(request: HttpRequest, round_id: int, respondent_id: int) -> HttpResponse:
    round_ = _get_workshop(request, round_id)
    respondent = round_.respondents.filter(pk=respondent_id, room__isnull=True).first()
    code = workshops.respondent_code(respondent) if respondent else None
    if code is None:
        raise Http404("No such link.")
    url = _link(request, "assessment:respond", code)
    return render(
        request,
        "assessment/workshops/room_display.html",
        {
            "round": round_,
            "respondent": respondent,
            "url": url,
            "qr": qr_svg(url),
            "code": tokens.display(code),
        },
    )


def _link_object(round_: AssessmentRound, kind: str, object_id: int):
    if kind == "person":
        obj = round_.respondents.filter(pk=object_id, user__isnull=True).first()
    elif kind == "room":
        obj = round_.room_links.filter(pk=object_id).first()
    else:
        obj = None
    if obj is None:
        raise Http404("No such link.")
    obj.round = round_
    return obj


LINK_ACTIONS = {
    "revoke": (
        workshops.link_revoke,
        "The link is withdrawn: it no longer opens the questionnaire. Answers saved through it are kept.",
    ),
    "reissue": (
        workshops.link_reissue,
        "A new link is ready; the old one no longer works. Answers already saved come with the new link.",
    ),
}


def _link_action(request: HttpRequest, round_id: int, kind: str, object_id: int, action: str):
    round_ = _get_workshop(request, round_id)
    service, done = LINK_ACTIONS[action]
    try:
        service(obj=_link_object(round_, kind, object_id))
    except workshops.WorkshopError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(reverse("assessment:workshop", args=[round_.pk]) + "#links")


@login_required
@require_POST
def link_revoke(request: HttpRequest, round_id: int, kind: str, object_id: int) -> HttpResponse:
    """Withdraw a personal or room link (answers stay)."""
    return _link_action(request, round_id, kind, object_id, "revoke")


@login_required
@require_POST
def link_reissue(request: HttpRequest, round_id: int, kind: str, object_id: int) -> HttpResponse:
    """Give a link a new code; the old code stops working."""
    return _link_action(request, round_id, kind, object_id, "reissue")


@login_required
@require_POST
def consensus_record(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _get_workshop(request, round_id)
    form = ConsensusForm(request.POST)
    anchor = "#consensus"
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect(reverse("assessment:workshop", args=[round_.pk]) + anchor)
    capability = Capability.objects.filter(
        instrument=round_.instrument, code=form.cleaned_data["capability"]
    ).first()
    if capability is None:
        messages.error(request, "This capability is not part of the round's questionnaire.")
        return redirect(reverse("assessment:workshop", args=[round_.pk]) + anchor)
    try:
        workshops.consensus_record(
            round_=round_,
            capability=capability,
            score=form.cleaned_data["score"],
            rationale=form.cleaned_data["rationale"],
            user=request.user,
        )
    except workshops.WorkshopError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Agreed score for {capability.title} recorded.")
    return redirect(reverse("assessment:workshop", args=[round_.pk]) + anchor)


@login_required
@require_POST
def workshop_close(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _get_workshop(request, round_id)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the box to confirm that you want to close the workshop.")
        return redirect(reverse("assessment:workshop", args=[round_.pk]) + "#close")
    try:
        outcome = workshops.workshop_close(round_=round_)
    except workshops.WorkshopError as error:
        messages.info(request, str(error))
        return redirect("assessment:workshop", round_.pk)
    text = f"The workshop is closed with {outcome.submitted} submitted questionnaire{'s' if outcome.submitted != 1 else ''}; every link has stopped working."
    if outcome.unfinished:
        text += f" {outcome.unfinished} unfinished questionnaire{'s were' if outcome.unfinished != 1 else ' was'} not counted."
    messages.success(request, text)
    return redirect("assessment:workshop", round_.pk)
