"""Demo appraisals: this year's cycle in the home trust and its neighbours, with appraisals in
every state. In the home trust, Black and minority ethnic staff are given the top behaviour
rating less often than White staff, so the fairness figures have something to find. The demo
staff account has no appraisal yet, so its manager can start one; it has been asked for
feedback on two colleagues' appraisals. Some home-trust appraisals have 360 feedback (enough
answers to show on some), and a non-executive director's signed-off appraisal waits for the
region's endorsement."""

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
    FeedbackAnswer,
    FeedbackRequest,
    FeedbackResponse,
    Objective,
)
from talent.appraisals.queries import FEEDBACK_OPEN, cycle_year
from talent.auth.models import Account
from talent.db import utcnow
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


def load(organisation_ids: list[int], home_id: int, demo_people: dict[str, int], today: date) -> bool:
    """:param demo_people: the demo accounts' people by account name ("staff", "manager", ...)."""
    skip_person_ids = set(demo_people.values())
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
        if organisation_id == home_id:
            db.session.flush()
            _add_feedback(cycle, statements, demo_people.get("staff"), rng, today)
            _add_board_appraisal(cycle, today)
    db.session.flush()
    return True


def _add_feedback(cycle, statements, demo_staff_id, rng, today) -> None:
    """Four colleagues asked on each of 15 open appraisals: three answered, one not yet."""
    open_appraisals = db.session.execute(
        select(Appraisal.id, Appraisal.appraisee_id)
        .where(Appraisal.cycle_id == cycle.id, Appraisal.status.in_(FEEDBACK_OPEN))
        .order_by(Appraisal.id)
        .limit(15)
    ).all()
    colleagues = [appraisee for _, appraisee in open_appraisals]
    # Requests name colleagues by the address they sign in with (their account's, else work email).
    emails = dict(
        db.session.execute(
            select(Person.id, func.coalesce(Account.email, func.lower(Person.work_email)))
            .outerjoin(Account, Account.person_id == Person.id)
            .where(Person.id.in_([*colleagues, demo_staff_id]))
        ).all()
    )
    requests, responses, answers = [], [], []
    for index, (appraisal_id, appraisee_id) in enumerate(open_appraisals):
        others = [c for c in colleagues if c != appraisee_id]
        if len(others) < 4:
            return
        asked = rng.sample(others, 4)
        if index < 2 and demo_staff_id:
            asked[3] = demo_staff_id
        for position, respondent_id in enumerate(asked):
            answered = position < 3
            requests.append(
                {
                    "appraisal_id": appraisal_id,
                    "respondent_id": respondent_id,
                    "respondent_email": emails[respondent_id],
                    "requested_by_id": appraisee_id,
                    "requested_at": utcnow(),
                    "due_on": today + timedelta(days=10),
                    "answered": answered,
                }
            )
            if answered:
                response = _response_id(rng)
                # Three answers each: one group, released to the summary together.
                responses.append({"id": response, "appraisal_id": appraisal_id, "comment": "", "released": True})
                for statement_id in statements:
                    answers.append(
                        {
                            "response_id": response,
                            "statement_id": statement_id,
                            "rating": rng.choice([2, 3, 3, 4]),
                            "comment": "",
                        }
                    )
    if requests:
        db.session.execute(insert(FeedbackRequest), requests)
        db.session.execute(insert(FeedbackResponse), responses)
        db.session.execute(insert(FeedbackAnswer), answers)


def _response_id(rng) -> str:
    # The demo is reproducible, so its response ids come from the seeded generator.
    return f"{rng.getrandbits(128):032x}"


def _add_board_appraisal(cycle, today) -> None:
    """A non-executive director's appraisal by the chair, signed off and submitted to the region."""
    framework = active_framework("lcf")
    board = dict(
        db.session.execute(
            select(Post.band, Post.person_id)
            .where(
                Post.organisation_id == cycle.organisation_id,
                Post.band.in_([Band.NED, Band.CHAIR]),
                Post.person_id.is_not(None),
                current_post_filter(Post, today),
            )
            .order_by(Post.id)
        ).all()
    )
    if framework is None or Band.NED not in board or Band.CHAIR not in board:
        return
    signed = utcnow() - timedelta(days=3)
    appraisal = Appraisal(
        cycle_id=cycle.id,
        appraisee_id=board[Band.NED],
        appraiser_id=board[Band.CHAIR],
        variant=AppraisalVariant.BOARD,
        framework_id=framework.id,
        status=AppraisalStatus.SUBMITTED,
        wellbeing_conversation="Invented for the demo.",
        career_conversation="Would consider a chair role in two years",
        development_needs="Board development on digital",
        objectives_rating=3,
        behaviours_rating=3,
        fppt_assessed_on=today - timedelta(days=40),
        discussed_on=today - timedelta(days=10),
        appraisee_signed_at=signed,
        appraiser_signed_at=signed,
        submitted_to_region_at=utcnow() - timedelta(days=1),
    )
    appraisal.objectives = [
        Objective(
            position=1,
            text="Sponsor the trust's race equality plan",
            measure="WRES indicators reviewed at every board",
            due_on=cycle.due_on,
            is_edi=True,
            progress="Reviewed at the July and October boards",
            outcome="met",
        )
    ]
    statements = db.session.scalars(
        select(BehaviourStatement.id)
        .join(BehaviourStatement.standard)
        .join(Standard.domain)
        .where(Domain.framework_id == framework.id)
    )
    appraisal.ratings = [
        BehaviourRating(statement_id=statement_id, self_rating=3, manager_rating=3) for statement_id in statements
    ]
    db.session.add(appraisal)


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
                "progress": "Two audits done" if status is not AppraisalStatus.DRAFT else "",
                "outcome": rng.choice(["met", "met", "partly_met", "not_yet_due"]) if status in _ASSESSED else None,
            }
        )
    db.session.execute(insert(BehaviourRating), ratings)
    db.session.execute(insert(Objective), objectives)
