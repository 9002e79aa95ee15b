"""Keyword-only ``create_*`` functions with NHS defaults; each returns a flushed model."""

import itertools
from datetime import date, timedelta
from functools import cache

from sqlalchemy import select

from talent.auth.models import Account, Role, RoleAssignment
from talent.auth.passwords import hash_password
from talent.db import utcnow
from talent.edi.models import EdiProfile
from talent.extensions import db
from talent.ned import services as ned_services
from talent.ned.models import AppointingBody, BoardAppointment, BoardRole
from talent.orgs.models import Organisation, OrganisationType, OversightSegment, Region
from talent.people.models import Band, Person, Post, ProfessionalGroup

PASSWORD = "correct-horse-battery-staple-42"
_sequence = itertools.count(1)


@cache
def _password_hash() -> str:
    # scrypt is slow on purpose; hash the shared test password once per run.
    return hash_password(PASSWORD)


def get_region(code: str = "Y62") -> Region:
    return db.session.scalar(select(Region).where(Region.code == code))


def create_organisation(
    *,
    name: str | None = None,
    ods_code: str | None = None,
    region_code: str = "Y62",
    segment: int | None = None,
    in_recovery_support: bool = False,
    org_type: OrganisationType = OrganisationType.NHS_TRUST,
) -> Organisation:
    number = next(_sequence)
    organisation = Organisation(
        ods_code=ods_code or f"T{number:04d}",
        name=name or f"TEST {number} HOSPITALS NHS TRUST",
        org_type=org_type,
        region=get_region(region_code),
        address="1 Hospital Road",
        postcode="M13 9WL",
        opened_on=date(2010, 4, 1),
        is_active=True,
        in_recovery_support=in_recovery_support,
    )
    db.session.add(organisation)
    if segment is not None:
        db.session.add(
            OversightSegment(
                organisation=organisation,
                segment=segment,
                effective_from=date(2025, 7, 1),
                framework_version="NOF 2025/26",
            )
        )
    db.session.flush()
    return organisation


def create_person(
    *,
    organisation: Organisation | None = None,
    band: str = "5",
    title: str = "Staff nurse",
    manager: Person | None = None,
    given_name: str = "Sam",
    family_name: str | None = None,
    start_date: date | None = None,
) -> Person:
    """A person holding a current post; with ``manager``, the post reports to the manager's post."""
    number = next(_sequence)
    organisation = organisation or create_organisation()
    person = Person(
        given_name=given_name,
        family_name=family_name or f"Taylor{number}",
        work_email=f"person{number}@example.nhs.uk",
        employee_number=f"E{number:07d}",
        organisation=organisation,
        professional_group=ProfessionalGroup.NURSING_MIDWIFERY,
    )
    db.session.add(person)
    reports_to = None
    if manager is not None:
        reports_to = db.session.scalar(select(Post).where(Post.person_id == manager.id).order_by(Post.id))
    create_post(
        organisation=organisation, holder=person, band=band, title=title, reports_to=reports_to, start_date=start_date
    )
    return person


def create_post(
    *,
    organisation: Organisation,
    holder: Person | None = None,
    band: str = "5",
    title: str = "Staff nurse",
    reports_to: Post | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
) -> Post:
    post = Post(
        title=title,
        organisation=organisation,
        band=Band(band),
        holder=holder,
        start_date=start_date or date.today() - timedelta(days=365),
        end_date=end_date,
        reports_to=reports_to,
    )
    db.session.add(post)
    db.session.flush()
    return post


def create_account(
    *,
    person: Person | None = None,
    email: str | None = None,
    roles: list[tuple[Role, Organisation | Region | None]] = (),
) -> Account:
    """An account (password :data:`PASSWORD`) with roles given as (role, organisation or region)."""
    account = Account(
        email=email or (person.work_email if person else f"account{next(_sequence)}@example.nhs.uk"),
        password_hash=_password_hash(),
        person=person,
    )
    for role, scope in roles:
        account.role_assignments.append(
            RoleAssignment(
                role=role,
                organisation=scope if isinstance(scope, Organisation) else None,
                region=scope if isinstance(scope, Region) else None,
            )
        )
    db.session.add(account)
    db.session.flush()
    return account


def create_edi_profile(person: Person, *, consented: bool = True, **answers) -> EdiProfile:
    """Answers given as enum members; unanswered questions stay empty."""
    now = utcnow()
    profile = EdiProfile(
        person_id=person.id,
        consent_version="test",
        consent_given_at=now,
        consent_withdrawn_at=None if consented else now,
        **answers,
    )
    db.session.add(profile)
    db.session.flush()
    return profile


def account_for(person: Person) -> Account:
    """The person's account, made if they have none, for services that take the acting account."""
    account = db.session.scalar(select(Account).where(Account.person_id == person.id))
    return account or create_account(person=person)


def create_talent_conversation(person: Person, *, recorded_by: Account, readiness: str = "ready_now"):
    """A talent conversation held today, recorded through the service by ``recorded_by`` (the
    person's line manager)."""
    from talent.pipeline import services as pipeline_services
    from talent.pipeline.models import Axis, GrowthDirection, ReadinessLevel

    level = db.session.scalar(select(ReadinessLevel).where(ReadinessLevel.code == readiness))
    data = pipeline_services.ConversationInput(
        held_on=date.today(),
        impact=Axis.MEDIUM,
        growth=Axis.MEDIUM,
        direction=GrowthDirection.BREADTH,
        readiness_id=level.id,
    )
    return pipeline_services.record_conversation(person, data, actor=recorded_by)


def create_open_talent_pool(*, region_id: int | None, principal, name: str = "Open pool"):
    """A pool anyone from band 2 to 9 can join, preparing for band 7 (no prerequisites)."""
    from talent.pipeline import services as pipeline_services

    return pipeline_services.create_pool(
        name=name,
        region_id=region_id,
        level=Band.AFC_7,
        min_band=Band.AFC_2,
        max_band=Band.AFC_9,
        readiness_id=None,
        conversation_within_months=None,
        review_on=date.today() + timedelta(days=90),
        principal=principal,
    )


def create_board_term(
    person: Person,
    organisation: Organisation,
    *,
    role: BoardRole = BoardRole.NED,
    first_appointed_on: date,
    starts_on: date | None = None,
    term_months: int = 36,
    term_number: int = 1,
) -> BoardAppointment:
    """A current term of office already held (as an import of existing boards would record it),
    in a board post of its own."""
    starts_on = starts_on or first_appointed_on
    ends_on = ned_services.term_end(starts_on, term_months)
    post = create_post(
        organisation=organisation,
        holder=person,
        band="chair" if role is BoardRole.CHAIR else "ned",
        title=role.label,
        start_date=starts_on,
        end_date=ends_on,
    )
    term = BoardAppointment(
        person=person,
        organisation=organisation,
        post=post,
        role=role,
        appointing_body=AppointingBody.for_organisation(organisation.org_type),
        first_appointed_on=first_appointed_on,
        role_since=first_appointed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        term_number=term_number,
        remuneration_pounds=ned_services.CHAIR_RANGE[0] if role is BoardRole.CHAIR else ned_services.NED_RATE,
    )
    db.session.add(term)
    db.session.flush()
    return term
