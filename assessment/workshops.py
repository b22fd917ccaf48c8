"""Workshop rounds: several respondents of one firm answer through invitation links.

Keyword-only services, each under one transaction. Links are invitation codes (``assessment.tokens``);
every link stops working when it is revoked or the round closes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from assessment import tokens
from assessment.models import (
    AssessmentRound,
    Capability,
    ConsensusScore,
    Firm,
    InstrumentVersion,
    Respondent,
    RoleLabel,
    RoomLink,
    RoundKind,
    RoundStatus,
)
from assessment.round_scores import store_workshop_scores

MAX_LINKS_AT_ONCE = 50


class WorkshopError(Exception):
    """A workshop action was refused; the message is meant for the facilitator or respondent."""


class LinkRefused(WorkshopError):
    """An invitation code does not (or no longer) open a questionnaire."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


@transaction.atomic
def workshop_create(
    *,
    firm: Firm,
    user,
    instrument: InstrumentVersion,
    title: str,
    module_codes: list[str],
    share_results: bool,
) -> AssessmentRound:
    """Open a workshop round for the firm with the chosen modules."""
    known = set(instrument.modules.values_list("code", flat=True))
    if not module_codes or not set(module_codes) <= known:
        raise WorkshopError("Choose at least one module of the questionnaire.")
    now = timezone.now()
    return AssessmentRound.objects.create(
        firm=firm,
        instrument=instrument,
        kind=RoundKind.WORKSHOP,
        status=RoundStatus.OPEN,
        title=title or f"Workshop {now:%d %B %Y}",
        module_codes=[code for code in sorted(known) if code in module_codes],
        share_results_with_respondents=share_results,
        created_by=user,
        opened_at=now,
    )


def _check_open(round_: AssessmentRound) -> None:
    if round_.status != RoundStatus.OPEN:
        raise WorkshopError("This workshop is closed: its links can no longer be changed.")


def _issue(obj: Respondent | RoomLink, kind: str) -> str:
    """Give ``obj`` a fresh salt and the hash of its new code; return the code."""
    obj.token_salt = tokens.new_salt()
    code = tokens.derive_code(kind, obj.pk, obj.token_salt)
    obj.token_hash = tokens.code_hash(code)
    obj.revoked_at = None
    obj.save(update_fields=["token_salt", "token_hash", "revoked_at"])
    return code


def respondent_code(respondent: Respondent) -> str | None:
    """The current code of a personal link (None for account respondents)."""
    if not respondent.token_salt:
        return None
    return tokens.derive_code("respondent", respondent.pk, respondent.token_salt)


def room_code(room: RoomLink) -> str:
    return tokens.derive_code("room", room.pk, room.token_salt)


def _new_respondent(
    round_: AssessmentRound, *, role_label: str, name: str, room=None
) -> Respondent:
    if role_label not in RoleLabel.values:
        raise WorkshopError("Choose a role label from the list.")
    respondent = Respondent(round=round_, role_label=role_label, name=name.strip(), room=room)
    respondent.token_hash = tokens.code_hash(tokens.new_salt())  # placeholder until the pk exists
    respondent.save()
    _issue(respondent, "respondent")
    return respondent


@transaction.atomic
def invitations_create(
    *, round_: AssessmentRound, role_label: str, count: int = 1, name: str = ""
) -> list[Respondent]:
    """Personal links: ``count`` respondents with the role label (a name only if given)."""
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    _check_open(round_)
    if not 1 <= count <= MAX_LINKS_AT_ONCE:
        raise WorkshopError(f"Create between 1 and {MAX_LINKS_AT_ONCE} links at a time.")
    if name and count != 1:
        raise WorkshopError("A name belongs to one person: create one link when you give a name.")
    return [_new_respondent(round_, role_label=role_label, name=name) for _ in range(count)]


@transaction.atomic
def room_link_create(
    *, round_: AssessmentRound, user, role_label: str = "", label: str = ""
) -> RoomLink:
    """A shared link for the room; each person who opens it gets a personal code."""
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    _check_open(round_)
    if role_label and role_label not in RoleLabel.values:
        raise WorkshopError("Choose a role label from the list, or let people choose.")
    room = RoomLink(round=round_, role_label=role_label, label=label.strip(), created_by=user)
    room.token_hash = tokens.code_hash(tokens.new_salt())
    room.save()
    _issue(room, "room")
    return room


