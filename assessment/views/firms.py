"""The manager's dashboard and the firm profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from assessment import services
from assessment.access import get_firm_for_user
from assessment.forms import FirmForm
from assessment.models import FirmRole
from assessment.selectors import current_instrument, dashboard_firms


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    firms = dashboard_firms(user=request.user)
    if not firms:
        return render(request, "assessment/dashboard_empty.html")
    return render(
        request,
        "assessment/dashboard.html",
        {"firms": firms, "instrument": current_instrument()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def firm_create(request: HttpRequest) -> HttpResponse:
    form = FirmForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        role = data.pop("relationship") or FirmRole.MANAGER
        firm = services.firm_create(user=request.user, data=data, role=role)
        messages.success(
            request,
            f"{firm.name} is set up. "
            + (
                "You can start the self-audit now."
                if role == FirmRole.MANAGER
                else "You can set up a workshop for it now."
            ),
        )
        return redirect("assessment:dashboard")
    return render(request, "assessment/firm_form.html", {"form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def firm_edit(request: HttpRequest, firm_id: int) -> HttpResponse:
    firm = get_firm_for_user(request.user, firm_id)  # a consultant keeps a client's profile too
    form = FirmForm(request.POST or None, instance=firm)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The firm profile is saved.")
        return redirect("assessment:dashboard")
    return render(request, "assessment/firm_form.html", {"form": form, "firm": firm})
