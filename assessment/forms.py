"""Forms: validate and normalise input; crispy renders them."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from assessment.models import FIRM_PROFILE_FIELDS, SIZE_BAND_BOUNDS, Firm, SizeBand


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        required=True, help_text="Used only to reset your password if you forget it."
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this e-mail address already exists.")
        return email


def size_band_for(employees: int) -> str:
    """The EU size band for a head count."""
    for band, (low, high) in SIZE_BAND_BOUNDS.items():
        if employees >= low and (high is None or employees <= high):
            return band
    raise ValueError(f"No size band for {employees} employees")


class FirmForm(forms.ModelForm):
    """The firm profile; when creating, also whether the user manages the firm or consults for it."""

    relationship = forms.ChoiceField(
        choices=[
            ("manager", "I manage this firm"),
            ("consultant", "I am a consultant running workshops for this client"),
        ],
        initial="manager",
        required=False,
        widget=forms.RadioSelect,
        label="Your role",
        help_text="A consultant sees only the firms they run; the firm's manager can remove them.",
    )

    def __init__(self, *args, creating: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["relationship"]
        else:  # ask the role first
            self.order_fields(["relationship", "name"])

    class Meta:
        model = Firm
        fields = ["name", *FIRM_PROFILE_FIELDS]
        labels = {
            "name": "Firm name",
            "sector": "Sector (NACE section)",
            "employees": "Number of employees",
            "international_sales_share": "Share of sales made abroad (%)",
            "offshored_share": "Share of activity done by offshore partners (%)",
            "upstream_partners": "Number of upstream partners",
            "downstream_partners": "Number of downstream partners",
            "offshoring_years": "Years of offshoring experience",
        }
        help_texts = {
            "size_band": "EU definition by head count.",
            "technology_intensity": "The OECD classification of your main activity.",
            "upstream_partners": "Suppliers, R&D and manufacturing partners you work with regularly.",
            "downstream_partners": "Sales, channel and after-sales partners you work with regularly.",
        }
        widgets = {
            "international_sales_share": forms.NumberInput(attrs={"min": 0, "max": 100}),
            "offshored_share": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }

    def _clean_share(self, field: str) -> int | None:
        value = self.cleaned_data.get(field)
        if value is not None and not 0 <= value <= 100:
            raise forms.ValidationError("Enter a percentage between 0 and 100.")
        return value

    def clean_international_sales_share(self) -> int | None:
        return self._clean_share("international_sales_share")

    def clean_offshored_share(self) -> int | None:
        return self._clean_share("offshored_share")

    def clean(self) -> dict:
        cleaned = super().clean()
        employees, band = cleaned.get("employees"), cleaned.get("size_band")
        if employees is not None and band and size_band_for(employees) != band:
            expected = SizeBand(size_band_for(employees)).label
            self.add_error(
                "size_band",
                f"{employees} employees is in the band “{expected}”; choose that band "
                "or correct the number of employees.",
            )
        return cleaned
