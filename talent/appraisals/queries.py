from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from talent.appraisals.models import Appraisal, AppraisalCycle, BehaviourRating
from talent.errors import NotFound
from talent.extensions import db
from talent.people.models import Person
from talent.standards.models import BehaviourStatement, Framework, Standard


def get_appraisal(appraisal_id: int) -> Appraisal:
    """An appraisal with everything its page shows, in a fixed number of queries."""
    appraisal = db.session.scalar(
        select(Appraisal)
        .where(Appraisal.id == appraisal_id)
        .options(
            joinedload(Appraisal.appraisee).joinedload(Person.organisation),
            joinedload(Appraisal.appraiser),
            joinedload(Appraisal.cycle),
            joinedload(Appraisal.framework).selectinload(Framework.scale),
            selectinload(Appraisal.objectives),
            selectinload(Appraisal.ratings)
            .joinedload(BehaviourRating.statement)
            .joinedload(BehaviourStatement.standard)
            .joinedload(Standard.domain),
        )
    )
    if appraisal is None:
        raise NotFound("No such appraisal")
    return appraisal


def ordered_ratings(appraisal: Appraisal) -> list[BehaviourRating]:
    return sorted(
        appraisal.ratings,
        key=lambda r: (r.statement.standard.domain.position, r.statement.standard.position, r.statement.position),
    )


def appraisals_for(person_id: int) -> list[Appraisal]:
    return list(
        db.session.scalars(
            select(Appraisal)
            .where(Appraisal.appraisee_id == person_id)
            .options(joinedload(Appraisal.cycle), joinedload(Appraisal.appraiser))
            .order_by(Appraisal.created_at.desc())
        )
    )


def current_cycle(organisation_id: int, on: date) -> AppraisalCycle | None:
    """The organisation's cycle open on ``on``, or failing that the latest that has opened."""
    return db.session.scalar(
        select(AppraisalCycle)
        .where(AppraisalCycle.organisation_id == organisation_id, AppraisalCycle.opens_on <= on)
        .order_by(AppraisalCycle.opens_on.desc())
        .limit(1)
    )
