"""Public pages: home and method."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from assessment.selectors import current_instrument


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@require_GET
def method(request: HttpRequest) -> HttpResponse:
    return render(request, "assessment/method.html", {"instrument": current_instrument()})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on every page; resolved per request (hashed in production)."""
    return redirect(static("img/favicon.svg"), permanent=True)
