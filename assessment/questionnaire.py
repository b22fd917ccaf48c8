"""How the questionnaire is paged, and the form for one page. No queries here: callers pass items."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms

from assessment.models import Item, ModuleKind, Side

NOT_APPLICABLE = "na"
CONTROL_FIELDS = {"csrfmiddlewaretoken", "answers_version", "nav"}


@dataclass
class Section:
    heading: str
    description: str
    items: list[Item]


@dataclass
class Page:
    number: int
    module_code: str
    module_title: str
    kicker: str  # e.g. "Cognitive layer" or "Upstream partners"
    title: str
    intro: str
    sections: list[Section] = field(default_factory=list)
    section_index: dict = field(default_factory=dict, repr=False)

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]


def build_pages(items: list[Item]) -> list[Page]:
    """Pages in instrument order: one per capability (A), one per side (B), one for outcomes (C)."""
    pages: list[Page] = []
    index: dict[tuple, Page] = {}
    for item in items:
        module = item.module
        if module.kind == ModuleKind.CAPABILITIES:
            capability = item.facet.capability
            key = ("cap", capability.pk)
            kicker, title, intro = capability.layer.title, capability.title, capability.description
            section_key, heading, description = item.facet.pk, item.facet.title, ""
        elif module.kind == ModuleKind.PRACTICES:
            key = ("side", module.pk, item.side)
            kicker, title = module.title, Side(item.side).label
            intro = module.intro
            section_key, heading = item.mode.pk, item.mode.title
            description = item.mode.description
        else:
            key = ("outcomes", module.pk)
            kicker, title, intro = "", module.title, module.intro
            section_key, heading, description = item.outcome_group.pk, item.outcome_group.title, ""
        page = index.get(key)
        if page is None:
            page = Page(len(pages) + 1, module.code, module.title, kicker, title, intro)
            index[key] = page
            pages.append(page)
        section = page.section_index.get(section_key)
        if section is None:
            section = Section(heading, description, [])
            page.section_index[section_key] = section
            page.sections.append(section)
        section.items.append(item)
    return pages


def first_page_with_gaps(pages: list[Page], answered_item_ids: set[int]) -> Page | None:
    for page in pages:
        if any(item.pk not in answered_item_ids for item in page.items):
            return page
    return None


class AnswerPageForm(forms.Form):
    """One radio group per item, named by item code; "na" means don't know / not applicable.

    Leaving an item blank is allowed (saving part of a page is fine); the review page lists gaps.
    """

    answers_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, page: Page, scales: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        for item in page.items:
            scale = scales[item.scale]
            choices = [(value, label) for value, label in scale["labels"].items()]
            choices.append((NOT_APPLICABLE, scale["missing_label"]))
            self.fields[item.code] = forms.ChoiceField(
                choices=choices,
                required=False,
                label=item.text,
                help_text=item.help_text,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": "Choose one of the options shown; %(value)s is not on this scale."
                },
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.data:
            expected = {item.code for item in self.page.items} | CONTROL_FIELDS
            unknown = sorted(set(self.data) - expected)
            if unknown:
                shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
                raise forms.ValidationError(
                    f"The form contained answers to questions that are not on this page ({shown}). "
                    "Nothing from this page was saved; please answer the questions shown."
                )
        return cleaned

    def answer_values(self) -> dict[int, int | None]:
        """Item id -> value for the items answered on this page (blank items are left out)."""
        values = {}
        for item in self.page.items:
            raw = self.cleaned_data.get(item.code)
            if raw in (None, ""):
                continue
            values[item.pk] = None if raw == NOT_APPLICABLE else int(raw)
        return values
