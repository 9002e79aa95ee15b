"""The production server as deployed: gunicorn with gunicorn.conf.py, answering the liveness and
readiness checks with a request id in its access log; application logs as JSON lines."""

import contextlib
import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from talent.extensions import db
from talent.requestlog import JsonFormatter, RequestIdFilter
from talent.serving import prepare_for_workers

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(tmp_path, *options: str):
    """gunicorn as deployed (gunicorn.conf.py, wsgi:app) on a fresh database; yields the base
    URL and the file its logs go to."""
    database = f"sqlite:///{tmp_path / 'served.db'}"
    env = {
        **os.environ,
        "TALENT_ENV": "production",
        "DATABASE_URL": database,
        "SECRET_KEY": "serving-test-only",
        "TALENT_WEB_WORKERS": "2",
        "FLASK_APP": "talent",
    }
    upgrade = [Path(sys.executable).with_name("flask"), "db", "upgrade"]
    subprocess.run(upgrade, cwd=ROOT, env=env, check=True)  # noqa: S603 (our own fixed command, no shell)
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603 (our own fixed command, no shell)
            [GUNICORN, "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", *options, "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    with urllib.request.urlopen(f"{base}/healthz", timeout=1):
                        break
                except OSError:
                    time.sleep(0.1)
            yield base, log
        finally:
            server.terminate()
            server.wait(timeout=20)


@pytest.fixture
def served(tmp_path):
    with gunicorn(tmp_path) as (base, log):
        yield base, log


def test_gunicorn_serves_the_app_with_its_checks_and_logs(served):
    base, log = served
    request = urllib.request.Request(f"{base}/readyz", headers={"X-Request-ID": "lb-check-0001"})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
        assert json.load(response)["status"] == "ok"
        assert response.headers["X-Request-ID"] == "lb-check-0001"
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{base}/no-such-page", timeout=5)
    assert missing.value.code == 404
    missing.value.close()
    time.sleep(0.5)
    lines = log.read_text().splitlines()
    assert any('"GET /readyz HTTP/1.1" 200' in line and "id=lb-check-0001" in line for line in lines), lines


def test_recycled_workers_keep_serving_and_log_every_request(tmp_path):
    """Workers are recycled every few thousand requests and leave without the interpreter's
    teardown (gunicorn.conf.py worker_exit); every request must still be answered by a worker
    and appear in the access log."""
    with gunicorn(tmp_path, "--max-requests", "3", "--max-requests-jitter", "0") as (base, log):
        for number in range(12):
            request = urllib.request.Request(f"{base}/readyz", headers={"X-Request-ID": f"recycle-{number:04}"})
            with urllib.request.urlopen(request, timeout=5) as response:
                assert response.status == 200
        time.sleep(0.5)
        lines = log.read_text().splitlines()
    assert sum("Autorestarting worker" in line for line in lines) >= 3, lines
    # Each recycled worker left cleanly: gunicorn reports any other exit as an error.
    assert not [line for line in lines if "exited with code" in line or "was sent" in line]
    for number in range(12):
        assert any(f"id=recycle-{number:04}" in line for line in lines), f"request {number} is not in the access log"


def test_application_logs_are_json_lines_carrying_the_request_id(app):
    record = logging.LogRecord("talent.auth", logging.WARNING, __file__, 1, "Sign-in refused for %s", ("x",), None)
    with app.test_request_context("/", headers={"X-Request-ID": "lb-abcdef12"}):
        app.preprocess_request()
        RequestIdFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert (entry["level"], entry["logger"], entry["message"], entry["request_id"]) == (
        "WARNING",
        "talent.auth",
        "Sign-in refused for x",
        "lb-abcdef12",
    )


def test_a_worker_forked_from_the_loaded_application_never_uses_its_parents_connection(app):
    """gunicorn forks workers from a master that has loaded the application (preload_app); a
    database connection used by two processes at once would mix their statements."""
    prepare_for_workers(app)
    with app.app_context():
        pooled = db.engine.raw_connection()
        parents = pooled.dbapi_connection
        pooled.close()  # back to the pool, where a child would find it
        child = os.fork()
        if child == 0:
            # The child must end here whatever happens: left to raise, it would carry on
            # running the rest of the suite in a second process.
            reused = True
            try:
                reused = db.engine.raw_connection().dbapi_connection is parents
            finally:
                os._exit(1 if reused else 0)
        _, status = os.waitpid(child, 0)
        assert os.waitstatus_to_exitcode(status) == 0, "the forked worker reused its parent's connection"
        again = db.engine.raw_connection()
        assert again.dbapi_connection is parents  # the parent's pool is left as it was
        again.close()
