"""Schemathesis against the running service: every operation of docs/openapi.json, every check, at least 100
generated cases per operation, authenticated, on the real PostgreSQL. Zero failures is the contract.

Configuration: tests/e2e/schemathesis.toml; rules the schema cannot carry: tests/e2e/schemathesis_hooks.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.e2e.contract_service import ContractService, contract_service  # noqa: F401 - the fixture

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def test_the_service_keeps_the_published_contract(
    contract_service: ContractService,  # noqa: F811
    tmp_path: Path,
) -> None:
    command = [
        str(Path(sys.executable).with_name("st")),
        "--config-file",
        str(HERE / "schemathesis.toml"),
        "run",
        str(ROOT / "docs" / "openapi.json"),
        "--url",
        contract_service.url,
        "--checks",
        "all",
        "--no-color",
        # A fixed seed keeps the suite reproducible; SHOWBAY_FUZZ_SEED=<n> explores other cases (make contract-test).
        "--seed",
        os.environ.get("SHOWBAY_FUZZ_SEED", "20261201"),
    ]
    environment = {
        **os.environ,
        "SHOWBAY_CONTRACT_TOKEN": contract_service.token,
        "SCHEMATHESIS_HOOKS": "tests.e2e.schemathesis_hooks",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600, check=False
    )
    report = tmp_path / "schemathesis.txt"
    report.write_text(result.stdout + result.stderr)
    assert result.returncode == 0, f"full report: {report}\n" + result.stdout[-30000:] + result.stderr[-5000:]
    assert "32/32" in result.stdout  # every operation was selected and tested
