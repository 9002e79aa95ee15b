"""Demo appraisals: this year's cycle in the home trust and its neighbours, with appraisals in
every state. In the home trust, Black and minority ethnic staff are given the top behaviour
rating less often than White staff, so the fairness figures have something to find. The demo
staff account has no appraisal yet, so its manager can start one."""

import random
from datetime import date, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import aliased

from talent.appraisals.models import (
    Appraisal,
    AppraisalCycle,
    AppraisalStatus,
    AppraisalVariant,
    BehaviourRating,
    Objective,
)
from talent.appraisals.queries import cycle_year
from talent.edi.models import EdiProfile
from talent.extensions import db
from talent.people.models import Band, Person, Post
from talent.people.queries import current_post_filter
from talent.standards.models import BehaviourStatement, Domain, Standard
from talent.standards.queries import active_framework

_STATES = [
    (AppraisalStatus.SIGNED_OFF, 45),
    (AppraisalStatus.DISCUSSED, 10),
    (AppraisalStatus.MANAGER_ASSESSED, 10),
    (AppraisalStatus.SELF_ASSESSED, 15),
    (AppraisalStatus.DRAFT, 20),
]
_ASSESSED = {AppraisalStatus.MANAGER_ASSESSED, AppraisalStatus.DISCUSSED, AppraisalStatus.SIGNED_OFF}


def load(organisation_ids: list[int], home_id: int, skip_person_ids: set[int], today: date) -> bool:
    if db.session.scalar(select(func.count(AppraisalCycle.id))):
        return False
    framework = active_framework("hlm")
    if framework is None:
        return False
    year = cycle_year(today)
    rng = random.Random("talent-demo-appraisals")
    statements = list(
        db.session.scalars(
            select(BehaviourStatement.id)
            .join(BehaviourStatement.standard)
            .join(Standard.domain)
            .where(Domain.framework_id == framework.id)
        )
    )
    for organisation_id in organisation_ids:
        cycle = AppraisalCycle(
            organisation_id=organisation_id, year=year, opens_on=date(year, 4, 1), due_on=date(year + 1, 3, 31)
        )
        db.session.add(cycle)
        db.session.flush()
        pairs = _appraisees(organisation_id, skip_person_ids, today)
        _add_appraisals(cycle, pairs, framework.id, statements, organisation_id == home_id, rng, today)
    db.session.flush()
    return True


def _appraisees(organisation_id: int, skip: set[int], today: date, limit: int = 400) -> list[tuple[int, int, str]]:
    """(appraisee, line manager, WRES group) for staff below the board with a manager in post."""
    manager_post = aliased(Post)
    rows = db.session.execute(
        select(Post.person_id, manager_post.person_id, EdiProfile.ethnicity)
        .join(manager_post, manager_post.id == Post.reports_to_post_id)
        .outerjoin(EdiProfile, EdiProfile.person_id == Post.person_id)
        .join(Person, Person.id == Post.person_id)
        .where(
            Post.organisation_id == organisation_id,
            manager_post.person_id.is_not(None),
            Post.band.not_in([Band.NED, Band.CHAIR]),
            current_post_filter(Post, today),
        )
        .order_by(Post.id)
        .limit(limit)
    ).all()
    return [
        (person, manager, ethnicity.wres_group if ethnicity else "not_stated")
        for person, manager, ethnicity in rows
        if person not in skip
    ]


def _add_appraisals(cycle, pairs, framework_id, statements, uneven: bool, rng, today) -> None:
    rows, scores = [], []
    for person_id, manager_id, group in pairs:
        status = rng.choices([s for s, _ in _STATES], [w for _, w in _STATES])[0]
        assessed = status in _ASSESSED
        # The pattern the fairness analysis should find: fewer top ratings for BME staff here.
        top_chance = 0.12 if uneven and group == "bme" else 0.3
        manager_scores = [4 if rng.random() < top_chance else rng.choice([2, 3, 3]) for _ in statements]
        scores.append((status, manager_scores))
        discussed = status in {AppraisalStatus.DISCUSSED, AppraisalStatus.SIGNED_OFF}
        rows.append(
            {
                "cycle_id": cycle.id,
                "appraisee_id": person_id,
                "appraiser_id": manager_id,
                "variant": AppraisalVariant.STANDARD,
                "framework_id": framework_id,
                "status": status,
                "wellbeing_conversation": "Invented for the demo.",
                "career_conversation": rng.choice(
                    ["Happy in role", "Wants to step up within two years", "Interested in a system role"]
                ),
                "development_needs": "",
                "behaviours_rating": round(sum(manager_scores) / len(manager_scores)) if assessed else None,
                "objectives_rating": rng.choice([2, 3, 3, 4]) if assessed else None,
                "discussed_on": today - timedelta(days=rng.randint(5, 60)) if discussed else None,
                "version": 1,
            }
        )
    if not rows:
        return
    ids = list(db.session.scalars(insert(Appraisal).returning(Appraisal.id, sort_by_parameter_order=True), rows))
    ratings, objectives = [], []
    for appraisal_id, (status, manager_scores) in zip(ids, scores, strict=True):
        for statement_id, score in zip(statements, manager_scores, strict=True):
            ratings.append(
                {
                    "appraisal_id": appraisal_id,
                    "statement_id": statement_id,
                    "self_rating": rng.choice([2, 3, 3, 4]) if status is not AppraisalStatus.DRAFT else None,
                    "self_evidence": "",
                    "manager_rating": score if status in _ASSESSED else None,
                    "manager_evidence": "",
                }
            )
        objectives.append(
            {
                "appraisal_id": appraisal_id,
                "position": 1,
                "text": "Improve the team's handover",
                "measure": "Audit of handovers each quarter",
                "due_on": cycle.due_on,
                "is_edi": False,
                "progress": "",
            }
        )
    db.session.execute(insert(BehaviourRating), ratings)
    db.session.execute(insert(Objective), objectives)