@transaction.atomic
def room_join(*, room: RoomLink, role_label: str, name: str = "") -> Respondent:
    """A person joins through the room link and gets a personal link of their own."""
    room = RoomLink.objects.select_for_update().select_related("round").get(pk=room.pk)
    if room.revoked_at is not None:
        raise LinkRefused("This room link was withdrawn by the facilitator.", status=410)
    if room.round.status != RoundStatus.OPEN:
        raise LinkRefused("This workshop is closed; the room link no longer works.", status=410)
    return _new_respondent(
        room.round, role_label=room.role_label or role_label, name=name, room=room
    )


@transaction.atomic
def link_revoke(*, obj: Respondent | RoomLink) -> None:
    """Stop a personal or room link; answers already saved stay."""
    _check_open(obj.round)
    if obj.revoked_at is None:
        obj.revoked_at = timezone.now()
        obj.save(update_fields=["revoked_at"])


@transaction.atomic
def link_reissue(*, obj: Respondent | RoomLink) -> str:
    """A new code for the same respondent (answers kept) or room; the old code stops working."""
    _check_open(obj.round)
    if isinstance(obj, Respondent) and obj.submitted_at is not None:
        raise WorkshopError("This person has submitted; their link is not needed any more.")
    return _issue(obj, "respondent" if isinstance(obj, Respondent) else "room")


def _lookup(model, code: str):
    normalised = tokens.normalise(code)
    if normalised is None:
        return None
    return (
        model.objects.select_related("round__firm", "round__instrument")
        .filter(token_hash=tokens.code_hash(normalised))
        .first()
    )


def respondent_for_code(code: str) -> Respondent:
    """The respondent a personal code opens, or LinkRefused saying why in plain words."""
    respondent = _lookup(Respondent, code)
    if respondent is None:
        raise LinkRefused(
            "This link or code is not valid. Check that you copied all of it, or ask the "
            "facilitator for a new one.",
            status=404,
        )
    if respondent.revoked_at is not None:
        raise LinkRefused(
            "This link was withdrawn by the facilitator. Ask them for a new one: the answers you "
            "saved are kept and come with the new link.",
            status=410,
        )
    if respondent.round.status != RoundStatus.OPEN and respondent.submitted_at is None:
        raise LinkRefused(
            "This workshop is closed, so its links no longer work. Answers you saved before it "
            "closed are kept but were not submitted.",
            status=410,
        )
    return respondent


def room_for_code(code: str) -> RoomLink:
    room = _lookup(RoomLink, code)
    if room is None:
        raise LinkRefused(
            "This room link is not valid. Scan the QR code again or ask the facilitator.",
            status=404,
        )
    if room.revoked_at is not None:
        raise LinkRefused("This room link was withdrawn by the facilitator.", status=410)
    if room.round.status != RoundStatus.OPEN:
        raise LinkRefused("This workshop is closed; the room link no longer works.", status=410)
    return room


@transaction.atomic
def consensus_record(
    *, round_: AssessmentRound, capability: Capability, score: float, rationale: str, user
) -> ConsensusScore:
    """The score the group agreed for a capability, with the reason; replaces an earlier one."""
    if capability.instrument_id != round_.instrument_id:
        raise WorkshopError("This capability is not part of the round's questionnaire.")
    if not 0 <= score <= 100:
        raise WorkshopError("An agreed score is between 0 and 100.")
    if not rationale.strip():
        raise WorkshopError("Say briefly why the group agreed on this score.")
    consensus, _ = ConsensusScore.objects.update_or_create(
        round=round_,
        capability=capability,
        defaults={"score": score, "rationale": rationale.strip(), "recorded_by": user},
    )
    return consensus


@dataclass(frozen=True)
class CloseOutcome:
    submitted: int
    unfinished: int


@transaction.atomic
def workshop_close(*, round_: AssessmentRound) -> CloseOutcome:
    """Close the round: links stop working, the firm's result is stored for reports and peers."""
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    _check_open(round_)
    round_.status = RoundStatus.CLOSED
    round_.closed_at = timezone.now()
    round_.save(update_fields=["status", "closed_at"])
    respondents = list(round_.respondents.filter(revoked_at__isnull=True))
    submitted = sum(1 for r in respondents if r.submitted_at is not None)
    store_workshop_scores(round_)
    return CloseOutcome(submitted=submitted, unfinished=len(respondents) - submitted)
