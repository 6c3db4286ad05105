"""The development secret key: generated once per checkout and kept under var/, readable by its owner only.

Outside production nothing has to be set for a command to run, yet no key is shared between checkouts or
published in the code. Production never reaches this: it refuses to start without DJANGO_SECRET_KEY.
"""

import os
import secrets
from pathlib import Path

FILE_NAME = "development-secret-key"


def development_secret_key(var_dir: Path) -> str:
    path = Path(var_dir) / FILE_NAME
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    # Written under a temporary name and linked into place, so two processes starting together (the demo's web
    # server and its worker) agree on one key and neither ever reads a half-written file.
    temporary = path.with_name(f".{FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_urlsafe(64))
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return _read(path)


def _read(path: Path) -> str:
    key = path.read_text().strip()
    if len(key) < 50:
        raise RuntimeError(f"{path} holds no usable secret key; delete it to have a new one generated.")
    return key
