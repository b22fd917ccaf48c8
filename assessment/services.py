"""Multi-step writes, keyword-only, each under one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from assessment.models import Firm, FirmMembership, FirmRole


@transaction.atomic
def firm_create(*, user, data: dict[str, Any], role: str = FirmRole.MANAGER) -> Firm:
    """Create a firm and make ``user`` its manager (or consultant)."""
    firm = Firm(created_by=user, **data)
    firm.full_clean()
    firm.save()
    FirmMembership.objects.create(firm=firm, user=user, role=role)
    return firm
