from django.contrib import admin

from assessment import models


class ReadOnlyWhenPublishedMixin:
    """Published instruments are immutable: staff can read them, not change them."""

    def has_change_permission(self, request, obj=None):
        instrument = getattr(obj, "instrument", obj)
        if isinstance(instrument, models.InstrumentVersion) and instrument.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        instrument = getattr(obj, "instrument", obj)
        if isinstance(instrument, models.InstrumentVersion) and instrument.is_published:
            return False
        return super().has_delete_permission(request, obj)


class ModuleInline(admin.TabularInline):
    model = models.Module
    extra = 0
    fields = ["position", "code", "kind", "title", "scale"]


@admin.register(models.InstrumentVersion)
class InstrumentVersionAdmin(ReadOnlyWhenPublishedMixin, admin.ModelAdmin):
    list_display = ["version", "title", "is_published", "published_at", "loaded_at"]
    list_filter = ["is_published"]
    search_fields = ["version", "title"]
    readonly_fields = ["content_hash", "source_file", "loaded_at"]
    inlines = [ModuleInline]


@admin.register(models.Layer)
class LayerAdmin(ReadOnlyWhenPublishedMixin, admin.ModelAdmin):
    list_display = ["title", "code", "position", "instrument"]
    list_filter = ["instrument"]


class FacetInline(admin.TabularInline):
    model = models.Facet
    extra = 0
    fields = ["position", "code", "title", "weight"]


@admin.register(models.Capability)
class CapabilityAdmin(ReadOnlyWhenPublishedMixin, admin.ModelAdmin):
    list_display = ["title", "code", "layer", "instrument"]
    list_filter = ["instrument", "layer__code"]
    inlines = [FacetInline]


@admin.register(models.Facet)
class FacetAdmin(ReadOnlyWhenPublishedMixin, admin.ModelAdmin):
    list_display = ["title", "code", "capability", "weight"]
    list_filter = ["capability__instrument", "capability"]


@admin.register(models.PracticeMode)
class PracticeModeAdmin(ReadOnlyWhenPublishedMixin, admin.ModelAdmin):
    list_display = ["title", "code", "use_selectively", "instrument"]
    list_filter = ["instrument"]


@admin.register(models.OutcomeGroup)
class OutcomeGroupAdmin(ReadOnlyWhenPublishedMixin, admin.ModelAdmin):
    list_display = ["title", "code", "instrument"]
    list_filter = ["instrument"]


@admin.register(models.Item)
class ItemAdmin(ReadOnlyWhenPublishedMixin, admin.ModelAdmin):
    list_display = ["code", "text", "scale", "reverse_keyed", "side", "source_file", "instrument"]
    list_filter = ["instrument", "module", "scale", "reverse_keyed", "side"]
    search_fields = ["code", "text"]
    list_select_related = ["instrument"]


class FirmMembershipInline(admin.TabularInline):
    model = models.FirmMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.Firm)
class FirmAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "size_band", "technology_intensity", "region", "is_demo"]
    list_filter = ["sector", "size_band", "technology_intensity", "region", "is_demo"]
    search_fields = ["name", "country"]
    inlines = [FirmMembershipInline]


@admin.register(models.FirmMembership)
class FirmMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "firm", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "firm__name"]
    list_select_related = ["user", "firm"]


class RespondentInline(admin.TabularInline):
    model = models.Respondent
    extra = 0
    fields = ["role_label", "name", "user", "started_at", "submitted_at", "revoked_at"]
    readonly_fields = ["started_at", "submitted_at"]


@admin.register(models.AssessmentRound)
class AssessmentRoundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "instrument", "created_at", "closed_at"]
    list_filter = ["kind", "status", "instrument"]
    search_fields = ["firm__name", "title"]
    list_select_related = ["firm", "instrument"]
    inlines = [RespondentInline]


@admin.register(models.Respondent)
class RespondentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "round", "role_label", "started_at", "submitted_at", "revoked_at"]
    list_filter = ["role_label"]
    exclude = ["token_hash"]
    list_select_related = ["round__firm"]


@admin.register(models.Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["respondent", "item", "value", "answered_at"]
    list_select_related = ["respondent", "item"]
    raw_id_fields = ["respondent", "item"]


@admin.register(models.ConsensusScore)
class ConsensusScoreAdmin(admin.ModelAdmin):
    list_display = ["round", "capability", "score", "recorded_by", "recorded_at"]
    raw_id_fields = ["round"]


class CohortInline(admin.TabularInline):
    model = models.Cohort
    extra = 0
    fields = ["name", "instrument", "join_code", "k_threshold", "is_demo"]


@admin.register(models.Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    filter_horizontal = ["admins"]
    inlines = [CohortInline]


@admin.register(models.Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "association", "instrument", "k_threshold", "is_demo"]
    list_filter = ["association", "is_demo"]


@admin.register(models.CohortMembership)
class CohortMembershipAdmin(admin.ModelAdmin):
    list_display = ["firm", "cohort", "joined_at", "consent_at", "withdrawn_at"]
    list_filter = ["cohort"]
    list_select_related = ["firm", "cohort"]
