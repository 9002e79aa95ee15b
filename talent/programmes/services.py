"""Cohorts and enrolment (with a waiting list), attendance and completion, induction for new
joiners, and the prerequisite rules: who is eligible for a post, and what they are missing."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from talent.audit.services import record_event
from talent.auth.models import Account
from talent.auth.policy import can
from talent.dates import nhs_date
from talent.db import utcnow
from talent.errors import Forbidden, RuleViolation
from talent.extensions import db
from talent.notifications.services import link_to, notify
from talent.notifications.services import withdraw as withdraw_notifications
from talent.people.models import Band, Person
from talent.programmes import queries as programme_queries
from talent.programmes import seed
from talent.programmes.models import (
    OPEN_STATUSES,
    Accreditation,
    Attendance,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    PrerequisiteRule,
    Programme,
    ProgrammeKind,
    ProgrammeModule,
)
from talent.standards.models import MANAGEMENT_LEVELS, Domain, Framework, FrameworkStatus, Standard

# --- Cohorts and enrolment ------------------------------------------------------------------


def create_cohort(programme: Programme, *, title: str, starts_on: date, ends_on: date, capacity: int) -> Cohort:
    if ends_on < starts_on:
        raise RuleViolation("End date must be the same as or after the start date", field="ends_on")
    if capacity < 1:
        raise RuleViolation("Capacity must be at least 1", field="capacity")
    cohort = Cohort(programme=programme, title=title.strip(), starts_on=starts_on, ends_on=ends_on, capacity=capacity)
    db.session.add(cohort)
    db.session.flush()
    return cohort


def _lock(cohort: Cohort) -> None:
    """Hold the cohort's row until commit, so two admins filling the last place queue up.

    PostgreSQL locks the row; SQLite transactions here begin IMMEDIATE, which already lets
    only one writer in at a time.
    """
    db.session.execute(select(Cohort.id).where(Cohort.id == cohort.id).with_for_update())


def places_taken(cohort: Cohort) -> int:
    return db.session.scalar(
        select(func.count(Enrolment.id)).where(
            Enrolment.cohort_id == cohort.id, Enrolment.status == EnrolmentStatus.ENROLLED
        )
    )


def _account_for(person_id: int) -> Account | None:
    return db.session.scalar(select(Account).where(Account.person_id == person_id))


def _tell(person_id: int, *, kind: str, title: str, body: str, link: str) -> None:
    account = _account_for(person_id)
    if account is not None:
        notify(account, kind=kind, title=title, body=body, link=link)


def enrol(person: Person, cohort: Cohort, *, today: date | None = None) -> Enrolment:
    """Give ``person`` a place on ``cohort``, or a place on its waiting list when it is full.

    An induction assigned to a new joiner becomes their enrolment on the cohort chosen.

    :raises RuleViolation: if the cohort has finished, or the person already has a place or
        is already waiting on this programme.
    """
    today = today or date.today()
    _lock(cohort)
    if cohort.ends_on < today:
        raise RuleViolation(f"{cohort.title} finished on {nhs_date(cohort.ends_on)}: choose a later cohort")
    enrolment = db.session.scalar(
        select(Enrolment).where(
            Enrolment.person_id == person.id,
            Enrolment.programme_id == cohort.programme_id,
            Enrolment.status.in_(OPEN_STATUSES),
        )
    )
    if enrolment is not None and enrolment.status is not EnrolmentStatus.ASSIGNED:
        raise RuleViolation(
            f"{person.full_name} is already {enrolment.status.label.lower()} on {enrolment.cohort.title}",
            field="person_id",
        )
    has_place = places_taken(cohort) < cohort.capacity
    if enrolment is None:
        enrolment = Enrolment(person_id=person.id, programme_id=cohort.programme_id)
        db.session.add(enrolment)
    enrolment.cohort_id = cohort.id
    if has_place:
        enrolment.status = EnrolmentStatus.ENROLLED
        title = f"You have a place on {cohort.title}"
    else:
        enrolment.status = EnrolmentStatus.WAITING
        enrolment.waiting_since = utcnow()
        title = f"You are on the waiting list for {cohort.title}"
    db.session.flush()
    _tell(
        person.id,
        kind="enrolment",
        title=title,
        body=f"{cohort.programme.title}, from {nhs_date(cohort.starts_on)} to {nhs_date(cohort.ends_on)}.",
        link=_enrolment_link(enrolment),
    )
    return enrolment


def _enrolment_link(enrolment: Enrolment) -> str:
    """Where an enrolment's notifications point: its row in the person's learning record. The
    link also names the enrolment, so notifications that stop being true can be withdrawn."""
    return link_to("programmes.my_learning", anchor=f"enrolment-{enrolment.id}")


def _withdraw_notices(enrolment: Enrolment) -> None:
    """A waiting-list or place notice is no longer true once the person moves or leaves."""
    withdraw_notifications("enrolment", [_enrolment_link(enrolment)])


def _promote_next(cohort: Cohort) -> Enrolment | None:
    """Offer a free place to whoever has waited longest, and tell them."""
    _lock(cohort)
    if places_taken(cohort) >= cohort.capacity:
        return None
    waiting = db.session.scalar(
        select(Enrolment)
        .where(Enrolment.cohort_id == cohort.id, Enrolment.status == EnrolmentStatus.WAITING)
        .order_by(Enrolment.waiting_since, Enrolment.id)
        .limit(1)
    )
    if waiting is None:
        return None
    waiting.status = EnrolmentStatus.ENROLLED
    db.session.flush()
    _withdraw_notices(waiting)
    _tell(
        waiting.person_id,
        kind="enrolment",
        title=f"A place is now yours on {cohort.title}",
        body=f"Someone withdrew, so you have moved off the waiting list for {cohort.programme.title}. "
        f"It starts on {nhs_date(cohort.starts_on)}.",
        link=_enrolment_link(waiting),
    )
    return waiting


def _leave(enrolment: Enrolment, status: EnrolmentStatus, reason: str) -> Enrolment | None:
    if enrolment.status not in OPEN_STATUSES:
        raise RuleViolation(f"This enrolment is already {enrolment.status.label.lower()}")
    had_place = enrolment.status is EnrolmentStatus.ENROLLED
    _withdraw_notices(enrolment)
    enrolment.status = status
    enrolment.reason = reason.strip()[:500] or None
    db.session.flush()
    return _promote_next(enrolment.cohort) if had_place and enrolment.cohort else None


def withdraw(enrolment: Enrolment, *, reason: str = "") -> Enrolment | None:
    """Withdraw from the programme; a place freed goes to the next person waiting (returned)."""
    return _leave(enrolment, EnrolmentStatus.WITHDRAWN, reason)


def defer(enrolment: Enrolment, *, reason: str = "") -> Enrolment | None:
    """Put off the programme to a later cohort; the place goes to the next person waiting."""
    return _leave(enrolment, EnrolmentStatus.DEFERRED, reason)


def record_attendance(enrolment: Enrolment, *, session_on: date, attended: bool) -> None:
    if enrolment.status is not EnrolmentStatus.ENROLLED:
        raise RuleViolation("Attendance can only be recorded for someone with a place")
    cohort = enrolment.cohort
    if not cohort.starts_on <= session_on <= cohort.ends_on:
        raise RuleViolation(
            f"The session date must be between {nhs_date(cohort.starts_on)} and {nhs_date(cohort.ends_on)}",
            field="session_on",
        )
    record = next((a for a in enrolment.attendance if a.session_on == session_on), None)
    if record is None:
        enrolment.attendance.append(Attendance(session_on=session_on, attended=attended))
    else:
        record.attended = attended
    db.session.flush()


def record_completion(
    enrolment: Enrolment,
    *,
    completed_on: date,
    passed: bool,
    assessment_result: str = "",
    evidence: str = "",
    today: date | None = None,
) -> None:
    """Record the outcome: completed (counts towards prerequisites) or did not complete.

    :raises RuleViolation: unless the person has a place, or for a date outside the cohort's
        start and today.
    """
    today = today or date.today()
    if enrolment.status is not EnrolmentStatus.ENROLLED:
        raise RuleViolation(f"Only someone with a place can complete; this enrolment is {enrolment.status.label}")
    if completed_on > today:
        raise RuleViolation("The completion date cannot be in the future", field="completed_on")
    if completed_on < enrolment.cohort.starts_on:
        raise RuleViolation(
            f"The completion date cannot be before the cohort started ({nhs_date(enrolment.cohort.starts_on)})",
            field="completed_on",
        )
    if passed and not evidence.strip():
        raise RuleViolation("Describe the evidence of completion, such as a certificate number", field="evidence")
    enrolment.status = EnrolmentStatus.COMPLETED if passed else EnrolmentStatus.NOT_COMPLETED
    enrolment.completed_on = completed_on
    enrolment.assessment_result = assessment_result.strip()[:100] or None
    enrolment.evidence = evidence.strip() or None
    db.session.flush()


def induction_programme_id() -> int | None:
    return db.session.scalar(select(Programme.id).where(Programme.kind == ProgrammeKind.INDUCTION))


def assign_induction(person_ids: list[int]) -> int:
    """Assign the national induction to new joiners who do not have it; returns how many."""
    induction = induction_programme_id()
    if induction is None or not person_ids:
        return 0
    have = set(
        db.session.scalars(
            select(Enrolment.person_id).where(Enrolment.programme_id == induction, Enrolment.person_id.in_(person_ids))
        )
    )
    new = [person_id for person_id in person_ids if person_id not in have]
    db.session.add_all(
        Enrolment(person_id=person_id, programme_id=induction, status=EnrolmentStatus.ASSIGNED) for person_id in new
    )
    db.session.flush()
    return len(new)


# --- Prerequisites --------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    """One thing a person lacks for a post: a programme, or a standard at a level."""

    title: str
    detail: str = ""


@dataclass
class Eligibility:
    band: Band
    on: date
    missing: list[Missing] = field(default_factory=list)
    rules: list[PrerequisiteRule] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.missing

    def summary(self) -> str:
        return "; ".join(item.title + (f" ({item.detail})" if item.detail else "") for item in self.missing)


def _rules() -> list[PrerequisiteRule]:
    return programme_queries.list_rules()


def lowest_band_with_prerequisites() -> Band | None:
    """The most junior band any prerequisite rule covers (in force, retired or yet to come):
    a post below it never needs a check."""
    return min((rule.min_band for rule in _rules()), key=lambda band: band.rank, default=None)


def rules_for(band: Band, on: date, *, rules: list[PrerequisiteRule] | None = None, in_force_only=True):
    """Rules that apply to a post at ``band`` starting on ``on``.

    :param in_force_only: False to include rules not yet in force on ``on``, for showing
        people already in post what they would miss.
    """
    return [
        rule
        for rule in (rules if rules is not None else _rules())
        if band.rank >= rule.min_band.rank
        and (rule.retired_on is None or rule.retired_on > on)
        and (not in_force_only or rule.effective_from <= on)
    ]


def _completed_enrolments(person_ids: list[int], on: date):
    # In batches: a national staff import can ask about a million people at once.
    for start in range(0, len(person_ids), 5000):
        yield from db.session.scalars(
            select(Enrolment)
            .where(
                Enrolment.person_id.in_(person_ids[start : start + 5000]),
                Enrolment.status == EnrolmentStatus.COMPLETED,
                Enrolment.completed_on <= on,
            )
            .options(selectinload(Enrolment.programme).selectinload(Programme.accreditations))
        )


def counting_completions(person_ids: list[int], on: date) -> dict[int, set[int]]:
    """Programme ids each person has completed in a way that counts on ``on``.

    A national programme counts once completed. An accredited course counts if it was
    accredited when completed and is still accredited on ``on``: an expired accreditation
    stops counting from the day after its end date.
    """
    counted: dict[int, set[int]] = {person_id: set() for person_id in person_ids}
    for enrolment in _completed_enrolments(person_ids, on):
        programme = enrolment.programme
        if programme.needs_accreditation:
            accreditations = programme.accreditations
            if not any(a.holds_on(enrolment.completed_on) for a in accreditations):
                continue
            if not any(a.holds_on(on) for a in accreditations):
                continue
        counted[enrolment.person_id].add(programme.id)
    return counted


@dataclass(frozen=True)
class _LevelStandards:
    """A management level's standards (code → title) and, per code, the programmes that
    develop a standard with that code in any version."""

    required: dict[str, str]
    developed_by: dict[str, set[int]]
    programme_titles: dict[int, str]


def _level_standards(levels: set[int]) -> dict[int, _LevelStandards]:
    if not levels:
        return {}
    active = db.session.execute(
        select(Standard.level, Standard.code, Standard.title)
        .join(Standard.domain)
        .join(Domain.framework)
        .where(Framework.code == "mls", Framework.status == FrameworkStatus.ACTIVE, Standard.level.in_(levels))
        .order_by(Domain.position)
    ).all()
    codes = [code for _, code, _ in active]
    mappings = db.session.execute(
        select(Standard.code, Programme.id, Programme.title)
        .join(ProgrammeModule.standards)
        .join(Programme, Programme.id == ProgrammeModule.programme_id)
        .where(Standard.code.in_(codes))
    ).all()
    developed_by: dict[str, set[int]] = {}
    titles: dict[int, str] = {}
    for code, programme_id, title in mappings:
        developed_by.setdefault(code, set()).add(programme_id)
        titles[programme_id] = title
    result = {}
    for level in levels:
        required = {code: title for lvl, code, title in active if lvl == level}
        result[level] = _LevelStandards(required, developed_by, titles)
    return result


def _missing_for(rules, completed: set[int], level_standards: dict[int, _LevelStandards]) -> list[Missing]:
    missing: list[Missing] = []
    seen: set[str] = set()
    for rule in rules:
        for programme in rule.programmes:
            if programme.id not in completed and programme.title not in seen:
                seen.add(programme.title)
                missing.append(Missing(f"Complete {programme.title}", f"required by: {rule.title}"))
        if rule.required_level:
            standards = level_standards[rule.required_level]
            for code, title in standards.required.items():
                if standards.developed_by.get(code, set()) & completed or code in seen:
                    continue
                seen.add(code)
                options = sorted(standards.programme_titles[p] for p in standards.developed_by.get(code, set()))
                level_name = MANAGEMENT_LEVELS[rule.required_level]
                detail = f"developed by {', or '.join(options)}" if options else "no programme develops it yet"
                missing.append(
                    Missing(f"Meet the level {rule.required_level} ({level_name}) standard: {title}", detail)
                )
    return missing


def check_eligibility_for_many(requests: list[tuple[int, Band, date]], *, in_force_only: bool = True) -> list:
    """:func:`check_eligibility` for many (person id, band, start date) at once, in a fixed
    number of queries."""
    rules = _rules()
    # Which rules apply depends on the band and date only: worked out once for each pair.
    by_band_and_day: dict[tuple[Band, date], list] = {}
    applicable = []
    for _, band, on in requests:
        if (band, on) not in by_band_and_day:
            by_band_and_day[(band, on)] = rules_for(band, on, rules=rules, in_force_only=in_force_only)
        applicable.append(by_band_and_day[(band, on)])
    levels = {rule.required_level for found in applicable for rule in found if rule.required_level}
    level_standards = _level_standards(levels)
    # Completions only for the people a rule applies to, once per start date.
    wanted: dict[date, set[int]] = {}
    for (person_id, _, on), found in zip(requests, applicable, strict=True):
        if found:
            wanted.setdefault(on, set()).add(person_id)
    by_day = {on: counting_completions(sorted(ids), on) for on, ids in wanted.items()}
    results = []
    for (person_id, band, on), found in zip(requests, applicable, strict=True):
        if not found:
            results.append(Eligibility(band, on))
            continue
        completed = by_day[on].get(person_id, set())
        results.append(Eligibility(band, on, _missing_for(found, completed, level_standards), found))
    return results


def check_eligibility(person_id: int, band: Band, on: date) -> Eligibility:
    """Is the person eligible for a post at ``band`` starting on ``on``, and if not, what is missing?"""
    return check_eligibility_for_many([(person_id, band, on)])[0]


def require_eligibility(
    person: Person, band: Band, on: date, *, principal=None, override_reason: str | None = None
) -> Eligibility:
    """The check every path that puts someone into a post calls.

    :raises RuleViolation: listing what is missing, unless an allowed override is given.
    :raises Forbidden: for an override by someone not allowed to override.
    """
    result = check_eligibility(person.id, band, on)
    if result.eligible:
        return result
    if not (override_reason and override_reason.strip()):
        raise RuleViolation(
            f"{person.full_name} cannot start a {band.label.lower()} post on {nhs_date(on)} yet. "
            f"Missing: {result.summary()}",
            field="band",
        )
    if not can(principal, "eligibility.override"):
        raise Forbidden("Only system admins and the national appointments team can override the prerequisites")
    record_event(
        "eligibility_overridden",
        actor=principal.account,
        subject=person,
        band=band.value,
        start_date=on.isoformat(),
        missing=[item.title for item in result.missing],
        reason=override_reason.strip()[:500],
    )
    return result


def next_band(band: Band) -> Band | None:
    order = list(Band)
    position = order.index(band)
    return order[position + 1] if position + 1 < len(order) else None


# --- Reference data -------------------------------------------------------------------------


def seed_programmes() -> int:
    """Add the built-in programmes that do not exist yet, with modules mapped to the standards
    in use; returns how many were added. Needs the standards (``flask standards seed``)."""
    existing = set(db.session.scalars(select(Programme.code)))
    standards = {
        standard.code: standard
        for standard in db.session.scalars(
            select(Standard)
            .join(Standard.domain)
            .join(Domain.framework)
            .where(Framework.code == "mls", Framework.status == FrameworkStatus.ACTIVE)
        )
    }
    added = 0
    for code, (title, kind, provider, description, modules, accreditation) in seed.PROGRAMMES.items():
        if code in existing:
            continue
        programme = Programme(
            code=code, title=title, kind=ProgrammeKind(kind), provider=provider, description=description
        )
        for position, (module_title, codes) in enumerate(modules, 1):
            programme.modules.append(
                ProgrammeModule(
                    title=module_title, position=position, standards=[standards[c] for c in codes if c in standards]
                )
            )
        if accreditation:
            body, valid_from, valid_to = accreditation
            programme.accreditations.append(Accreditation(body=body, valid_from=valid_from, valid_to=valid_to))
        db.session.add(programme)
        added += 1
    db.session.flush()
    return added


def standing(person_id: int, posts, on: date) -> list[tuple[object, Eligibility]]:
    """For people already in post: what each current post's prerequisites would ask of them,
    whether or not the rule was in force when they started. They keep the post; this shows
    what to plan for ("not yet meeting the standard")."""
    results = check_eligibility_for_many([(person_id, post.band, on) for post in posts], in_force_only=False)
    return list(zip(posts, results, strict=True))


def vacancies_with_eligibility(person: Person, by_band: list[Eligibility], on: date) -> list[tuple[object, bool]]:
    """Vacant posts in the person's organisation, each with whether they could take it on ``on``."""
    eligible_bands = {result.band for result in by_band if result.eligible}
    return [(post, post.band in eligible_bands) for post in programme_queries.vacant_posts(person.organisation_id, on)]


