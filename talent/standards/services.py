"""Seeding frameworks, starting a new version, editing a draft and putting it into use."""

from datetime import date

from sqlalchemy import func, select

from talent.errors import RuleViolation
from talent.extensions import db
from talent.standards import seed
from talent.standards.models import BehaviourStatement, Domain, Framework, FrameworkStatus, ScalePoint, Standard


def seed_frameworks(today: date | None = None) -> int:
    """Add version 1 of each built-in framework that does not exist yet; returns how many."""
    existing = set(db.session.scalars(select(Framework.code).distinct()))
    added = 0
    for code, details in seed.FRAMEWORKS.items():
        if code in existing:
            continue
        framework = Framework(
            code=code,
            version=1,
            title=details["title"],
            publisher=details["publisher"],
            description=details["description"],
            status=FrameworkStatus.ACTIVE,
            published_on=today or date.today(),
        )
        framework.scale = [
            ScalePoint(position=i, label=label, is_rating=is_rating)
            for i, (label, is_rating) in enumerate(details["scale"], 1)
        ]
        for d, (domain_code, title, standards) in enumerate(seed.tree(code), 1):
            domain = Domain(code=domain_code, title=title, position=d)
            for s, (standard_code, name, level, statements) in enumerate(standards, 1):
                standard = Standard(code=standard_code, title=name, level=level, position=s)
                standard.statements = [
                    BehaviourStatement(text=text, position=i) for i, text in enumerate(statements, 1)
                ]
                domain.standards.append(standard)
            framework.domains.append(domain)
        db.session.add(framework)
        added += 1
    db.session.flush()
    return added


def start_new_version(framework: Framework) -> Framework:
    """Copy ``framework`` into a new draft version; records pointing at the old rows stay put.

    :raises RuleViolation: if a draft of this framework already exists.
    """
    draft = db.session.scalar(
        select(Framework).where(Framework.code == framework.code, Framework.status == FrameworkStatus.DRAFT)
    )
    if draft is not None:
        raise RuleViolation(f"Version {draft.version} is already a draft: change or publish that one")
    latest = db.session.scalar(select(func.max(Framework.version)).where(Framework.code == framework.code))
    copy = Framework(
        code=framework.code,
        version=latest + 1,
        title=framework.title,
        publisher=framework.publisher,
        description=framework.description,
        status=FrameworkStatus.DRAFT,
    )
    copy.scale = [ScalePoint(position=p.position, label=p.label, is_rating=p.is_rating) for p in framework.scale]
    for domain in framework.domains:
        new_domain = Domain(
            code=domain.code, title=domain.title, description=domain.description, position=domain.position
        )
        for standard in domain.standards:
            new_standard = Standard(
                code=standard.code, title=standard.title, level=standard.level, position=standard.position
            )
            new_standard.statements = [
                BehaviourStatement(text=statement.text, position=statement.position)
                for statement in standard.statements
            ]
            new_domain.standards.append(new_standard)
        copy.domains.append(new_domain)
    db.session.add(copy)
    db.session.flush()
    return copy


def _check_draft(framework: Framework) -> None:
    if framework.status is not FrameworkStatus.DRAFT:
        raise RuleViolation("Only a draft version can be changed: start a new version first")


def change_statement(statement: BehaviourStatement, text: str) -> None:
    _check_draft(statement.standard.domain.framework)
    text = text.strip()
    if not text:
        raise RuleViolation("Enter the behaviour statement", field="text")
    statement.text = text
    db.session.flush()


def add_statement(standard: Standard, text: str) -> BehaviourStatement:
    _check_draft(standard.domain.framework)
    text = text.strip()
    if not text:
        raise RuleViolation("Enter the behaviour statement", field="text")
    statement = BehaviourStatement(text=text, position=len(standard.statements) + 1)
    standard.statements.append(statement)
    db.session.flush()
    return statement


def publish(framework: Framework, today: date | None = None) -> None:
    """Put a draft into use; the version in use until now is kept, marked as replaced."""
    _check_draft(framework)
    current = db.session.scalar(
        select(Framework).where(Framework.code == framework.code, Framework.status == FrameworkStatus.ACTIVE)
    )
    if current is not None:
        current.status = FrameworkStatus.RETIRED
    framework.status = FrameworkStatus.ACTIVE
    framework.published_on = today or date.today()
    db.session.flush()
