"""Data model: instruments (versioned item banks), firms, rounds, respondents, answers, cohorts.

Invariants live in the database as constraints; business rules (scoring, aggregation, anonymity)
live in plain functions elsewhere.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

# --- Instrument -----------------------------------------------------------------------------------


class InstrumentVersion(models.Model):
    """One published (or draft) version of the questionnaire, loaded from a data file."""

    version = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    minutes = models.CharField(max_length=20, blank=True, help_text="Expected completion time.")
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    source_file = models.CharField(max_length=255)
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the parsed file content.")
    scales = models.JSONField(default=dict)
    thresholds = models.JSONField(default=dict)
    development_levels = models.JSONField(default=list)
    profile_questions = models.JSONField(default=list)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_versions"
    )
    maps_to_previous = models.JSONField(default=dict, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False),
                name="instrument_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.version}"

    def threshold(self, name: str) -> float:
        return self.thresholds[name]["value"]


class ModuleKind(models.TextChoices):
    CAPABILITIES = "capabilities", "Capability audit"
    PRACTICES = "practices", "Value-net practices"
    OUTCOMES = "outcomes", "Partnership outcomes"


class Module(models.Model):
    instrument = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="modules"
    )
    code = models.CharField(max_length=8)
    kind = models.CharField(max_length=20, choices=ModuleKind.choices)
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    scale = models.CharField(max_length=30)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="module_code_unique"),
            models.UniqueConstraint(fields=["instrument", "kind"], name="module_kind_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Layer(models.Model):
    instrument = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="layers"
    )
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(help_text="0 = innermost (cognitive).")

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="layer_code_unique"),
            models.UniqueConstraint(
                fields=["instrument", "position"], name="layer_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Capability(models.Model):
    instrument = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="capabilities"
    )
    layer = models.ForeignKey(Layer, on_delete=models.CASCADE, related_name="capabilities")
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source_file = models.CharField(max_length=100, blank=True)
    source_lines = models.CharField(max_length=30, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["instrument", "position"]
        verbose_name_plural = "capabilities"
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="capability_code_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class Facet(models.Model):
    capability = models.ForeignKey(Capability, on_delete=models.CASCADE, related_name="facets")
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    weight = models.FloatField(default=1.0)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["capability", "position"]
        constraints = [
            models.UniqueConstraint(fields=["capability", "code"], name="facet_code_unique"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="facet_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class PracticeModeCode(models.TextChoices):
    INFLUENCING = "influencing", "Influencing"
    MONITORING = "monitoring", "Monitoring and controlling"
    COORDINATING = "coordinating", "Coordinating"
    INTEGRATING = "integrating", "Integrating"


class Side(models.TextChoices):
    UPSTREAM = "upstream", "Upstream (suppliers, R&D and manufacturing partners)"
    DOWNSTREAM = "downstream", "Downstream (sales and channel partners)"


class PracticeMode(models.Model):
    instrument = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="practice_modes"
    )
    code = models.CharField(max_length=20, choices=PracticeModeCode.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    use_selectively = models.BooleanField(
        default=False, help_text="A low score in a use-selectively mode is not a weakness."
    )
    source_file = models.CharField(max_length=100, blank=True)
    source_lines = models.CharField(max_length=30, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "code"], name="practice_mode_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OutcomeGroup(models.Model):
    instrument = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="outcome_groups"
    )
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "code"], name="outcome_group_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Item(models.Model):
    """One question. It belongs to exactly one of: a facet (A), a mode and side (B), a group (C)."""

    instrument = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="items"
    )
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=30)
    text = models.TextField()
    help_text = models.TextField(blank=True)
    scale = models.CharField(max_length=30)
    reverse_keyed = models.BooleanField(default=False)
    weight = models.FloatField(default=1.0)
    source_file = models.CharField(max_length=100)
    source_lines = models.CharField(max_length=30)
    inspired_by = models.CharField(max_length=255, blank=True)
    position = models.PositiveSmallIntegerField()
    facet = models.ForeignKey(
        Facet, null=True, blank=True, on_delete=models.CASCADE, related_name="items"
    )
    mode = models.ForeignKey(
        PracticeMode, null=True, blank=True, on_delete=models.CASCADE, related_name="items"
    )
    side = models.CharField(max_length=12, choices=Side.choices, blank=True)
    outcome_group = models.ForeignKey(
        OutcomeGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="items"
    )

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="item_code_unique"),
            models.UniqueConstraint(fields=["instrument", "position"], name="item_position_unique"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="item_weight_positive"),
            models.CheckConstraint(
                condition=(
                    Q(
                        facet__isnull=False,
                        mode__isnull=True,
                        side="",
                        outcome_group__isnull=True,
                    )
                    | Q(
                        facet__isnull=True,
                        mode__isnull=False,
                        side__in=[Side.UPSTREAM, Side.DOWNSTREAM],
                        outcome_group__isnull=True,
                    )
                    | Q(
                        facet__isnull=True,
                        mode__isnull=True,
                        side="",
                        outcome_group__isnull=False,
                    )
                ),
                name="item_has_exactly_one_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"

    @property
    def parent_title(self) -> str:
        """The capability, practice mode or outcome group the item belongs to."""
        if self.facet_id:
            return self.facet.capability.title
        if self.mode_id:
            return self.mode.title
        return self.outcome_group.title


# --- Firms and people -----------------------------------------------------------------------------


class Sector(models.TextChoices):
    """NACE Rev. 2 sections."""

    A = "A", "A – Agriculture, forestry and fishing"
    B = "B", "B – Mining and quarrying"
    C = "C", "C – Manufacturing"
    D = "D", "D – Electricity, gas, steam and air conditioning"
    E = "E", "E – Water supply, sewerage, waste management"
    F = "F", "F – Construction"
    G = "G", "G – Wholesale and retail trade"
    H = "H", "H – Transportation and storage"
    I = "I", "I – Accommodation and food services"  # noqa: E741
    J = "J", "J – Information and communication"
    K = "K", "K – Financial and insurance activities"
    L = "L", "L – Real estate activities"
    M = "M", "M – Professional, scientific and technical activities"
    N = "N", "N – Administrative and support services"
    O = "O", "O – Public administration and defence"  # noqa: E741
    P = "P", "P – Education"
    Q = "Q", "Q – Human health and social work"
    R = "R", "R – Arts, entertainment and recreation"
    S = "S", "S – Other service activities"


class SizeBand(models.TextChoices):
    """EU SME definition by head count."""

    MICRO = "micro", "Micro (fewer than 10 employees)"
    SMALL = "small", "Small (10–49 employees)"
    MEDIUM = "medium", "Medium (50–249 employees)"
    LARGE = "large", "Large (250 or more employees)"


SIZE_BAND_BOUNDS: dict[str, tuple[int, int | None]] = {
    SizeBand.MICRO: (0, 9),
    SizeBand.SMALL: (10, 49),
    SizeBand.MEDIUM: (50, 249),
    SizeBand.LARGE: (250, None),
}


class TechnologyIntensity(models.TextChoices):
    LOW = "low", "Low technology"
    MEDIUM_LOW = "medium_low", "Medium-low technology"
    MEDIUM_HIGH = "medium_high", "Medium-high technology"
    HIGH = "high", "High technology"


class Region(models.TextChoices):
    NORDIC = "nordic", "Nordic countries"
    WESTERN_EUROPE = "western_europe", "Western Europe"
    SOUTHERN_EUROPE = "southern_europe", "Southern Europe"
    CENTRAL_EASTERN_EUROPE = "central_eastern_europe", "Central and Eastern Europe"
    NORTH_AMERICA = "north_america", "North America"
    LATIN_AMERICA = "latin_america", "Latin America"
    ASIA_PACIFIC = "asia_pacific", "Asia-Pacific"
    MIDDLE_EAST_AFRICA = "middle_east_africa", "Middle East and Africa"


def _size_band_matches_employees() -> Q:
    condition = Q(employees__isnull=True)
    for band, (low, high) in SIZE_BAND_BOUNDS.items():
        bounds = Q(size_band=band, employees__gte=low)
        if high is not None:
            bounds &= Q(employees__lte=high)
        condition |= bounds
    return condition


def _share_in_range(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 100})


# The profile questions of a firm, in the order the profile form asks them; peer groups use some.
FIRM_PROFILE_FIELDS = (
    "sector",
    "employees",
    "size_band",
    "technology_intensity",
    "country",
    "region",
    "international_sales_share",
    "offshored_share",
    "upstream_partners",
    "downstream_partners",
    "offshoring_years",
)


class Firm(models.Model):
    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=1, choices=Sector.choices)
    employees = models.PositiveIntegerField(null=True, blank=True)
    size_band = models.CharField(max_length=10, choices=SizeBand.choices)
    technology_intensity = models.CharField(max_length=12, choices=TechnologyIntensity.choices)
    country = models.CharField(max_length=100)
    region = models.CharField(max_length=30, choices=Region.choices)
    international_sales_share = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Share of sales made abroad, in %."
    )
    offshored_share = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Share of activity carried out by offshore partners, in %."
    )
    upstream_partners = models.PositiveIntegerField(null=True, blank=True)
    downstream_partners = models.PositiveIntegerField(null=True, blank=True)
    offshoring_years = models.PositiveSmallIntegerField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, help_text="Synthetic demo data.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="FirmMembership", related_name="firms"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=_size_band_matches_employees(), name="firm_size_band_matches_employees"
            ),
            models.CheckConstraint(
                condition=_share_in_range("international_sales_share"),
                name="firm_international_sales_share_percent",
            ),
            models.CheckConstraint(
                condition=_share_in_range("offshored_share"), name="firm_offshored_share_percent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assessment:firm_edit", args=[self.pk])


class FirmRole(models.TextChoices):
    MANAGER = "manager", "Manager"
    CONSULTANT = "consultant", "Consultant"


class FirmMembership(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="firm_memberships"
    )
    role = models.CharField(max_length=12, choices=FirmRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["firm", "user"], name="firm_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} of {self.firm}"


# --- Rounds, respondents, answers -----------------------------------------------------------------


class RoundKind(models.TextChoices):
    SELF_AUDIT = "self_audit", "Self-audit"
    WORKSHOP = "workshop", "Workshop"


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class AssessmentRound(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="rounds")
    instrument = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="rounds"
    )
    kind = models.CharField(max_length=12, choices=RoundKind.choices)
    status = models.CharField(max_length=8, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    title = models.CharField(max_length=200, blank=True)
    module_codes = models.JSONField(default=list, help_text="Codes of the modules included.")
    share_results_with_respondents = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    level_code = models.CharField(
        max_length=40,
        blank=True,
        help_text="Development level reached, stored when the round closes.",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["firm", "instrument", "status", "closed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=RoundStatus.CLOSED) | Q(closed_at__isnull=False),
                name="round_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status=RoundStatus.DRAFT) | Q(opened_at__isnull=False),
                name="round_opened_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.firm} – {self.get_kind_display()} {self.created_at:%Y-%m-%d}"


class RoleLabel(models.TextChoices):
    TOP_MANAGEMENT = "top_management", "Top management"
    MIDDLE_MANAGEMENT = "middle_management", "Middle management"
    SPECIALIST = "specialist", "Specialist"
    OTHER = "other", "Other"


class RoomLink(models.Model):
    """A workshop's shared link (shown as a QR code): whoever opens it gets a personal code.

    Like personal links, only the SHA-256 hash of the token is stored. A blank ``role_label`` lets
    each person choose their own when they join.
    """

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="room_links")
    token_hash = models.CharField(max_length=64, unique=True)
    token_salt = models.CharField(
        max_length=32,
        default="",
        help_text="With SECRET_KEY, re-derives the link; changed on re-issue.",
    )
    role_label = models.CharField(max_length=20, choices=RoleLabel.choices, blank=True)
    label = models.CharField(
        max_length=100, blank=True, help_text="For the facilitator, e.g. 'Board room'."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.label or f"Room link {self.pk}"


class Respondent(models.Model):
    """Someone answering in a round: the manager's own account, or a holder of an invitation token.

    Tokens are never stored: only their SHA-256 hash, so a database leak exposes no working link.
    """

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="respondents")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="respondent_entries",
    )
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    token_salt = models.CharField(
        max_length=32,
        blank=True,
        help_text="With SECRET_KEY, re-derives the link; changed on re-issue.",
    )
    room = models.ForeignKey(
        RoomLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="respondents"
    )
    role_label = models.CharField(max_length=20, choices=RoleLabel.choices, default=RoleLabel.OTHER)
    name = models.CharField(max_length=100, blank=True, help_text="Only if the person gives it.")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    answers_version = models.PositiveIntegerField(
        default=0, help_text="Bumped on every save; a page posted with an older value is stale."
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(token_hash__isnull=False),
                name="respondent_has_user_or_token",
            ),
            models.UniqueConstraint(
                fields=["round", "user"],
                condition=Q(user__isnull=False),
                name="respondent_one_per_user_and_round",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.get_role_label_display()


class Answer(models.Model):
    """One answer; ``value`` is None for "don't know / not applicable" (missing, never zero)."""

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["respondent", "item"], name="answer_one_per_item"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5),
                name="answer_value_on_a_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} = {self.value if self.value is not None else 'n/a'}"


class RoundScore(models.Model):
    """A closed round's computed score on one measure, stored so peer statistics need no rescoring.

    ``measure`` is ``capability:<code>``, ``layer:<code>``, ``dci`` or ``mode:<code>:<side>``
    (see ``assessment.round_scores``). Only scored measures are stored: "not enough answers" is
    no row, never a zero.
    """

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="scores")
    measure = models.CharField(max_length=100)
    value = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "measure"], name="round_score_unique"),
            models.CheckConstraint(
                condition=Q(value__gte=0, value__lte=100), name="round_score_0_100"
            ),
        ]
        indexes = [models.Index(fields=["measure", "round"])]

    def __str__(self) -> str:
        return f"{self.measure} = {self.value:.1f}"


class ConsensusScore(models.Model):
    """A capability score agreed in a workshop, recorded by the facilitator with a rationale."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="consensus")
    capability = models.ForeignKey(Capability, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField()
    rationale = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "capability"], name="consensus_one_per_capability"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="consensus_score_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.capability}: {self.score:.0f}"


