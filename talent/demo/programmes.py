"""Demo programmes: cohorts past, current and coming, completions for people in the home trust
and its neighbours, and prerequisite rules, so that some demo people are eligible for senior
posts and some are not yet."""

import random
from datetime import date, timedelta

from sqlalchemy import func, insert, select

from talent.db import utcnow
from talent.extensions import db
from talent.people.models import Band, Person, Post
from talent.people.queries import current_post_filter
from talent.programmes import services as programme_services
from talent.programmes.models import Cohort, Enrolment, EnrolmentStatus, PrerequisiteRule, Programme

RULES_FROM = date(2026, 4, 1)

#: Which programme people at each band have typically completed, and how often.
_COMPLETED_BY_BAND = {
    Band.AFC_7: [("INDUCTION", 0.9), ("CMI-L3", 0.5)],
    Band.AFC_8A: [("INDUCTION", 0.9), ("CMI-L3", 0.7), ("MID-CAREER", 0.3)],
    Band.AFC_8B: [("INDUCTION", 0.9), ("CMI-L3", 0.8), ("MID-CAREER", 0.5), ("CMI-L7", 0.3)],
    Band.AFC_8C: [("INDUCTION", 0.9), ("MID-CAREER", 0.7), ("CMI-L7", 0.6)],
    Band.AFC_8D: [("INDUCTION", 0.9), ("MID-CAREER", 0.8), ("CMI-L7", 0.7)],
    Band.AFC_9: [("INDUCTION", 0.9), ("MID-CAREER", 0.8), ("CMI-L7", 0.8)],
    Band.VSM: [("MID-CAREER", 0.8), ("CMI-L7", 0.8), ("NYE-BEVAN", 0.5)],
    Band.CHAIR: [("NYE-BEVAN", 0.4)],
    Band.NED: [("NYE-BEVAN", 0.3)],
}


def load(organisation_ids: list[int], demo_people: dict[str, int], today: date) -> bool:
    """Add the demo programme data once; returns False if it was already there."""
    programme_services.seed_programmes()
    if db.session.scalar(select(func.count(Cohort.id))):
        return False
    programmes = {p.code: p for p in db.session.scalars(select(Programme))}
    _add_rules(programmes)
    rng = random.Random("talent-demo-programmes")
    past = {code: _cohort(p, "2025", today - timedelta(days=400), 180, 5000) for code, p in programmes.items()}
    current = {code: _cohort(p, "current", today - timedelta(days=60), 240, 12) for code, p in programmes.items()}
    for programme in programmes.values():
        _cohort(programme, "next", today + timedelta(days=90), 200, 40)
    _add_completions(organisation_ids, demo_people, past, rng)
    _fill_current(organisation_ids, demo_people, current, today, rng)
    db.session.flush()
    return True


def _add_rules(programmes: dict[str, Programme]) -> None:
    senior = PrerequisiteRule(
        title="Band 8c and above: mid-career programme and the senior manager standards",
        min_band=Band.AFC_8C,
        required_level=4,
        effective_from=RULES_FROM,
    )
    senior.programmes = [programmes["MID-CAREER"]]
    board = PrerequisiteRule(
        title="Chairs and non-executive directors: Nye Bevan Programme",
        min_band=Band.NED,
        required_level=None,
        effective_from=RULES_FROM,
    )
    board.programmes = [programmes["NYE-BEVAN"]]
    db.session.add_all([senior, board])


def _cohort(programme: Programme, label: str, starts_on: date, days: int, capacity: int) -> Cohort:
    cohort = Cohort(
        programme=programme,
        title=f"{programme.title}: {label} cohort",
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days),
        capacity=capacity,
    )
    db.session.add(cohort)
    db.session.flush()
    return cohort


def _holders(organisation_ids: list[int], bands: list[Band], limit: int) -> list[tuple[int, Band]]:
    today = date.today()
    return list(
        db.session.execute(
            select(Post.person_id, Post.band)
            .join(Person, Person.id == Post.person_id)
            .where(
                Post.organisation_id.in_(organisation_ids),
                Post.band.in_(bands),
                current_post_filter(Post, today),
                Person.employee_number.not_like("DEMO-%"),
            )
            .order_by(Post.id)
            .limit(limit)
        ).all()
    )


def _add_completions(organisation_ids, demo_people: dict[str, int], past: dict[str, Cohort], rng) -> None:
    """Completions on the 2025 cohorts, which are finished; a few did not complete."""
    rows = []
    done_on = {code: cohort.ends_on for code, cohort in past.items()}
    now = utcnow()
    for person_id, band in _holders(organisation_ids, list(_COMPLETED_BY_BAND), 3000):
        for code, share in _COMPLETED_BY_BAND[band]:
            if rng.random() < share:
                status = EnrolmentStatus.COMPLETED if rng.random() < 0.92 else EnrolmentStatus.NOT_COMPLETED
                rows.append(_row(person_id, past[code], status, done_on[code], now))
    # The demo accounts tell a story: the talent lead is ready for a more senior post, the board
    # secretary (band 8c) is not yet meeting the standard for theirs.
    story = {
        "staff": ["INDUCTION"],
        "manager": ["INDUCTION", "CMI-L3"],
        "talent.lead": ["INDUCTION", "MID-CAREER", "CMI-L7"],
        "hr": ["INDUCTION", "CMI-L3", "MID-CAREER"],
        "programmes": ["INDUCTION", "CMI-L3"],
    }
    for local_part, codes in story.items():
        person_id = demo_people.get(local_part)
        if person_id:
            rows += [_row(person_id, past[code], EnrolmentStatus.COMPLETED, done_on[code], now) for code in codes]
    if rows:
        db.session.execute(insert(Enrolment), rows)


def _row(person_id: int, cohort: Cohort, status: EnrolmentStatus, completed_on: date, now) -> dict:
    completed = status is EnrolmentStatus.COMPLETED
    return {
        "person_id": person_id,
        "programme_id": cohort.programme_id,
        "cohort_id": cohort.id,
        "status": status,
        "completed_on": completed_on if completed else None,
        "evidence": f"Certificate {cohort.programme.code}-{person_id}" if completed else None,
        "assessment_result": "Pass" if completed else "Did not submit the final assignment",
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }


def _fill_current(organisation_ids, demo_people: dict[str, int], current: dict[str, Cohort], today, rng) -> None:
    """The current mid-career cohort is full with a waiting list; the demo staff account is
    on the current first-line management course, the manager is waiting for mid-career."""
    if demo_people.get("staff"):
        programme_services.enrol(db.session.get(Person, demo_people["staff"]), current["CMI-L3"], today=today)
    candidates = [pid for pid, _ in _holders(organisation_ids, [Band.AFC_7, Band.AFC_8A, Band.AFC_8B], 200)]
    completed = set(
        db.session.scalars(
            select(Enrolment.person_id).where(
                Enrolment.programme_id == current["MID-CAREER"].programme_id,
                Enrolment.status == EnrolmentStatus.COMPLETED,
            )
        )
    )
    candidates = [pid for pid in candidates if pid not in completed]
    rng.shuffle(candidates)
    cohort = current["MID-CAREER"]
    for person_id in candidates[: cohort.capacity + 3]:
        programme_services.enrol(db.session.get(Person, person_id), cohort, today=today)
    if demo_people.get("manager"):
        programme_services.enrol(db.session.get(Person, demo_people["manager"]), cohort, today=today)
