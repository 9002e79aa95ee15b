"""``flask demo-data`` on PostgreSQL beside COPY of the same people, posts and equality answers
into the same indexed tables.

Usage: ``.venv/bin/python bench/demo_load.py [--size national] [--database-url URL]``. The
database in the URL (default ``talent_bench_demo``) is dropped and created again and keeps the
loaded demo for page benchmarks; a second scratch database (``<name>_copy``) receives the COPY.
Nothing is asserted.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/talent_bench_demo"
FLASK = str(ROOT / ".venv" / "bin" / "flask")
#: The tables the demo fills for every organisation, in the order their foreign keys need.
BULK_TABLES = ["people", "posts", "edi_profiles"]


def recreate(parts, name: str) -> None:
    with psycopg.connect(host=parts.host, user=parts.username, dbname="postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def flask(url: str, *arguments: str) -> float:
    env = {**os.environ, "DATABASE_URL": url, "FLASK_APP": "talent"}
    start = time.perf_counter()
    subprocess.run([FLASK, *arguments], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="national")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    arguments = parser.parse_args()
    parts = make_url(arguments.database_url)
    copy_name = f"{parts.database}_copy"
    recreate(parts, parts.database)
    recreate(parts, copy_name)
    flask(arguments.database_url, "db", "upgrade")
    flask(arguments.database_url.replace(parts.database, copy_name), "db", "upgrade")
    loaded = flask(arguments.database_url, "demo-data", "--size", arguments.size)
    scratch = Path(tempfile.mkdtemp(prefix="talent-bench-demo-"))
    with psycopg.connect(host=parts.host, user=parts.username, dbname=parts.database) as source:
        counts = {table: source.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in BULK_TABLES}  # noqa: S608
        organisations = scratch / "organisations.copy"
        for table in ["organisations", *BULK_TABLES]:
            with (scratch / f"{table}.copy").open("wb") as handle, source.cursor() as cursor:
                with cursor.copy(f"COPY {table} TO STDOUT") as copy:
                    for block in copy:
                        handle.write(block)
    with psycopg.connect(host=parts.host, user=parts.username, dbname=copy_name) as target:
        with target.cursor() as cursor, cursor.copy("COPY organisations FROM STDIN") as copy:
            copy.write(organisations.read_bytes())
        target.commit()
        start = time.perf_counter()
        for table in BULK_TABLES:
            with target.cursor() as cursor, cursor.copy(f"COPY {table} FROM STDIN") as copy:
                with (scratch / f"{table}.copy").open("rb") as handle:
                    while block := handle.read(1 << 20):
                        copy.write(block)
        target.commit()
        copied = time.perf_counter() - start
    rows = ", ".join(f"{counts[table]:,} {table}" for table in BULK_TABLES)
    print(f"demo-data --size {arguments.size}: {rows}")
    print(f"{'flask demo-data (the whole demo)':46} {loaded:8.1f} s")
    print(f"{'COPY of the same rows, same indexed tables':46} {copied:8.1f} s")
    print(f"{'ratio':46} {loaded / copied:8.1f}x")


if __name__ == "__main__":
    main()
