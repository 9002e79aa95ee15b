"""Give the national demo a year of appraisals at national size: a cycle for every staffed
organisation and a signed-off, rated appraisal for everyone in it who has none this cycle year.

The demo itself appraises a few hundred people in the home region, which leaves the appraisal
completion and fairness pages nothing national to read; after this, their figures for England
and a region are measured against about 1.3 million appraisals.

Usage: ``.venv/bin/python bench/national_appraisals.py [--database-url URL]`` (default: the
database ``bench/demo_load.py`` leaves), then ``bench/national_pages.py``. Prints how many
appraisals it added and how long the appraisal summaries took to count. Nothing is asserted.
"""

import argparse
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from talent import create_app  # noqa: E402
from talent.appraisals import queries as appraisal_queries  # noqa: E402
from talent.appraisals import services as appraisal_services  # noqa: E402
from talent.extensions import db  # noqa: E402
from talent.standards import queries as standard_queries  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/talent_bench_demo"

CYCLES = (
    "INSERT INTO appraisal_cycles (organisation_id, year, opens_on, due_on, created_at)"
    " SELECT o.id, :year, :opens, :due, now() FROM organisations o"
    " WHERE EXISTS (SELECT 1 FROM people p WHERE p.organisation_id = o.id)"
    " AND NOT EXISTS (SELECT 1 FROM appraisal_cycles c WHERE c.organisation_id = o.id AND c.year = :year)"
)
# Ratings spread over the four points of the scale by a hash of the person, so every group has
# every rating; the appraiser is left as the person (nothing measured here reads it).
APPRAISALS = (
    "INSERT INTO appraisals (cycle_id, appraisee_id, appraiser_id, variant, framework_id, status,"
    " wellbeing_conversation, career_conversation, development_needs, objectives_rating, behaviours_rating,"
    " created_at, updated_at, version)"
    " SELECT c.id, p.id, p.id, 'standard', :framework, 'signed_off', '', '', '',"
    " 1 + abs(hashtext(p.id::text)) % 4, 1 + abs(hashtext(p.id::text || 'b')) % 4, now(), now(), 1"
    " FROM people p JOIN appraisal_cycles c ON c.organisation_id = p.organisation_id AND c.year = :year"
    " WHERE NOT EXISTS (SELECT 1 FROM appraisals a WHERE a.cycle_id = c.id AND a.appraisee_id = p.id)"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    arguments = parser.parse_args()
    app = create_app({"SQLALCHEMY_DATABASE_URI": arguments.database_url})
    today = date.today()
    year = appraisal_queries.cycle_year(today)
    with app.app_context():
        framework = standard_queries.active_framework("hlm")
        bounds = {"year": year, "opens": date(year, 4, 1), "due": date(year + 1, 3, 31)}
        db.session.execute(text(CYCLES), bounds)
        start = time.perf_counter()
        added = db.session.execute(text(APPRAISALS), {**bounds, "framework": framework.id}).rowcount
        db.session.commit()
        print(f"appraisals added for {year}/{(year + 1) % 100:02d}: {added:,} in {time.perf_counter() - start:.1f} s")
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        for label, recount in (
            ("completion summary", appraisal_services.recount_completion),
            ("fairness summary", appraisal_services.recount_fairness),
        ):
            start = time.perf_counter()
            recount(today)
            db.session.commit()
            print(f"{label} counted in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
