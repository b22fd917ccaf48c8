from __future__ import annotations

from django import forms, template

register = template.Library()


@register.filter
def get_field(form: forms.Form, name: str) -> forms.BoundField:
    """``form|get_field:name``: the bound field called ``name`` (item codes contain dashes)."""
    return form[name]


@register.filter
def score(value: float | None, digits: int = 0) -> str:
    """A 0–100 score for display; "–" when there is none."""
    if value is None:
        return "–"
    return f"{value:.{int(digits)}f}"


@register.filter
def get_item(mapping, key):
    """``mapping|get_item:key`` for dictionary lookups with a variable key."""
    return mapping.get(key) if mapping is not None else None


@register.filter
def get_pair(mapping, first):
    """``modes|get_pair:mode`` → {second: value} for a mapping keyed by (first, second) tuples."""
    return {b: value for (a, b), value in mapping.items() if a == first}


@register.filter
def percent(share: float | None) -> str:
    """A share (0–1) as a percentage with one decimal: 0.666 -> "66.6 %"."""
    if share is None:
        return "–"
    return f"{share * 100:.1f}\u00a0%"
