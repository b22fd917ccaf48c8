"""A member firm's benchmarks: its position in each cohort it consents in, against its peer group.

Managers and consultants of the firm see it (``get_firm_for_user``; 404 for anyone else, the
association's admins included: an association never sees a single firm).
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from assessment.access import get_firm_for_user, is_firm_manager
from assessment.cohort_forms import PEER_GROUP_LABELS, PeerGroupForm
from assessment.models import CohortMembership
from reports.benchmark_pages import member_sections


@login_required
@require_GET
def firm_benchmarks(request: HttpRequest, firm_id: int) -> HttpResponse:
    firm = get_firm_for_user(request.user, firm_id)
    sections = member_sections(firm)
    for section in sections:
        section.form = PeerGroupForm(initial={"peer_group": section.membership.peer_group})
        section.figure_json = json.loads(section.figure.to_json()) if section.figure else None
        section.figure_id = f"fig-radar-{section.membership.cohort_id}"
    is_manager = is_firm_manager(request.user, firm)
    return render(
        request,
        "reports/benchmarks.html",
        {"firm": firm, "sections": sections, "is_manager": is_manager},
    )


@login_required
@require_POST
def peer_group_save(request: HttpRequest, firm_id: int, membership_id: int) -> HttpResponse:
    firm = get_firm_for_user(request.user, firm_id)
    membership = CohortMembership.objects.filter(
        pk=membership_id, firm=firm, consent_at__isnull=False, withdrawn_at__isnull=True
    ).first()
    if membership is None:
        raise Http404("No such cohort membership.")
    form = PeerGroupForm(request.POST)
    if form.is_valid():
        membership.peer_group = form.cleaned_data["peer_group"]
        membership.save(update_fields=["peer_group"])
        messages.success(
            request, f"Now comparing with: {PEER_GROUP_LABELS[membership.peer_group].lower()}."
        )
    else:
        messages.error(request, "Choose one of the listed peer groups.")
    return redirect("reports:firm_benchmarks", firm.pk)
