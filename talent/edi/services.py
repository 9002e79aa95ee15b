"""Recording, reading, exporting and deleting a person's own equality monitoring answers.

Every read and write is audited with the field names involved, never the values: the audit log
is searchable by system admins, who must not learn anyone's answers from it.
"""

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select

from talent.audit.services import record_event
from talent.db import utcnow
from talent.edi.models import AGE_BANDS, QUESTIONS, EdiProfile
from talent.errors import Conflict, NotFound, RuleViolation
from talent.extensions import db
from talent.insights import services as insight_services

FIELDS = [name for name, _ in QUESTIONS] + ["date_of_birth", "date_of_birth_withheld"]

YOUNGEST_AGE = 16
OLDEST_AGE = 100


@dataclass
class Answers:
    """What the person submitted; None means "not answered"."""

    ethnicity: object = None
    disability: object = None
    sex: object = None
    gender_identity: object = None
    sexual_orientation: object = None
    religion: object = None
    date_of_birth: date | None = None
    date_of_birth_withheld: bool = False


def get_profile(person) -> EdiProfile | None:
    """The person's profile for a service's own checks; not audited, never for display."""
    return db.session.scalar(select(EdiProfile).where(EdiProfile.person_id == person.id))


def read_profile(person, *, actor) -> EdiProfile | None:
    """The person's profile for showing to them, with the read recorded in the audit log."""
    profile = get_profile(person)
    answered = [name for name in FIELDS if profile is not None and getattr(profile, name) not in (None, False)]
    record_event("edi_profile_viewed", actor=actor, subject=person, fields=answered)
    return profile


def _years_between(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _check(answers: Answers, consent: bool, today: date) -> None:
    if not consent:
        raise RuleViolation(
            "Confirm that you agree to your answers being used in anonymous statistics, or leave this page",
            field="consent",
        )
    if answers.date_of_birth is not None:
        if answers.date_of_birth_withheld:
            raise RuleViolation("Enter your date of birth or choose prefer not to say, not both", field="date_of_birth")
        age = _years_between(answers.date_of_birth, today)
        if answers.date_of_birth > today:
            raise RuleViolation("Date of birth must be in the past", field="date_of_birth")
        if not YOUNGEST_AGE <= age <= OLDEST_AGE:
            raise RuleViolation(
                f"Check your date of birth: you must be between {YOUNGEST_AGE} and {OLDEST_AGE}",
                field="date_of_birth",
            )


def save_profile(person, answers: Answers, *, consent: bool, actor, expected_version: int | None) -> EdiProfile:
    """Record the person's answers with their consent, replacing any earlier answers.

    Saving again after withdrawing consent gives consent afresh.

    :param expected_version: the version the person last saw (None when they had no profile),
        so that answers changed in another tab are not silently overwritten.
    :raises RuleViolation: without consent, or for an impossible date of birth.
    :raises Conflict: if the profile changed since ``expected_version``.
    """
    _check(answers, consent, date.today())
    profile = get_profile(person)
    current_version = profile.version if profile is not None else None
    if expected_version != current_version:
        raise Conflict("Your answers were changed somewhere else since you opened this page. Check them and try again.")
    now = utcnow()
    if profile is None:
        profile = EdiProfile(person_id=person.id, consent_given_at=now, date_of_birth_withheld=False)
        db.session.add(profile)
    changes = [name for name in FIELDS if getattr(profile, name, None) != getattr(answers, name)]
    if not profile.consented:
        changes.append("consent")
        profile.consent_given_at = now
        profile.consent_withdrawn_at = None
    for name in FIELDS:
        setattr(profile, name, getattr(answers, name))
    profile.consent_version = current_app.config["EDI_CONSENT_VERSION"]
    profile.updated_at = now
    db.session.flush()
    insight_services.recount_workforce_for_person(person.id)
    record_event("edi_profile_updated", actor=actor, subject=person, changes=sorted(changes))
    return profile


def _existing(person) -> EdiProfile:
    profile = get_profile(person)
    if profile is None:
        raise NotFound("You have not recorded any equality information")
    return profile


def withdraw_consent(person, *, actor) -> EdiProfile:
    """Stop the answers counting in statistics from now on; they stay visible to the person
    until they delete them, so they can give consent again without re-entering them."""
    profile = _existing(person)
    if not profile.consented:
        raise RuleViolation("You have already withdrawn your consent")
    profile.consent_withdrawn_at = utcnow()
    db.session.flush()
    # Withdrawal takes effect in the next figure anyone sees, not the next night.
    insight_services.recount_workforce_for_person(person.id)
    record_event("edi_consent_withdrawn", actor=actor, subject=person)
    return profile


def delete_profile(person, *, actor) -> None:
    """Delete every answer; later statistics no longer include the person."""
    profile = _existing(person)
    db.session.delete(profile)
    db.session.flush()
    insight_services.recount_workforce_for_person(person.id)
    record_event("edi_profile_deleted", actor=actor, subject=person)


def export_profile(person, *, actor) -> dict:
    """Everything held about the person's equality monitoring, for them to download."""
    profile = _existing(person)
    record_event("edi_profile_downloaded", actor=actor, subject=person)
    answers = {}
    for name, _ in QUESTIONS:
        value = getattr(profile, name)
        answers[name] = {"value": value.value, "label": value.label} if value is not None else None
    return {
        "person": {"id": person.id, "name": person.full_name, "work_email": person.work_email},
        "answers": answers,
        "date_of_birth": profile.date_of_birth.isoformat() if profile.date_of_birth else None,
        "date_of_birth_withheld": profile.date_of_birth_withheld,
        "consent": {
            "version": profile.consent_version,
            "given_at": profile.consent_given_at.isoformat(),
            "withdrawn_at": profile.consent_withdrawn_at.isoformat() if profile.consent_withdrawn_at else None,
        },
        "updated_at": profile.updated_at.isoformat(),
        "exported_at": utcnow().isoformat(),
    }


def age_band(born: date | None, on: date) -> str | None:
    if born is None:
        return None
    age = _years_between(born, on)
    label = None
    for band, youngest in AGE_BANDS:
        if age >= youngest:
            label = band
    return label
