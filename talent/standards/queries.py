from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from talent.errors import NotFound
from talent.extensions import db
from talent.standards.models import BehaviourStatement, Domain, Framework, FrameworkStatus, Standard


def list_frameworks() -> list[Framework]:
    return list(db.session.scalars(select(Framework).order_by(Framework.code, Framework.version.desc())))


def get_framework(framework_id: int) -> Framework:
    """A framework version with its whole tree and scale, in a fixed number of queries."""
    framework = db.session.scalar(
        select(Framework)
        .where(Framework.id == framework_id)
        .options(
            selectinload(Framework.scale),
            selectinload(Framework.domains).selectinload(Domain.standards).selectinload(Standard.statements),
        )
    )
    if framework is None:
        raise NotFound("No such framework")
    return framework


def active_framework(code: str) -> Framework | None:
    return db.session.scalar(
        select(Framework).where(Framework.code == code, Framework.status == FrameworkStatus.ACTIVE)
    )


def get_statement(statement_id: int) -> BehaviourStatement:
    statement = db.session.scalar(
        select(BehaviourStatement)
        .where(BehaviourStatement.id == statement_id)
        .options(joinedload(BehaviourStatement.standard).joinedload(Standard.domain).joinedload(Domain.framework))
    )
    if statement is None:
        raise NotFound("No such behaviour statement")
    return statement


def standards_query(*, code: str | None = None, level: int | None = None, active_only: bool = True):
    """Standards with their domain and framework, in framework, domain and standard order."""
    query = (
        select(Standard)
        .join(Standard.domain)
        .join(Domain.framework)
        .options(selectinload(Standard.statements), joinedload(Standard.domain).joinedload(Domain.framework))
    )
    if active_only:
        query = query.where(Framework.status == FrameworkStatus.ACTIVE)
    if code:
        query = query.where(Framework.code == code)
    if level:
        query = query.where(Standard.level == level)
    return query.order_by(Framework.code, Framework.version, Domain.position, Standard.position)
