"""A static-files finder that serves plotly.min.js from the installed plotly package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_JS_PATH = "vendor/plotly/plotly.min.js"
_PACKAGE_DATA = Path(plotly.__file__).resolve().parent / "package_data"


class PlotlyJsFinder(BaseFinder):
    """Expose exactly one file, ``vendor/plotly/plotly.min.js``, from the plotly package.

    The plotly Python package ships the matching plotly.js bundle; serving that copy keeps the JS
    and the figures built in Python on the same version without committing a 4.8 MB file.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=str(_PACKAGE_DATA))
        self.storage.prefix = "vendor/plotly"  # collectstatic copies the file under this prefix

    def check(self, **kwargs: Any) -> list:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str] | None:
        find_all = find_all or kwargs.get("all", False)
        if path == PLOTLY_JS_PATH:
            match = str(_PACKAGE_DATA / "plotly.min.js")
            return [match] if find_all else match
        return [] if find_all else None

    def list(self, ignore_patterns: Any):
        yield "plotly.min.js", self.storage
