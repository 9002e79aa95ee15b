"""Invented equality monitoring answers for demo people, shaped like the NHS workforce.

Proportions follow the published picture in broad strokes (WRES and WDES reports, NHS workforce
statistics): about a quarter of staff are from Black and minority ethnic groups overall but far
fewer at band 8c and above and on boards; most staff are women, fewer at the top; disability is
under-declared. They are invented all the same, so statistics built on them show how the
service behaves, not how the NHS is.
"""

import random
from datetime import date, timedelta

from talent.edi.models import (
    Disability,
    EthnicGroup,
    GenderIdentity,
    Religion,
    Sex,
    SexualOrientation,
)
from talent.people.models import Band

#: Share of people who have filled in the form at all.
DECLARATION_RATE = 0.85

_BME = [
    (EthnicGroup.ASIAN_INDIAN, 30),
    (EthnicGroup.ASIAN_PAKISTANI, 8),
    (EthnicGroup.ASIAN_BANGLADESHI, 3),
    (EthnicGroup.ASIAN_CHINESE, 3),
    (EthnicGroup.ASIAN_OTHER, 10),
    (EthnicGroup.BLACK_AFRICAN, 25),
    (EthnicGroup.BLACK_CARIBBEAN, 6),
    (EthnicGroup.BLACK_OTHER, 2),
    (EthnicGroup.MIXED_WHITE_BLACK_CARIBBEAN, 2),
    (EthnicGroup.MIXED_WHITE_BLACK_AFRICAN, 2),
    (EthnicGroup.MIXED_WHITE_ASIAN, 2),
    (EthnicGroup.MIXED_OTHER, 2),
    (EthnicGroup.OTHER_ARAB, 2),
    (EthnicGroup.OTHER_ANY, 3),
]
_WHITE = [
    (EthnicGroup.WHITE_BRITISH, 85),
    (EthnicGroup.WHITE_IRISH, 4),
    (EthnicGroup.WHITE_OTHER, 10),
    (EthnicGroup.WHITE_GYPSY_TRAVELLER, 0.5),
    (EthnicGroup.WHITE_ROMA, 0.5),
]
_DISABILITY = [(Disability.YES, 6), (Disability.NO, 84), (Disability.PREFER_NOT_TO_SAY, 4), (None, 6)]
_GENDER_IDENTITY = [
    (GenderIdentity.SAME_AS_REGISTERED, 95),
    (GenderIdentity.DIFFERENT, 0.5),
    (GenderIdentity.PREFER_NOT_TO_SAY, 2.5),
    (None, 2),
]
_ORIENTATION = [
    (SexualOrientation.HETEROSEXUAL, 88),
    (SexualOrientation.GAY_LESBIAN, 2),
    (SexualOrientation.BISEXUAL, 1.5),
    (SexualOrientation.OTHER, 0.5),
    (SexualOrientation.PREFER_NOT_TO_SAY, 6),
    (None, 2),
]
_RELIGION = [
    (Religion.CHRISTIAN, 45),
    (Religion.NO_RELIGION, 33),
    (Religion.MUSLIM, 7),
    (Religion.HINDU, 4),
    (Religion.SIKH, 1),
    (Religion.JEWISH, 0.5),
    (Religion.BUDDHIST, 0.7),
    (Religion.OTHER, 1.8),
    (Religion.PREFER_NOT_TO_SAY, 7),
]

_SENIOR = {Band.AFC_8C, Band.AFC_8D, Band.AFC_9}
_MIDDLE = {Band.AFC_8A, Band.AFC_8B}
_BOARD = {Band.VSM, Band.NED, Band.CHAIR}


def _by_band(band: Band, *, staff: float, middle: float, senior: float, board: float) -> float:
    if band in _BOARD:
        return board
    if band in _SENIOR:
        return senior
    if band in _MIDDLE:
        return middle
    return staff


def _pick(rng: random.Random, weighted: list) -> object:
    return rng.choices([value for value, _ in weighted], [weight for _, weight in weighted])[0]


def profile_row(rng: random.Random, person_id: int, band: Band, today: date, consent_version: str, now) -> dict | None:
    """One person's invented answers as a row for a bulk insert, or None if they left it blank."""
    if rng.random() > DECLARATION_RATE:
        return None
    bme_share = _by_band(band, staff=0.30, middle=0.18, senior=0.12, board=0.10)
    roll = rng.random()
    if roll < 0.03:
        ethnicity = EthnicGroup.PREFER_NOT_TO_SAY
    else:
        ethnicity = _pick(rng, _BME if roll < 0.03 + bme_share else _WHITE)
    female_share = _by_band(band, staff=0.78, middle=0.70, senior=0.60, board=0.48)
    sex = Sex.PREFER_NOT_TO_SAY if rng.random() < 0.01 else (Sex.FEMALE if rng.random() < female_share else Sex.MALE)
    youngest, oldest = (40, 64) if band in _BOARD | _SENIOR else (19, 66)
    withheld = rng.random() < 0.02
    born = None if withheld else today - timedelta(days=rng.randint(youngest * 365, oldest * 365))
    return {
        "person_id": person_id,
        "ethnicity": ethnicity,
        "disability": _pick(rng, _DISABILITY),
        "sex": sex,
        "gender_identity": _pick(rng, _GENDER_IDENTITY),
        "sexual_orientation": _pick(rng, _ORIENTATION),
        "religion": _pick(rng, _RELIGION),
        "date_of_birth": born,
        "date_of_birth_withheld": withheld,
        "consent_version": consent_version,
        "consent_given_at": now,
        "consent_withdrawn_at": None,
        "updated_at": now,
        "version": 1,
    }