def eligibility_by_band(person_id: int, on: date) -> list[Eligibility]:
    """The person's eligibility for a post at every band starting on ``on``."""
    return check_eligibility_for_many([(person_id, band, on) for band in Band])


# --- Administration -------------------------------------------------------------------------


def create_rule(
    *,
    title: str,
    min_band: Band,
    programmes: list[Programme],
    required_level: int | None,
    effective_from: date,
    actor: Account | None = None,
) -> PrerequisiteRule:
    """A new prerequisite rule. It applies to moves into posts starting on or after
    ``effective_from``; people already in post are shown what they miss, not removed."""
    if not programmes and not required_level:
        raise RuleViolation("Choose at least one programme or a standards level", field="programmes")
    rule = PrerequisiteRule(
        title=title.strip(), min_band=min_band, required_level=required_level, effective_from=effective_from
    )
    rule.programmes = list(programmes)
    db.session.add(rule)
    db.session.flush()
    record_event("prerequisite_rule_added", actor=actor, subject=rule, title=rule.title)
    return rule


def retire_rule(rule: PrerequisiteRule, *, on: date, actor: Account | None = None, comment: str = "") -> None:
    """Stop a rule applying to moves from ``on``; it stays on record to explain past decisions.
    A rule not yet in force is retired from the day it would have taken effect: it never applies.
    The comment (why) is kept in the rule's history."""
    if rule.retired_on is not None:
        raise RuleViolation("This rule is already retired")
    rule.retired_on = retirement_effect(rule, on=on)
    db.session.flush()
    record_event(
        "prerequisite_rule_retired", actor=actor, subject=rule, retired_on=rule.retired_on, comment=comment.strip()
    )


