"""The staff import at national size on PostgreSQL, beside psql's ``\\copy`` of the same file.

Usage: ``.venv/bin/python bench/staff_import.py [--rows 10000 100000 1000000] [--database-url URL]``
(``make bench-import``). The database named in the URL is dropped and created again: give it a
scratch name. For each size it writes an ESR-style file (about 1% of rows at band 8c or above,
who meet no prerequisite and are refused, as a first national load would find them), empties
people and posts, then times, each as its own process so peak memory is the import's own:

- ``\\copy`` of the file into an unindexed table of text columns (the floor: no checks at all);
- ``flask people import-staff --skip-bad-rows`` loading it (wall time, peak RSS);
- the same command again on the unchanged file.

Each command's time includes starting Python and the application; the import's own time,
measured in-process on the same file, is printed beside it. Nothing is asserted.
"""

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from talent import create_app  # noqa: E402
from talent.demo import services as demo_services  # noqa: E402
from talent.extensions import db  # noqa: E402
from talent.orgs import services as org_services  # noqa: E402
from talent.orgs.models import Organisation  # noqa: E402
from talent.people import services as people_services  # noqa: E402
from talent.people.models import Band  # noqa: E402
from talent.programmes import services as programme_services  # noqa: E402
from talent.programmes.models import Programme  # noqa: E402
from talent.standards import services as standard_services  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/talent_bench_import"
BANDS = ["2", "3", "4", "5", "5", "6", "6", "7", "7"] * 10 + ["8a", "8a", "8b", "8b", "8c"]


def recreate_database(url: str) -> None:
    parts = make_url(url)
    with psycopg.connect(
        host=parts.host, port=parts.port or 5432, user=parts.username, dbname="postgres", autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.database}"')
        connection.execute(f'CREATE DATABASE "{parts.database}"')


def write_staff_file(path: Path, codes: list[str], count: int) -> None:
    """A file as ESR would give it: every 20th person manages the 19 after them."""
    rng = random.Random(count)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*people_services.STAFF_COLUMNS, "start_date"])
        for number in range(1, count + 1):
            manager = "" if number % 20 == 1 else str(number - (number - 1) % 20 + 1_000_000)
            code = codes[(number - 1) // 20 % len(codes)]
            writer.writerow(
                [
                    str(number + 1_000_000),
                    rng.choice(["Amara", "Grace", "Mohammed", "Olivia", "Priya", "Tom"]),
                    f"Bench{number}",
                    f"bench.{number}@example.nhs.uk",
                    code,
                    "Staff nurse",
                    rng.choice(BANDS),
                    manager,
                    "2026-04-01",
                ]
            )


def run_measured(command: list[str], env: dict) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, output) of one command, measured by GNU time: a child forked from
    this process would otherwise be charged with this process's own memory."""
    with tempfile.NamedTemporaryFile("r") as peak:
        start = time.perf_counter()
        child = subprocess.run(  # noqa: S603 (commands built here from constants)
            ["/usr/bin/time", "-f", "%M", "-o", peak.name, *command],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            check=False,
        )
        elapsed = time.perf_counter() - start
        kilobytes = int(peak.read().strip().splitlines()[-1])
    output = child.stdout.decode()
    if child.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{output}")
    return elapsed, kilobytes / 1024, output


def line(label: str, seconds: float, memory: float | None, ratio: float | None = None) -> None:
    memory_text = f"{memory:8.0f}" if memory is not None else " " * 8
    ratio_text = f"   {ratio:5.1f}x psql copy" if ratio is not None else ""
    print(f"{label:46} {seconds:8.2f} {memory_text}{ratio_text}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    arguments = parser.parse_args()
    url = arguments.database_url
    recreate_database(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    today = date.today()
    with app.app_context():
        upgrade()
        org_services.import_ods(
            org_services.read_ods_file(demo_services.ODS_FILE),
            grid=org_services.read_grid_references(demo_services.GRID_FILE),
        )
        standard_services.seed_frameworks(today)
        programme_services.seed_programmes()
        mid_career = db.session.scalar(select(Programme).where(Programme.code == "MID-CAREER"))
        programme_services.create_rule(
            title="Band 8c and above: mid-career programme",
            min_band=Band.AFC_8C,
            programmes=[mid_career],
            required_level=None,
            effective_from=date(2025, 1, 1),
        )
        db.session.commit()
        codes = list(db.session.scalars(select(Organisation.ods_code).where(Organisation.is_active.is_(True))))
    parts = make_url(url)
    psql = ["psql", "-q", "-h", parts.host, "-U", parts.username, "-d", parts.database]
    env = {**os.environ, "DATABASE_URL": url, "FLASK_APP": "talent"}
    flask = [str(ROOT / ".venv" / "bin" / "flask"), "people", "import-staff", "--skip-bad-rows"]
    scratch = Path(tempfile.mkdtemp(prefix="talent-bench-import-"))
    print(f"{'what':46} {'seconds':>8} {'peak MB':>8}")
    for count in arguments.rows:
        path = scratch / f"staff-{count}.csv"
        write_staff_file(path, codes, count)
        with app.app_context():
            db.session.execute(text("DROP TABLE IF EXISTS copy_floor"))
            db.session.execute(
                text(
                    "CREATE TABLE copy_floor (employee_number text, given_name text, family_name text, email text,"
                    " organisation_code text, post_title text, band text, manager_employee_number text,"
                    " start_date text)"
                )
            )
            db.session.commit()
        floor, floor_memory, _ = run_measured([*psql, "-c", f"\\copy copy_floor FROM '{path}' CSV HEADER"], env)
        line(f"psql copy, {count:,} rows", floor, floor_memory)
        with app.app_context():
            db.session.execute(text("TRUNCATE people, posts RESTART IDENTITY CASCADE"))
            db.session.commit()
        first, memory, output = run_measured([*flask, str(path)], env)
        summary = next((text for text in output.splitlines() if " added, " in text), output[-300:])
        line(f"import-staff, {count:,} rows", first, memory, first / floor)
        print(f"{'  ' + summary[:80]}")
        again, memory, _ = run_measured([*flask, str(path)], env)
        line("import-staff again, nothing changes", again, memory, again / floor)
        with app.app_context():
            db.session.execute(text("TRUNCATE people, posts RESTART IDENTITY CASCADE"))
            db.session.commit()
            start = time.perf_counter()
            header, rows = people_services.read_staff_file(path)
            people_services.import_staff(header, rows, skip_bad_rows=True)
            db.session.commit()
            own = time.perf_counter() - start
        line("  the import alone, in-process", own, None, own / floor)
        path.unlink()


if __name__ == "__main__":
    main()
