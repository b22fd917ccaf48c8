"""Small, typed readers for the settings' environment variables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable; refuse anything ambiguous."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list, ignoring blanks."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def database_config(url: str | None, *, base_dir: Path) -> dict[str, Any]:
    """Turn DATABASE_URL into Django's DATABASES['default'].

    Without a URL the site uses an SQLite file in the project folder, so a fresh checkout runs with
    no database server. PostgreSQL URLs go through psycopg 3.
    """
    if not url:
        url = f"sqlite:///{base_dir / 'db.sqlite3'}"
    if not url.startswith(("sqlite:", "postgres:", "postgresql:", "pgsql:")):
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with sqlite:// or postgres://; got {url.split(':', 1)[0]!r}."
        )
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.postgresql":
        config["CONN_HEALTH_CHECKS"] = True
    return config


def secret_key(value: str | None, *, debug: bool) -> str:
    """Return SECRET_KEY; outside DEBUG a real one is required."""
    if value:
        return value
    if debug:
        return "django-insecure-development-key-not-for-production"
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. With DEBUG off the site needs a long random SECRET_KEY "
        "environment variable; see .env.example."
    )