def retirement_effect(rule: PrerequisiteRule, *, on: date) -> date:
    """The day a rule retired ``on`` would stop applying (what the confirmation page says)."""
    return max(on, rule.effective_from)


def add_accreditation(programme: Programme, *, body: str, valid_from: date, valid_to: date | None) -> Accreditation:
    """Record an accreditation; completions count towards prerequisites only while one holds."""
    if valid_to is not None and valid_to < valid_from:
        raise RuleViolation("The end date must be the same as or after the start date", field="valid_to")
    accreditation = Accreditation(programme=programme, body=body.strip(), valid_from=valid_from, valid_to=valid_to)
    db.session.add(accreditation)
    db.session.flush()
    return accreditation


def create_programme(*, code: str, title: str, kind: ProgrammeKind, provider: str, description: str) -> Programme:
    code = code.strip().upper()
    if db.session.scalar(select(Programme.id).where(Programme.code == code)):
        raise RuleViolation(f"Another programme already has the code {code}", field="code")
    programme = Programme(
        code=code, title=title.strip(), kind=kind, provider=provider.strip(), description=description.strip()
    )
    db.session.add(programme)
    db.session.flush()
    return programme


def add_module(programme: Programme, *, title: str, standards: list[Standard]) -> ProgrammeModule:
    """A module and the standards it develops; completing the programme counts towards them."""
    module = ProgrammeModule(title=title.strip(), position=len(programme.modules) + 1, standards=list(standards))
    programme.modules.append(module)
    db.session.flush()
    return module
