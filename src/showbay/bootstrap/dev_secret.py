"""The local development JWT secret: created on first start, kept in the ignored data folder."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def dev_secret(data_dir: Path) -> str:
    path = data_dir / "jwt_secret"
    if path.is_file():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secret + "\n")
    return secret
