"""Read-side queries. Views call these instead of building querysets themselves."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch

from assessment.models import (
    AssessmentRound,
    CohortMembership,
    Firm,
    FirmMembership,
    FirmRole,
    InstrumentVersion,
)


def current_instrument() -> InstrumentVersion | None:
    """The newest published instrument version, used for new rounds."""
    return InstrumentVersion.objects.filter(is_published=True).order_by("-published_at").first()


def dashboard_firms(*, user) -> list[Firm]:
    """The user's firms with their rounds (newest first), cohorts and the user's role, in 4 queries."""
    memberships = (
        FirmMembership.objects.filter(user=user)
        .select_related("firm")
        .annotate(
            firm_has_manager=Exists(
                FirmMembership.objects.filter(firm=OuterRef("firm"), role=FirmRole.MANAGER)
            )
        )
        .prefetch_related(
            Prefetch(
                "firm__rounds",
                queryset=AssessmentRound.objects.select_related("instrument").order_by(
                    "-created_at"
                ),
            ),
            Prefetch(
                "firm__cohort_memberships",
                queryset=CohortMembership.objects.select_related("cohort__association"),
            ),
        )
        .order_by("firm__name")
    )
    firms = []
    for membership in memberships:
        firm = membership.firm
        firm.user_role = membership.role
        firm.has_manager = membership.firm_has_manager
        firms.append(firm)
    return firms
