"""Benchmark: region-wide assignment of 5,000 candidates to 500 challenged posts, end to end
(load the candidates from the database, check prerequisites, score every pair, solve, explain
the pairs kept and save the run), beside the solver alone on the same score matrix.

Usage: ``.venv/bin/python bench/matching.py [--candidates 5000] [--posts 500] [--database-url URL]``.
Prints one line per measurement and the peak memory; nothing is asserted.
"""

import argparse
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from scipy.optimize import linear_sum_assignment  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from talent import create_app  # noqa: E402
from talent.auth.models import Account  # noqa: E402
from talent.demo import services as demo_services  # noqa: E402
from talent.extensions import db  # noqa: E402
from talent.orgs import services as org_services  # noqa: E402
from talent.orgs.models import Organisation, OversightSegment, Region  # noqa: E402
from talent.people.models import Band, Person, Post  # noqa: E402
from talent.pipeline import challenged, matching  # noqa: E402
from talent.pipeline.models import (  # noqa: E402
    ChallengedPost,
    ExperienceTag,
    MembershipStatus,
    NominationRoute,
    PoolMembership,
    ReadinessLevel,
    TalentConversation,
    TalentPool,
    TargetRole,
)
from talent.programmes import services as programme_services  # noqa: E402
from talent.programmes.models import Enrolment, EnrolmentStatus, PrerequisiteRule, Programme  # noqa: E402

BATCH = 2000


