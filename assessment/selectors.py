"""Read-side queries. Views call these instead of building querysets themselves."""

from __future__ import annotations

from django.db.models import Prefetch

from assessment.models import AssessmentRound, Firm, FirmMembership, InstrumentVersion


def current_instrument() -> InstrumentVersion | None:
    """The newest published instrument version, used for new rounds."""
    return InstrumentVersion.objects.filter(is_published=True).order_by("-published_at").first()


def dashboard_firms(*, user) -> list[Firm]:
    """The user's firms, each with its rounds (newest first) and the user's role, in 3 queries."""
    memberships = (
        FirmMembership.objects.filter(user=user)
        .select_related("firm")
        .prefetch_related(
            Prefetch(
                "firm__rounds",
                queryset=AssessmentRound.objects.select_related("instrument").order_by(
                    "-created_at"
                ),
            )
        )
        .order_by("firm__name")
    )
    firms = []
    for membership in memberships:
        firm = membership.firm
        firm.user_role = membership.role
        firms.append(firm)
    return firms
