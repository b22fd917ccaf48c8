from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import database_config, env_bool, env_list, secret_key

BASE = Path("/srv/app")


def test_database_defaults_to_sqlite_file_in_project_folder():
    config = database_config(None, base_dir=BASE)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/srv/app/db.sqlite3"


def test_postgres_url_is_parsed_for_psycopg():
    config = database_config("postgres://audit:s3cret@db.internal:5433/vnaudit", base_dir=BASE)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"]) == ("audit", "s3cret")
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "vnaudit")
    assert config["CONN_HEALTH_CHECKS"] is True


def test_unsupported_database_url_is_refused_with_a_clear_message():
    with pytest.raises(ImproperlyConfigured, match="must start with sqlite:// or postgres://"):
        database_config("mysql://root@localhost/db", base_dir=BASE)


def test_secret_key_is_required_when_debug_is_off():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is not set"):
        secret_key(None, debug=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is not set"):
        secret_key("", debug=False)


def test_secret_key_has_a_development_default_only_in_debug():
    assert secret_key(None, debug=True).startswith("django-insecure")
    assert secret_key("real-key", debug=False) == "real-key"


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("ON", True), ("0", False), ("off", False)]
)
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", default=not expected) is expected


def test_env_bool_refuses_ambiguous_values(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG must be one of"):
        env_bool("SOME_FLAG", default=False)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , b.example,, ")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]
    monkeypatch.delenv("HOSTS")
    assert env_list("HOSTS", ["x"]) == ["x"]


def test_settings_module_refuses_to_start_without_secret_key_when_debug_off(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update({"DEBUG": "0", "DJANGO_SETTINGS_MODULE": "config.settings"})
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