# --- Associations and cohorts ---------------------------------------------------------------------


class Association(models.Model):
    name = models.CharField(max_length=200, unique=True)
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="associations", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


MIN_K = 3


class Cohort(models.Model):
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=200)
    instrument = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="+")
    join_code = models.CharField(max_length=20, unique=True)
    k_threshold = models.PositiveSmallIntegerField(
        default=5, help_text="Smallest group of firms for which any figure is shown (at least 3)."
    )
    invited_count = models.PositiveIntegerField(
        default=0, help_text="How many firms the association invited (for participation figures)."
    )
    is_demo = models.BooleanField(default=False, help_text="Synthetic demo data.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["association", "name"]
        constraints = [
            models.UniqueConstraint(fields=["association", "name"], name="cohort_name_unique"),
            models.CheckConstraint(condition=Q(k_threshold__gte=MIN_K), name="cohort_k_at_least_3"),
        ]

    def __str__(self) -> str:
        return f"{self.association}: {self.name}"


class CohortMembership(models.Model):
    """A firm in a cohort, with the consent its manager recorded (who, when, what is shared)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="cohort_memberships")
    joined_at = models.DateTimeField(auto_now_add=True)
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_text = models.TextField(blank=True, help_text="What the firm agreed to share.")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    peer_group = models.CharField(
        max_length=30, default="cohort", help_text="The peer group the firm compares itself with."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "firm"], name="cohort_membership_unique"),
            models.CheckConstraint(
                condition=Q(consent_at__isnull=True) | ~Q(consent_text=""),
                name="cohort_consent_records_what",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(consent_at__isnull=False),
                name="cohort_withdrawal_follows_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.firm} in {self.cohort}"

    @property
    def is_consenting(self) -> bool:
        return self.consent_at is not None and self.withdrawn_at is None
