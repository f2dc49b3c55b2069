"""Validate compose.yaml without a Docker engine: the compose-spec JSON schema, then the cross-references.

The schema is vendored (deploy/compose-spec.json, from github.com/compose-spec/compose-spec, Apache-2.0): the
check needs no network and does not move under us. It catches unknown keys, wrong types and misspelt options;
the references (depends_on targets, named volumes, extends/anchors merged) are checked here because a JSON
schema cannot see across services.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator

SCHEMA = Path(__file__).resolve().parent.parent / "deploy" / "compose-spec.json"


def problems(compose: dict[str, Any]) -> list[str]:
    schema = json.loads(SCHEMA.read_text())
    found = [
        f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
        for error in Draft7Validator(schema).iter_errors(compose)
    ]
    services: dict[str, Any] = compose.get("services") or {}
    volumes = set(compose.get("volumes") or {})
    for name, service in services.items():
        depends = service.get("depends_on") or []
        for target in depends if isinstance(depends, list) else depends.keys():
            if target not in services:
                found.append(f"services/{name}/depends_on: no service {target!r}")
        for mount in service.get("volumes") or []:
            source = mount.split(":", 1)[0] if isinstance(mount, str) else mount.get("source", "")
            if source and not source.startswith((".", "/", "~")) and source not in volumes:
                found.append(f"services/{name}/volumes: named volume {source!r} is not declared")
    return found


def main(argv: list[str]) -> int:
    status = 0
    for path in argv or ["compose.yaml"]:
        compose = yaml.safe_load(Path(path).read_text())  # safe_load merges the `<<: *anchor` keys
        for problem in problems(compose):
            print(f"{path}: {problem}", file=sys.stderr)
            status = 1
        if status == 0:
            print(f"{path}: valid against the compose specification")
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
