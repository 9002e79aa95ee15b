"""EXPLAIN ANALYZE of each dashboard's summary query on a national demo database, written as
Markdown (``docs/dashboard-plans.md`` is this script's output).

Usage: ``.venv/bin/python bench/explain_dashboards.py [--database-url URL] > docs/dashboard-plans.md``
"""

import argparse
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402

from talent import create_app  # noqa: E402
from talent.appraisals import queries as appraisal_queries  # noqa: E402
from talent.appraisals.models import FairnessCount  # noqa: E402
from talent.auth.policy import ListScope  # noqa: E402
from talent.extensions import db  # noqa: E402
from talent.insights import queries as insight_queries  # noqa: E402
from talent.orgs.models import Organisation, Region  # noqa: E402
from talent.people.models import Person  # noqa: E402
from talent.pipeline import reports as pipeline_reports  # noqa: E402
from talent.pipeline.models import PipelineCount  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/talent_bench_demo"


def explain(statement) -> str:
    compiled = statement.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})
    rows = db.session.execute(text(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {compiled}")).scalars()
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    arguments = parser.parse_args()
    app = create_app({"SQLALCHEMY_DATABASE_URI": arguments.database_url})
    with app.app_context():
        people = db.session.scalar(select(func.count(Person.id)))
        region = db.session.scalar(select(Region).where(Region.code == "Y62"))
        trust = db.session.scalar(select(Organisation).where(Organisation.ods_code == "R0A"))
        scopes = {
            "England (admin)": ListScope(everything=True),
            f"{region.name} (talent lead)": ListScope(region_ids=frozenset({region.id})),
            f"{trust.name} (HR)": ListScope(organisation_ids=frozenset({trust.id})),
        }
        year = appraisal_queries.cycle_year(date.today())
        print("# Dashboard query plans\n")
        print(
            f"`bench/explain_dashboards.py` on the national demo ({people:,} people), PostgreSQL, after "
            "`ANALYZE`. Each page reads a summary table, so each plan reads a few thousand rows at most "
            "whatever the size of the workforce.\n"
        )
        for label, scope in scopes.items():
            counts, _ = insight_queries.workforce_summary(scope, "wres_group")
            print(f"## Workforce profile, {label}\n\n```\n{explain(counts)}\n```\n")
        for label, scope in list(scopes.items())[:2]:
            counts, _ = appraisal_queries.completion_summary(scope, year)
            print(f"## Appraisal completion, {label}\n\n```\n{explain(counts)}\n```\n")
        for label, scope in list(scopes.items())[:2]:
            counts, _ = appraisal_queries.fairness_summary(
                scope, year, "behaviours", "wres_group", [FairnessCount.rating, FairnessCount.answer]
            )
            print(f"## Appraisal fairness, {label}\n\n```\n{explain(counts)}\n```\n")
        for label, scope in list(scopes.items())[:2]:
            counts = pipeline_reports.pipeline_summary(
                scope, pipeline_reports.READINESS, [Organisation.name, PipelineCount.row_key]
            )
            print(f"## Talent pipeline, readiness by organisation, {label}\n\n```\n{explain(counts)}\n```\n")


if __name__ == "__main__":
    main()
