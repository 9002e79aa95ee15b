"""Benchmarks: import throughput and page times on a scratch database.

Usage: ``make bench`` or ``.venv/bin/python bench/run.py [--staff 20000] [--database-url URL]``.
Prints one line per measurement; nothing here is asserted, so timings never make tests flaky.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from talent import create_app  # noqa: E402
from talent.appraisals.models import FeedbackRequest  # noqa: E402
from talent.demo import services as demo_services  # noqa: E402
from talent.extensions import db  # noqa: E402
from talent.insights.disclosure import DisclosurePolicy, protect  # noqa: E402
from talent.orgs import services as org_services  # noqa: E402
from talent.orgs.models import Organisation  # noqa: E402
from talent.people import services as people_services  # noqa: E402
from talent.people.models import Band, Post  # noqa: E402
from talent.pipeline.models import CalibrationReview, PoolMembership  # noqa: E402
from talent.programmes import services as programme_services  # noqa: E402
from talent.programmes.models import Cohort, Programme  # noqa: E402


def timed(label: str, function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    elapsed = time.perf_counter() - start
    print(f"{label:55} {elapsed:8.2f} s")
    return result, elapsed


def staff_rows(codes: list[str], count: int) -> tuple[list[str], list[list[str]]]:
    rng = random.Random(7)
    header = list(people_services.STAFF_COLUMNS)
    rows = []
    for number in range(1, count + 1):
        # Every 20th person manages the 19 after them, as a ward manager would.
        manager = "" if number % 20 == 1 else str(number - (number - 1) % 20 + 100000)
        rows.append(
            [
                str(number + 100000),
                "Bench",
                f"Person{number}",
                f"bench.{number}@example.nhs.uk",
                rng.choice(codes),
                "Staff nurse",
                rng.choice(["3", "4", "5", "6", "7"]),
                manager,
            ]
        )
    return header, rows


def page_times(app, email: str, password: str, paths: list[str], repeats: int = 20, follow: bool = False) -> None:
    client = app.test_client()
    client.post("/sign-in", data={"email": email, "password": password})
    for path in paths:
        samples = []
        for _ in range(repeats):
            start = time.perf_counter()
            response = client.get(path, follow_redirects=follow)
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200, (path, response.status_code)
        print(f"GET {path:51} {statistics.median(samples) * 1000:8.1f} ms median of {repeats}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--staff", type=int, default=20000, help="rows in the generated staff file")
    parser.add_argument("--database-url", help="default: a scratch SQLite file")
    arguments = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="talent-bench-")
    url = arguments.database_url or f"sqlite:///{scratch}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        rows = org_services.read_ods_file(demo_services.ODS_FILE)
        grid = org_services.read_grid_references(demo_services.GRID_FILE)
        report, _ = timed(f"ODS import, {len(rows)} rows", org_services.import_ods, rows, grid=grid)
        db.session.commit()
        timed("ODS import again (nothing changes)", org_services.import_ods, rows, grid=grid)
        db.session.commit()

        codes = list(db.session.scalars(select(Organisation.ods_code).where(Organisation.is_active.is_(True))))
        header, staff = staff_rows(codes, arguments.staff)
        report, elapsed = timed(f"staff import, {len(staff):,} rows", people_services.import_staff, header, staff)
        db.session.commit()
        print(f"{'  rows per second':55} {len(staff) / elapsed:8.0f}")
        timed("staff import again (nothing changes)", people_services.import_staff, header, staff)
        db.session.commit()

        _, elapsed = timed("demo data, region size", demo_services.load_demo_data, "region")
        db.session.commit()
        eligibility_times()
        cohort_id = db.session.scalar(select(Cohort.id).where(Cohort.title.like("National mid-career%current%")))
        programme_id = db.session.scalar(select(Programme.id).where(Programme.code == "MID-CAREER"))
        with_feedback = db.session.scalar(select(FeedbackRequest.appraisal_id).order_by(FeedbackRequest.id).limit(1))
        review = db.session.scalar(select(CalibrationReview).order_by(CalibrationReview.id).limit(1))
        pool_size = db.session.scalar(
            select(func.count(PoolMembership.id)).where(PoolMembership.pool_id == review.pool_id)
        )
        print(f"{'  region demo: pool under review, memberships':55} {pool_size:8,}")
    page_times(
        app,
        "hr@demo.nhs.uk",
        app.config["DEMO_PASSWORD"],
        ["/", "/people", "/people?q=smith", "/organisations", "/organisations?challenged=yes", "/insights/workforce"],
    )
    page_times(app, "admin@demo.nhs.uk", app.config["DEMO_PASSWORD"], ["/insights/workforce?characteristic=age_band"])
    page_times(
        app,
        "programmes@demo.nhs.uk",
        app.config["DEMO_PASSWORD"],
        ["/programmes", f"/programmes/{programme_id}", f"/cohorts/{cohort_id}"],
    )
    page_times(app, "talent.lead@demo.nhs.uk", app.config["DEMO_PASSWORD"], ["/learning"], follow=True)
    page_times(app, "manager@demo.nhs.uk", app.config["DEMO_PASSWORD"], ["/team/learning"])
    page_times(
        app,
        "hr@demo.nhs.uk",
        app.config["DEMO_PASSWORD"],
        [
            "/appraisals/completion",
            "/appraisals/completion?by=directorate",
            "/appraisals/fairness",
            f"/appraisals/{with_feedback}",
        ],
    )
    page_times(app, "talent.lead@demo.nhs.uk", app.config["DEMO_PASSWORD"], ["/appraisals/completion"])
    # The regional talent pipeline on the region demo: the dashboard (every table grouped in
    # SQL), its CSV, the pools, the pool under review (a page of members) and the review itself.
    page_times(
        app,
        "talent.lead@demo.nhs.uk",
        app.config["DEMO_PASSWORD"],
        [
            "/talent/dashboard",
            "/talent/dashboard.csv",
            "/talent/pools",
            f"/talent/pools/{review.pool_id}",
            f"/talent/calibration/{review.id}",
        ],
    )
    # The staff home page carries the to-do list (an appraisal step and two feedback requests).
    page_times(app, "staff@demo.nhs.uk", app.config["DEMO_PASSWORD"], ["/", "/feedback"])
    api_list_times(app, url)
    disclosure_times()


def api_list_times(app, url: str) -> None:
    """listPeople's first page beside its last (read by cursor), as the admin who sees everyone."""
    from talent.people.models import Person
    from talent.people.queries import encode_person_cursor

    client = app.test_client()
    token = client.post(
        "/api/v1/tokens", json={"email": "admin@demo.nhs.uk", "password": app.config["DEMO_PASSWORD"]}
    ).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    with app.app_context():
        total = db.session.scalar(select(db.func.count()).select_from(Person))
        near_end = db.session.scalar(
            select(Person).order_by(Person.family_name.desc(), Person.given_name.desc(), Person.id.desc()).offset(30)
        )
        cursor = encode_person_cursor(near_end)
    for label, path in (("first page", "/api/v1/people"), ("last page", f"/api/v1/people?after={cursor}")):
        samples = []
        for _ in range(20):
            start = time.perf_counter()
            response = client.get(path, headers=headers)
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200, response.json
        name = f"API listPeople {label} of {total:,} people"
        print(f"{name:55} {statistics.median(samples) * 1000:8.1f} ms median of 20")


def eligibility_times() -> None:
    """The prerequisite check as the staff import runs it: every post-holder moving to band 8c."""
    today = date.today()
    holders = db.session.scalars(select(Post.person_id).where(Post.person_id.is_not(None)).limit(20000)).all()
    results, _ = timed(
        f"eligibility for {len(holders):,} people moving to band 8c",
        programme_services.check_eligibility_for_many,
        [(person_id, Band.AFC_8C, today) for person_id in holders],
    )
    print(f"{'  of whom eligible':55} {sum(r.eligible for r in results):8,}")


def disclosure_times() -> None:
    """Secondary suppression on tables as wide as a breakdown by band and full census ethnic group."""
    rng = random.Random(11)
    for rows, columns in ((5, 6), (14, 20)):
        counts = {(r, c): rng.choice([0, 3, 8, 15, 40, 120]) for r in range(rows) for c in range(columns)}
        timed(
            f"disclosure control, {rows} x {columns} table",
            protect,
            counts,
            list(range(rows)),
            list(range(columns)),
            DisclosurePolicy(),
        )


if __name__ == "__main__":
    main()
