"""Page and API times on a database holding demo data (the national size for issue 12's
figures), in-process through Flask's test client, for the national admin, the North West
talent lead and the home trust's HR admin.

Usage: ``.venv/bin/python bench/national_pages.py [--database-url URL] [--repeats 20]``
(default: the database ``bench/demo_load.py`` leaves, ``talent_bench_demo``; run
``bench/national_appraisals.py`` on it first for a national year of appraisals). Prints the median
and 95th percentile of each page, the workforce profile's own summary query beside its page,
and listPeople's first page beside a page near the end. Nothing is asserted.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from config import DEFAULT_DEMO_PASSWORD  # noqa: E402
from talent import create_app  # noqa: E402
from talent.auth.models import Account  # noqa: E402
from talent.auth.policy import build_principal, list_scope  # noqa: E402
from talent.extensions import db  # noqa: E402
from talent.insights import queries as insight_queries  # noqa: E402
from talent.people.models import Person  # noqa: E402
from talent.people.queries import encode_person_cursor  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/talent_bench_demo"
PAGES = {
    "admin": [
        "/",
        "/people",
        "/insights/workforce",
        "/insights/workforce?characteristic=age_band",
        "/appraisals/completion",
        "/appraisals/fairness",
        "/talent/dashboard",
        "/challenged-posts",
    ],
    "talent.lead": [
        "/",
        "/people",
        "/insights/workforce",
        "/appraisals/completion",
        "/appraisals/fairness",
        "/talent/dashboard",
        "/challenged-posts",
    ],
    "hr": ["/", "/people", "/insights/workforce", "/appraisals/completion", "/appraisals/fairness"],
}


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000


def timed(function, repeats: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return percentiles(samples)


def line(label: str, p50: float, p95: float, note: str = "") -> None:
    print(f"{label:62} {p50:8.1f} ms {p95:8.1f} ms  {note}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--repeats", type=int, default=20)
    arguments = parser.parse_args()
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": arguments.database_url, "DEBUG": False, "TEMPLATES_AUTO_RELOAD": False}
    )
    app.config["WTF_CSRF_ENABLED"] = False
    print(f"{'what':62} {'p50':>11} {'p95':>11}")
    with app.app_context():
        print(f"people: {db.session.scalar(select(func.count(Person.id))):,}")
    for account, paths in PAGES.items():
        client = app.test_client()
        response = client.post("/sign-in", data={"email": f"{account}@demo.nhs.uk", "password": DEFAULT_DEMO_PASSWORD})
        assert response.status_code == 302, response.status_code
        for path in paths:

            def get(path=path, client=client):
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)

            get()
            line(f"{account} GET {path}", *timed(get, arguments.repeats))
        with app.test_request_context():
            principal = build_principal(
                db.session.scalar(select(Account).where(Account.email == f"{account}@demo.nhs.uk"))
            )
            scope = list_scope(principal, "insights.workforce")
            counts, _ = insight_queries.workforce_summary(scope, "wres_group")
            line(
                f"{account}   the workforce summary query alone",
                *timed(lambda counts=counts: db.session.execute(counts).all(), arguments.repeats),
            )
    client = app.test_client()
    token = client.post("/api/v1/tokens", json={"email": "admin@demo.nhs.uk", "password": DEFAULT_DEMO_PASSWORD}).json[
        "token"
    ]
    headers = {"Authorization": f"Bearer {token}"}
    with app.app_context():
        near_end = db.session.scalar(
            select(Person).order_by(Person.family_name.desc(), Person.given_name.desc(), Person.id.desc()).offset(30)
        )
        cursor = encode_person_cursor(near_end)
    for label, path in (("first page", "/api/v1/people"), ("a page near the end", f"/api/v1/people?after={cursor}")):
        line(f"API listPeople, {label}", *timed(lambda path=path: client.get(path, headers=headers), arguments.repeats))
    line("GET /healthz", *timed(lambda: client.get("/healthz"), arguments.repeats))


if __name__ == "__main__":
    main()
