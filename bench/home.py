"""Signed-in pages under gunicorn (2 workers, production settings) beside a bare Flask app
served the same way, measured with wrk (Debian package ``wrk``).

Usage: ``.venv/bin/python bench/home.py [--database-url URL] [--account staff] [--path /]...``
The database must hold demo data (``flask demo-data``); by default a scratch PostgreSQL
database, ``talent_bench_home``, is created with the small demo if it does not exist. Prints
requests per second, p50 and p99 for each path and for the bare app, and the ratio. Two floors
come first: Talent's ``/healthz`` (public, asks nothing of the database) and a signed-in page
that renders nothing (``bench/signed_in_floor_app.py``), so that each page's ratio can be read
against what any page of this app could reach. Nothing is asserted.
"""

import argparse
import http.client
import os
import re
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from config import DEFAULT_DEMO_PASSWORD  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/talent_bench_home"
FLASK = str(ROOT / ".venv" / "bin" / "flask")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def ensure_demo_database(url: str, size: str) -> None:
    parts = make_url(url)
    with psycopg.connect(
        host=parts.host, port=parts.port or 5432, user=parts.username, dbname="postgres", autocommit=True
    ) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (parts.database,)).fetchone():
            return
        connection.execute(f'CREATE DATABASE "{parts.database}"')
    env = {**os.environ, "DATABASE_URL": url, "FLASK_APP": "talent"}
    subprocess.run([FLASK, "db", "upgrade"], env=env, check=True, cwd=ROOT)  # noqa: S603 (fixed command)
    subprocess.run([FLASK, "demo-data", "--size", size], env=env, check=True, cwd=ROOT)  # noqa: S603 (fixed command)


def serve(app: str, port: int, url: str, *, workers: int | None = 2) -> subprocess.Popen:
    """gunicorn with ``gunicorn.conf.py``; ``workers`` None keeps its default (from the cores)."""
    env = {
        **os.environ,
        "TALENT_ENV": "production",
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-only",
        "TALENT_BIND": f"127.0.0.1:{port}",
    }
    if workers is not None:
        env["TALENT_WEB_WORKERS"] = str(workers)
    server = subprocess.Popen(  # noqa: S603 (fixed command)
        [GUNICORN, "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null", app],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/" if app.startswith("bench.bare_app") else "/healthz")
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"{app} did not start on port {port}")


def session_cookie(port: int, email: str, password: str) -> str:
    """Sign in as a browser would (CSRF token and all) and return the session cookie."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/sign-in")
    response = connection.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', page
    )
    body = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token.group(1)})
    connection.request(
        "POST",
        "/sign-in",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    response = connection.getresponse()
    response.read()
    if response.status != 302:
        raise SystemExit(f"sign-in failed with status {response.status}")
    return response.getheader("Set-Cookie").split(";")[0]


def wrk(port: int, path: str, cookie: str | None, seconds: int, connections: int) -> tuple[float, str, str]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(  # noqa: S603 (fixed command)
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    if "Non-2xx or 3xx responses" in output:
        raise SystemExit(f"{path}: some responses were errors:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"^\s*50%\s+(\S+)", output, re.MULTILINE).group(1)
    p99 = re.search(r"^\s*99%\s+(\S+)", output, re.MULTILINE).group(1)
    return rate, p50, p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--demo-size", default="small", help="demo data to load into a new database")
    parser.add_argument("--account", default="staff", help="the demo account to sign in as (staff, hr, admin…)")
    parser.add_argument("--path", action="append", help="pages to load (default: /)")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=20)
    arguments = parser.parse_args()
    ensure_demo_database(arguments.database_url, arguments.demo_size)
    talent = serve("bench.signed_in_floor_app:app", 8701, arguments.database_url)
    bare = serve("bench.bare_app:app", 8702, arguments.database_url)
    try:
        cookie = session_cookie(8701, f"{arguments.account}@demo.nhs.uk", DEFAULT_DEMO_PASSWORD)
        floor, p50, p99 = wrk(8702, "/", None, arguments.seconds, arguments.connections)
        print(f"{'bare Flask hello':40} {floor:9.0f} req/s   p50 {p50:>8}   p99 {p99:>8}")
        floors = [("/healthz", "public, no database"), ("/bench/signed-in-floor", "signed in, renders nothing")]
        pages = [(path, None) for path in arguments.path or ["/"]]
        for path, what in floors + pages:
            rate, p50, p99 = wrk(8701, path, cookie, arguments.seconds, arguments.connections)
            label = f"GET {path} ({what})" if what else f"{arguments.account} GET {path}"
            print(f"{label:40} {rate:9.0f} req/s   p50 {p50:>8}   p99 {p99:>8}   {rate / floor:6.1%} of bare")
    finally:
        talent.terminate()
        bare.terminate()
        talent.wait()
        bare.wait()


if __name__ == "__main__":
    main()
