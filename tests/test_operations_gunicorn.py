"""The web process as production runs it: gunicorn with deploy/gunicorn.conf.py answers on the loopback, echoes
the request's ID, and every line it writes — gunicorn's own and the application's — is one JSON object."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_serves_with_request_ids_and_json_lines(tmp_path):
    port = free_port()
    env = {
        **{key: value for key, value in os.environ.items() if key != "DATABASE_URL"},
        "TAMKEEN_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "TAMKEEN_LOG_FORMAT": "json",
        "TAMKEEN_REQUEST_LOG_LEVEL": "INFO",
        "TAMKEEN_BIND": f"127.0.0.1:{port}",
        "TAMKEEN_WEB_WORKERS": "2",
        "TAMKEEN_WEB_THREADS": "1",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus"),
    }
    log = (tmp_path / "web.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        answer = None
        deadline = time.monotonic() + 60
        while answer is None and time.monotonic() < deadline:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/healthz/", headers={"X-Request-ID": "probe-0123456789"}
            )
            try:
                answer = urllib.request.urlopen(request, timeout=5)
            except OSError:
                time.sleep(0.5)
        assert answer is not None and answer.status == 200
        assert answer.headers["X-Request-ID"] == "probe-0123456789"
    finally:
        server.terminate()
        server.wait(timeout=40)
        log.close()
    lines = [json.loads(line) for line in (tmp_path / "web.log").read_text().splitlines() if line.strip()]
    assert any(line["logger"] == "gunicorn.error" for line in lines)  # gunicorn's own start-up lines
    # Each worker froze the loaded application before serving (post_worker_init).
    assert any("kept out of garbage collection" in line.get("msg", "") for line in lines)
    request_lines = [line for line in lines if line["logger"] == "tamkeen.request"]
    assert (
        request_lines[-1]["request_id"] == "probe-0123456789" and request_lines[-1]["view"] == "core:healthz"
    )
