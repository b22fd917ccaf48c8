"""Associations and benchmark cohorts: admins' pages, and a firm manager's join, consent, withdraw.

Association pages show counts and distributions over groups of at least k firms, never a firm's
name or figures; everyone but the association's admins gets a 404.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessment import cohorts as services
from assessment.access import get_firm_for_user
from assessment.cohort_forms import (
    AssociationAdminForm,
    AssociationForm,
    CohortForm,
    ConsentForm,
    JoinCodeForm,
)
from assessment.models import Association
from reports import benchmark_charts, exports
from reports.benchmark_pages import cohort_page, export_rows


@login_required
@require_GET
def association_list(request: HttpRequest) -> HttpResponse:
    associations = Association.objects.filter(admins=request.user).prefetch_related("cohorts")
    return render(
        request, "assessment/cohorts/association_list.html", {"associations": associations}
    )


@login_required
@require_http_methods(["GET", "POST"])
def association_create(request: HttpRequest) -> HttpResponse:
    form = AssociationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        association = services.association_create(user=request.user, name=form.cleaned_data["name"])
        messages.success(request, f"{association.name} is set up. Create its first cohort now.")
        return redirect("assessment:association_detail", association.pk)
    return render(request, "assessment/cohorts/association_form.html", {"form": form})


@login_required
@require_GET
def association_detail(request: HttpRequest, association_id: int) -> HttpResponse:
    association = services.get_association_for_admin(request.user, association_id)
    return _association_page(request, association, AssociationAdminForm())


def _association_page(
    request: HttpRequest, association: Association, admin_form: AssociationAdminForm
) -> HttpResponse:
    return render(
        request,
        "assessment/cohorts/association_detail.html",
        {
            "association": association,
            "cohorts": association.cohorts.select_related("instrument"),
            "admins": association.admins.order_by("username"),
            "admin_form": admin_form,
        },
    )


@login_required
@require_POST
def association_admin_add(request: HttpRequest, association_id: int) -> HttpResponse:
    association = services.get_association_for_admin(request.user, association_id)
    form = AssociationAdminForm(request.POST)
    if form.is_valid():
        try:
            user = services.association_admin_add(
                association=association, email=form.cleaned_data["email"]
            )
        except services.CohortError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"{user.get_username()} is now an admin of the association.")
            return redirect("assessment:association_detail", association.pk)
    return _association_page(request, association, form)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request: HttpRequest, association_id: int) -> HttpResponse:
    association = services.get_association_for_admin(request.user, association_id)
    form = CohortForm(request.POST or None, association=association)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cohort = services.cohort_create(
            association=association,
            user=request.user,
            name=data["name"],
            instrument=data["instrument"],
            k_threshold=data["k_threshold"],
            invited_count=data["invited_count"],
        )
        messages.success(request, "The cohort is created. Pass its join code on to your members.")
        return redirect("assessment:cohort_dashboard", cohort.pk)
    return render(
        request,
        "assessment/cohorts/cohort_form.html",
        {"form": form, "association": association, "creating": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = services.get_cohort_for_admin(request.user, cohort_id)
    form = CohortForm(request.POST or None, instance=cohort, association=cohort.association)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The cohort is saved.")
        return redirect("assessment:cohort_dashboard", cohort.pk)
    return render(
        request,
        "assessment/cohorts/cohort_form.html",
        {"form": form, "association": cohort.association, "cohort": cohort},
    )


@login_required
@require_POST
def join_code_regenerate(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = services.get_cohort_for_admin(request.user, cohort_id)
    services.join_code_regenerate(cohort=cohort)
    messages.success(
        request, "A new join code is set; the old one no longer works. Firms that joined stay in."
    )
    return redirect("assessment:cohort_dashboard", cohort.pk)


# --- Association dashboard and exports ------------------------------------------------------------


@login_required
@require_GET
def cohort_dashboard(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = services.get_cohort_for_admin(request.user, cohort_id)
    page = cohort_page(cohort, dimension=request.GET.get("dimension", ""))
    return render(
        request,
        "assessment/cohorts/cohort_dashboard.html",
        {
            "cohort": cohort,
            "join_code": services.join_code_display(cohort.join_code),
            "page": page,
            "figures": {
                name: json.loads(figure.to_json()) for name, figure in page.figures.items()
            },
        },
    )


@login_required
@require_GET
@never_cache
def cohort_export(request: HttpRequest, cohort_id: int, fmt: str) -> HttpResponse:
    if fmt not in exports.CONTENT_TYPES:
        raise Http404("Unknown export format.")
    cohort = services.get_cohort_for_admin(request.user, cohort_id)
    content = exports.render(
        fmt, benchmark_charts.EXPORT_HEADER, export_rows(cohort), sheet="Benchmarks"
    )
    filename = exports.export_filename(
        cohort.name, timezone.localdate(), "benchmark-aggregates", fmt
    )
    return HttpResponse(
        content,
        content_type=exports.CONTENT_TYPES[fmt],
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


# --- A firm manager joins, consents, withdraws ----------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cohort_join(request: HttpRequest, firm_id: int) -> HttpResponse:
    """Two steps on one URL, both POSTed so the code stays out of addresses and logs.

    1. the join code; 2. the consent page stating what is shared, with the required tick.
    """
    firm = get_firm_for_user(request.user, firm_id, manage=True)
    step = request.POST.get("step") if request.method == "POST" else None
    if step == "consent":
        form = ConsentForm(request.POST)
        valid = form.is_valid()
        cohort = getattr(form, "cohort", None)
        if cohort is None:  # unknown code (or none): back to the first step, nothing recorded
            return _code_page(request, firm, JoinCodeForm(request.POST))
        if not valid:
            return _consent_page(request, firm, cohort, form=form)
        text = services.consent_text(cohort, firm)
        if form.cleaned_data["terms"] != services.consent_fingerprint(text):
            messages.warning(
                request, "The terms changed since the page was opened; please read them again."
            )
            return _consent_page(request, firm, cohort, code=form.cleaned_data["code"])
        try:
            services.cohort_join(cohort=cohort, firm=firm, user=request.user, text=text)
        except services.CohortError as error:
            messages.error(request, str(error))
            return redirect("assessment:dashboard")
        messages.success(
            request,
            f"{firm.name} now takes part in {cohort.name} of {cohort.association.name}. "
            "Your consent is recorded.",
        )
        return redirect("reports:firm_benchmarks", firm.pk)
    form = JoinCodeForm(request.POST if step == "code" else None)
    if step == "code" and form.is_valid():
        return _consent_page(request, firm, form.cohort, code=form.cleaned_data["code"])
    return _code_page(request, firm, form)


def _code_page(request: HttpRequest, firm, form: JoinCodeForm) -> HttpResponse:
    return render(
        request,
        "assessment/cohorts/join_code.html",
        {"firm": firm, "form": form},
    )


def _consent_page(
    request: HttpRequest, firm, cohort, *, code: str = "", form: ConsentForm | None = None
) -> HttpResponse:
    text = services.consent_text(cohort, firm)
    membership = cohort.memberships.filter(firm=firm).first()
    if form is None:
        form = ConsentForm(
            initial={"code": code, "terms": services.consent_fingerprint(text)},
        )
    return render(
        request,
        "assessment/cohorts/join_consent.html",
        {
            "firm": firm,
            "cohort": cohort,
            "consent_text": text,
            "form": form,
            "already": membership is not None and membership.is_consenting,
            "rejoining": membership is not None and not membership.is_consenting,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = services.get_membership_for_manager(request.user, membership_id)
    if not membership.is_consenting:
        raise Http404("This firm does not take part in the cohort.")
    if request.method == "POST":
        try:
            services.consent_withdraw(membership=membership, user=request.user)
        except (services.CohortError, ValidationError) as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Consent withdrawn: {membership.firm.name} is left out of every figure of "
                f"{membership.cohort.name} from now on.",
            )
        return redirect("assessment:dashboard")
    return render(request, "assessment/cohorts/withdraw_confirm.html", {"membership": membership})