def seed(candidates: int, posts: int, today: date) -> Region:
    """The North West with a fifth of its organisations challenged, ``candidates`` people in one
    regional pool with talent conversations (70% with the mid-career programme that band 8c and
    above require), and ``posts`` open challenged posts."""
    rng = random.Random(11)
    org_services.import_ods(org_services.read_ods_file(demo_services.ODS_FILE))
    programme_services.seed_programmes()
    mid_career = db.session.scalar(select(Programme).where(Programme.code == "MID-CAREER"))
    rule = PrerequisiteRule(title="Senior posts", min_band=Band.AFC_8C, required_level=None, effective_from=today)
    rule.programmes = [mid_career]
    db.session.add(rule)
    region = db.session.scalar(select(Region).where(Region.code == "Y62"))
    organisations = list(db.session.scalars(select(Organisation).where(Organisation.region_id == region.id)))
    troubled = organisations[::5]
    db.session.execute(
        insert(OversightSegment),
        [
            {"organisation_id": o.id, "segment": 4, "effective_from": today, "framework_version": "NOF 2025/26"}
            for o in troubled
        ],
    )
    people = [
        {
            "given_name": "Candidate",
            "family_name": f"Bench{n}",
            "work_email": f"candidate{n}@bench.nhs.uk",
            "employee_number": f"B{n:07d}",
            "organisation_id": rng.choice(organisations).id,
            "version": 1,
        }
        for n in range(candidates)
    ]
    ids = []
    for start in range(0, candidates, BATCH):
        ids += list(
            db.session.scalars(
                insert(Person).returning(Person.id, sort_by_parameter_order=True), people[start : start + BATCH]
            )
        )
    account_id = db.session.scalar(
        insert(Account).returning(Account.id),
        [{"email": "lead@bench.nhs.uk", "password_hash": "x", "person_id": ids[0]}],
    )
    levels = list(db.session.scalars(select(ReadinessLevel).order_by(ReadinessLevel.position)))
    tags = [tag.value for tag in ExperienceTag]
    for start in range(0, candidates, BATCH):
        chunk = list(zip(ids[start : start + BATCH], people[start : start + BATCH], strict=True))
        db.session.execute(
            insert(Post),
            [
                {
                    "title": "Deputy director",
                    "organisation_id": p["organisation_id"],
                    "band": rng.choice([Band.AFC_8B, Band.AFC_8C, Band.AFC_8D]),
                    "person_id": pid,
                    "start_date": today - timedelta(days=900),
                    "version": 1,
                }
                for pid, p in chunk
            ],
        )
        db.session.execute(
            insert(TalentConversation),
            [
                {
                    "person_id": pid,
                    "facilitator_id": ids[0] if pid != ids[0] else ids[1],
                    "held_on": today - timedelta(days=rng.randint(10, 300)),
                    "impact": "high",
                    "growth": "high",
                    "direction": "stretch",
                    "readiness_id": rng.choice(levels).id,
                    "target_band": rng.choice([Band.AFC_8C, Band.AFC_8D, Band.AFC_9, Band.VSM]),
                    "target_role": rng.choice(list(TargetRole)),
                    "aspirations": "",
                    "willing_challenged": rng.random() < 0.4,
                    "max_travel_km": rng.choice([None, None, 50, 100]),
                    "travel_from": "workplace",
                    "development_plan": "",
                    "experience": ",".join(rng.sample(tags, rng.randint(0, 2))),
                    "response": "agreed",
                    "response_comment": "",
                    "version": 1,
                }
                for pid, _ in chunk
            ],
        )
        db.session.execute(
            insert(Enrolment),
            [
                {
                    "programme_id": mid_career.id,
                    "person_id": pid,
                    "status": EnrolmentStatus.COMPLETED,
                    "completed_on": today,
                }
                for pid, _ in chunk
                if rng.random() < 0.7
            ],
        )
    pool_id = db.session.scalar(
        insert(TalentPool).returning(TalentPool.id),
        [
            {
                "name": "Bench pool",
                "region_id": region.id,
                "level": Band.AFC_9,
                "min_band": Band.AFC_8A,
                "max_band": Band.VSM,
                "review_on": today + timedelta(days=90),
                "version": 1,
            }
        ],
    )
    for start in range(0, candidates, BATCH):
        db.session.execute(
            insert(PoolMembership),
            [
                {
                    "pool_id": pool_id,
                    "person_id": pid,
                    "route": NominationRoute.TALENT_LEAD,
                    "status": MembershipStatus.MEMBER,
                }
                for pid in ids[start : start + BATCH]
            ],
        )
    db.session.execute(
        insert(ChallengedPost),
        [
            {
                "organisation_id": rng.choice(troubled).id,
                "region_id": region.id,
                "title": f"Bench post {n}",
                "band": rng.choice([Band.AFC_8C, Band.AFC_8D, Band.AFC_9, Band.VSM]),
                "role_type": rng.choice(list(TargetRole)),
                "experience": ",".join(rng.sample(tags, rng.randint(0, 2))),
                "interim": False,
                "starts_on": today + timedelta(days=90),
                "closing_on": today + timedelta(days=30),
                "challenged_because": "Oversight segment 4",
                "created_by_id": account_id,
                "status": "open",
                "version": 1,
            }
            for n in range(posts)
        ],
    )
    db.session.commit()
    return region, account_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=5000)
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--database-url", help="default: a scratch SQLite file")
    arguments = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="talent-bench-matching-")
    url = arguments.database_url or f"sqlite:///{scratch}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    today = date.today()
    with app.app_context():
        upgrade()
        start = time.perf_counter()
        region, account_id = seed(arguments.candidates, arguments.posts, today)
        print(f"{'seed: candidates, posts':55} {time.perf_counter() - start:8.2f} s")
        actor = db.session.get(Account, account_id)
        baseline_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            proposal = challenged.propose_assignment(region, actor=actor)
            db.session.flush()
            runs.append(time.perf_counter() - start)
            db.session.rollback()
        end_to_end = min(runs)
        # Memory measured on a run of its own: tracing slows everything down.
        tracemalloc.start()
        challenged.propose_assignment(region, actor=actor)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        db.session.rollback()
        filled = arguments.posts - len(proposal.unfilled)
        label = f"region-wide assignment end to end, {arguments.candidates:,} x {arguments.posts} (best of 3)"
        print(f"{label:55} {end_to_end:8.3f} s  ({filled} posts filled)")
        print(f"{'  peak Python memory during the run':55} {peak / 2**20:8.1f} MB")
        print(
            f"{'  process peak RSS (before the run / after)':55} "
            f"{baseline_rss / 1024:8.1f} / {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB"
        )
        # The same score matrix, solved alone.
        people = challenged.candidate_inputs(region.id, include_other_regions=False, include_national=False)
        posts = [challenged._post_facts(p) for p in db.session.scalars(select(ChallengedPost))]
        eligible = challenged._prerequisites(list(people), posts).matrix([post["id"] for post in posts])
        scores, allowed = matching.score_matrix(
            list(people.values()), posts, challenged.region_weights(region.id), eligible
        )
        gain = np.where(allowed, scores, 0.0)
        timings = []
        for _ in range(5):
            start = time.perf_counter()
            linear_sum_assignment(gain, maximize=True)
            timings.append(time.perf_counter() - start)
        solver = min(timings)
        print(f"{'  the solver alone on the same matrix (best of 5)':55} {solver:8.3f} s")
        print(f"{'  end to end / solver alone':55} {end_to_end / solver:8.1f} x")


if __name__ == "__main__":
    main()
