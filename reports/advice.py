"""Advice texts (reports/content/advice.yaml), loaded once and looked up by code."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ADVICE_FILE = Path(__file__).resolve().parent / "content" / "advice.yaml"


@lru_cache(maxsize=1)
def advice() -> dict[str, Any]:
    return yaml.safe_load(ADVICE_FILE.read_text(encoding="utf-8"))


def sources_for(keys: list[str]) -> list[dict[str, str]]:
    """The source entries for the given keys, in first-cited order, without repeats."""
    table = advice()["sources"]
    seen: list[str] = []
    for key in keys:
        if key not in seen:
            seen.append(key)
    return [{"key": key, **table[key]} for key in seen]
