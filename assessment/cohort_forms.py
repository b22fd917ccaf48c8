"""Forms for associations, cohorts, joining with a code and consent, and the member's peer group."""

from __future__ import annotations

from django import forms

from assessment.cohorts import UNKNOWN_CODE, cohort_for_code
from assessment.models import MIN_K, Association, Cohort, InstrumentVersion
from reports.benchmarks import COHORT, DIMENSIONS

PEER_GROUP_LABELS = {
    COHORT: "The whole cohort",
    "sector": "Firms in the same sector",
    "size_band": "Firms of the same size band",
    "technology_intensity": "Firms of the same technology intensity",
    "region": "Firms in the same region",
}
PEER_GROUP_CHOICES = [(dimension, PEER_GROUP_LABELS[dimension]) for dimension in DIMENSIONS]


class AssociationForm(forms.ModelForm):
    class Meta:
        model = Association
        fields = ["name"]
        labels = {"name": "Name of the association"}


class AssociationAdminForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address of an existing account",
        help_text="The person must have signed up already. They will see every cohort of the "
        "association.",
    )


class CohortForm(forms.ModelForm):
    """Name, questionnaire version (published only), k and the number of invited firms."""

    k_threshold = forms.IntegerField(
        label="Smallest group shown (k)",
        min_value=MIN_K,
        initial=5,
        help_text=f"No figure is shown for fewer than k firms. At least {MIN_K}; 5 is usual.",
    )

    class Meta:
        model = Cohort
        fields = ["name", "instrument", "k_threshold", "invited_count"]
        labels = {
            "name": "Cohort name",
            "instrument": "Questionnaire version",
            "invited_count": "Firms invited",
        }
        help_texts = {
            "instrument": "Members' latest completed audit on this version is compared.",
            "invited_count": "How many firms you invited; used only for the participation rate.",
        }

    def __init__(self, *args, association: Association, **kwargs):
        super().__init__(*args, **kwargs)
        self.association = association
        instruments = InstrumentVersion.objects.filter(is_published=True).order_by("-published_at")
        self.fields["instrument"].queryset = instruments
        self.fields["instrument"].empty_label = None
        self.fields["invited_count"].required = False

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        others = Cohort.objects.filter(association=self.association, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("The association already has a cohort of this name.")
        return name

    def clean_invited_count(self) -> int:
        return self.cleaned_data.get("invited_count") or 0


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label="Join code",
        max_length=40,
        help_text="The code your association sent you, e.g. ABCDE-FGHJK.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        cohort = cohort_for_code(self.cleaned_data["code"])
        if cohort is None:
            raise forms.ValidationError(UNKNOWN_CODE)
        self.cohort = cohort
        return self.cleaned_data["code"]


class ConsentForm(JoinCodeForm):
    """The consent page's form: the code again (hidden), the terms' fingerprint and the tick."""

    terms = forms.CharField(widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label="I have read what is shared and I consent for the firm",
        error_messages={"required": "Tick the box to give consent, or leave the page to cancel."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget = forms.HiddenInput()


class PeerGroupForm(forms.Form):
    peer_group = forms.ChoiceField(label="Compare with", choices=PEER_GROUP_CHOICES)
