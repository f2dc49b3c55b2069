"""Operational settings from the environment, and the metrics directory `showbay serve` prepares."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from showbay.bootstrap.serving import prepare_metrics_dir
from showbay.bootstrap.settings import Settings


def test_operational_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_FORMAT", "Console")
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgresql://replica/showbay")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    monkeypatch.setenv("READINESS_TIMEOUT", "0.5")
    monkeypatch.setenv("SHUTDOWN_GRACE_PERIOD", "12")
    settings = Settings.from_env()
    assert settings.log_format == "console"
    assert settings.database_replica_url == "postgresql://replica/showbay"
    assert settings.redis_url == "redis://cache:6379/0"
    assert (settings.readiness_timeout, settings.shutdown_grace_period) == (0.5, 12.0)


def test_operational_settings_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LOG_FORMAT", "DATABASE_REPLICA_URL", "REDIS_URL", "READINESS_TIMEOUT", "SHUTDOWN_GRACE_PERIOD"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings.from_env()
    assert (settings.log_format, settings.database_replica_url, settings.redis_url) == ("json", None, None)
    assert (settings.readiness_timeout, settings.shutdown_grace_period) == (2.0, 25.0)


def test_configured_metrics_dir_is_reused_but_emptied(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "counter_123.db").write_bytes(b"stale")
    (tmp_path / "keep.txt").write_text("not ours")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    assert prepare_metrics_dir() == (tmp_path, False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_unset_metrics_dir_becomes_a_fresh_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    directory, created = prepare_metrics_dir()
    try:
        assert created
        assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(directory)
        assert list(directory.iterdir()) == []
    finally:
        directory.rmdir()
        # Not monkeypatch.delenv: it would record the removed directory as the value to restore at teardown.
        del os.environ["PROMETHEUS_MULTIPROC_DIR"]
