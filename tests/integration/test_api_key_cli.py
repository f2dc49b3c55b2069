"""`showbay api-key create|list|revoke` against the test database: shown once, listed without the secret."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.bootstrap.cli.main import main
from showbay.domain.api_keys import digest_of, prefix_of


@pytest.fixture
def cli(database_url: str, clean_db: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("DATABASE_URL", database_url)
    return CliRunner()


def test_create_list_revoke(cli: CliRunner) -> None:
    created = cli.invoke(main, ["api-key", "create", "--name", "billing", "--scope", "sales:write"])
    assert created.exit_code == 0, created.output
    key = created.stdout.strip()
    prefix = prefix_of(key)
    assert prefix is not None
    assert "shown only now" in created.stderr

    listed = cli.invoke(main, ["api-key", "list"])
    assert listed.exit_code == 0
    assert prefix in listed.stdout
    assert "service:billing" in listed.stdout
    assert "sales:write" in listed.stdout
    assert key not in listed.stdout
    assert digest_of(key) not in listed.stdout

    revoked = cli.invoke(main, ["api-key", "revoke", prefix])
    assert revoked.exit_code == 0
    assert "revoked" in cli.invoke(main, ["api-key", "list"]).stdout


def test_bad_input_and_unknown_keys_fail_cleanly(cli: CliRunner) -> None:
    blank = cli.invoke(main, ["api-key", "create", "--name", " "])
    assert blank.exit_code == 2
    assert "name: must not be blank" in blank.output
    unknown = cli.invoke(main, ["api-key", "revoke", "999"])
    assert unknown.exit_code == 1
    assert "api key 999 was not found" in unknown.output
    assert "id\tprefix" in cli.invoke(main, ["api-key", "list"]).stdout  # and nothing was created
    assert len(cli.invoke(main, ["api-key", "list"]).stdout.strip().splitlines()) == 1
