"""Forms of workshops and of the firm's people (consultants)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from assessment.models import RoleLabel
from assessment.workshops import MAX_LINKS_AT_ONCE


class WorkshopForm(forms.Form):
    title = forms.CharField(
        max_length=200, required=False, help_text="For example “Leadership team, spring 2027”."
    )
    modules = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave out modules the group cannot speak to; a shorter questionnaire keeps a "
        "workshop on time.",
    )
    share_results = forms.BooleanField(
        required=False,
        label="Let respondents see the firm's aggregated result after the round closes",
        help_text="Never anyone's individual answers.",
    )

    def __init__(self, *args, modules: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["modules"].choices = modules
        self.fields["modules"].initial = [code for code, _ in modules]


class InvitationForm(forms.Form):
    role_label = forms.ChoiceField(choices=RoleLabel.choices, initial=RoleLabel.OTHER)
    count = forms.IntegerField(
        min_value=1, max_value=MAX_LINKS_AT_ONCE, initial=1, label="Number of links"
    )
    name = forms.CharField(
        max_length=100,
        required=False,
        label="Name (optional)",
        help_text="Only with the person's agreement; leave empty to keep them anonymous.",
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("name") and cleaned.get("count", 1) != 1:
            self.add_error(
                "name", "A name belongs to one person: create one link when you give a name."
            )
        return cleaned


class RoomLinkForm(forms.Form):
    role_label = forms.ChoiceField(
        choices=[("", "Each person chooses their own"), *RoleLabel.choices],
        required=False,
        label="Role label",
    )
    label = forms.CharField(
        max_length=100,
        required=False,
        help_text="For you, e.g. “Board room” (not shown to people).",
    )


class JoinForm(forms.Form):
    role_label = forms.ChoiceField(
        choices=RoleLabel.choices,
        label="Your role",
        help_text="Figures by role are shown only when at least two people share a role.",
    )
    name = forms.CharField(
        max_length=100,
        required=False,
        label="Your name (optional)",
        help_text="Leave empty to stay anonymous; the facilitator then sees only your role.",
    )

    def __init__(self, *args, fixed_role: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if fixed_role:
            del self.fields["role_label"]


class CodeForm(forms.Form):
    code = forms.CharField(
        max_length=40,
        label="Your personal code",
        help_text="16 letters and digits, e.g. ABCD-EFGH-JKLM-NPQR (dashes optional).",
    )


class ConsensusForm(forms.Form):
    capability = forms.CharField(widget=forms.HiddenInput)
    score = forms.IntegerField(min_value=0, max_value=100, label="Agreed score (0–100)")
    rationale = forms.CharField(
        max_length=1000, widget=forms.Textarea(attrs={"rows": 2}), label="Why the group agreed"
    )


class ConsultantInviteForm(forms.Form):
    email = forms.EmailField(
        label="Consultant's e-mail address", help_text="They need an account on this site."
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(
                "No account uses this address. Ask the consultant to sign up first, then add them."
            )
        return user
