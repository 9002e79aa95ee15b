"""A person's own equality monitoring answers, kept in a table of their own.

Nothing in the HR tables points here and :class:`~talent.people.models.Person` has no
relationship to it, so no HR page, list or export can load it by accident. Each answer may be
left blank (not answered) or "prefer not to say", which is an answer in its own right.
"""

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from talent.db import UTCDateTime, utcnow
from talent.enums import enum_column
from talent.extensions import db

PREFER_NOT_TO_SAY = "prefer_not_to_say"


class Answer(enum.Enum):
    """Base for the questions' answer lists: each has a label and, where it matters for
    statistics, a reporting group."""

    @property
    def label(self) -> str:
        return self._labels()[self.value]

    @classmethod
    def _labels(cls) -> dict[str, str]:
        raise NotImplementedError


class EthnicGroup(Answer):
    """The 2021 census ethnic group categories for England, as the NHS now collects them."""

    WHITE_BRITISH = "white_british"
    WHITE_IRISH = "white_irish"
    WHITE_GYPSY_TRAVELLER = "white_gypsy_irish_traveller"
    WHITE_ROMA = "white_roma"
    WHITE_OTHER = "white_other"
    MIXED_WHITE_BLACK_CARIBBEAN = "mixed_white_black_caribbean"
    MIXED_WHITE_BLACK_AFRICAN = "mixed_white_black_african"
    MIXED_WHITE_ASIAN = "mixed_white_asian"
    MIXED_OTHER = "mixed_other"
    ASIAN_INDIAN = "asian_indian"
    ASIAN_PAKISTANI = "asian_pakistani"
    ASIAN_BANGLADESHI = "asian_bangladeshi"
    ASIAN_CHINESE = "asian_chinese"
    ASIAN_OTHER = "asian_other"
    BLACK_AFRICAN = "black_african"
    BLACK_CARIBBEAN = "black_caribbean"
    BLACK_OTHER = "black_other"
    OTHER_ARAB = "other_arab"
    OTHER_ANY = "other_any"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "white_british": "White: English, Welsh, Scottish, Northern Irish or British",
            "white_irish": "White: Irish",
            "white_gypsy_irish_traveller": "White: Gypsy or Irish Traveller",
            "white_roma": "White: Roma",
            "white_other": "White: any other White background",
            "mixed_white_black_caribbean": "Mixed or multiple: White and Black Caribbean",
            "mixed_white_black_african": "Mixed or multiple: White and Black African",
            "mixed_white_asian": "Mixed or multiple: White and Asian",
            "mixed_other": "Mixed or multiple: any other Mixed or multiple background",
            "asian_indian": "Asian or Asian British: Indian",
            "asian_pakistani": "Asian or Asian British: Pakistani",
            "asian_bangladeshi": "Asian or Asian British: Bangladeshi",
            "asian_chinese": "Asian or Asian British: Chinese",
            "asian_other": "Asian or Asian British: any other Asian background",
            "black_african": "Black, Black British, Caribbean or African: African",
            "black_caribbean": "Black, Black British, Caribbean or African: Caribbean",
            "black_other": "Black, Black British, Caribbean or African: any other Black background",
            "other_arab": "Other ethnic group: Arab",
            "other_any": "Other ethnic group: any other ethnic group",
            PREFER_NOT_TO_SAY: "Prefer not to say",
        }

    @property
    def broad_group(self) -> str:
        """The census's five high-level groups, or "prefer_not_to_say"."""
        return self.value.split("_", 1)[0] if self is not EthnicGroup.PREFER_NOT_TO_SAY else PREFER_NOT_TO_SAY

    @property
    def wres_group(self) -> str:
        """WRES compares White staff (every White category) with Black and minority ethnic staff."""
        if self is EthnicGroup.PREFER_NOT_TO_SAY:
            return PREFER_NOT_TO_SAY
        return "white" if self.value.startswith("white_") else "bme"


class Disability(Answer):
    """The Equality Act 2010 question WDES uses: a long-term condition that limits daily life."""

    YES = "yes"
    NO = "no"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"yes": "Yes", "no": "No", PREFER_NOT_TO_SAY: "Prefer not to say"}


class Sex(Answer):
    FEMALE = "female"
    MALE = "male"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"female": "Female", "male": "Male", PREFER_NOT_TO_SAY: "Prefer not to say"}


class GenderIdentity(Answer):
    """The 2021 census question: is your gender the same as the sex you were registered at birth?"""

    SAME_AS_REGISTERED = "same"
    DIFFERENT = "different"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "same": "Yes, the same as my sex registered at birth",
            "different": "No, different from my sex registered at birth",
            PREFER_NOT_TO_SAY: "Prefer not to say",
        }


class SexualOrientation(Answer):
    HETEROSEXUAL = "heterosexual"
    GAY_LESBIAN = "gay_lesbian"
    BISEXUAL = "bisexual"
    OTHER = "other"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "heterosexual": "Straight or heterosexual",
            "gay_lesbian": "Gay or lesbian",
            "bisexual": "Bisexual",
            "other": "Other sexual orientation",
            PREFER_NOT_TO_SAY: "Prefer not to say",
        }


class Religion(Answer):
    NO_RELIGION = "none"
    CHRISTIAN = "christian"
    BUDDHIST = "buddhist"
    HINDU = "hindu"
    JEWISH = "jewish"
    MUSLIM = "muslim"
    SIKH = "sikh"
    OTHER = "other"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "none": "No religion",
            "christian": "Christian",
            "buddhist": "Buddhist",
            "hindu": "Hindu",
            "jewish": "Jewish",
            "muslim": "Muslim",
            "sikh": "Sikh",
            "other": "Any other religion or belief",
            PREFER_NOT_TO_SAY: "Prefer not to say",
        }


#: The questions in the order the form asks them: (attribute, answer enum).
QUESTIONS: list[tuple[str, type[Answer]]] = [
    ("ethnicity", EthnicGroup),
    ("disability", Disability),
    ("sex", Sex),
    ("gender_identity", GenderIdentity),
    ("sexual_orientation", SexualOrientation),
    ("religion", Religion),
]
#: How each question is named in summaries and exports.
QUESTION_LABELS = {
    "ethnicity": "Ethnic group",
    "disability": "Disability",
    "sex": "Sex",
    "gender_identity": "Gender identity",
    "sexual_orientation": "Sexual orientation",
    "religion": "Religion or belief",
}


class EdiProfile(db.Model):
    """One person's answers. Individual values are readable by that person alone; statistics
    use them only while consent stands (``consent_withdrawn_at`` is null)."""

    __tablename__ = "edi_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    ethnicity: Mapped[EthnicGroup | None] = mapped_column(enum_column(EthnicGroup, "ethnicity"))
    disability: Mapped[Disability | None] = mapped_column(enum_column(Disability, "disability"))
    sex: Mapped[Sex | None] = mapped_column(enum_column(Sex, "sex"))
    gender_identity: Mapped[GenderIdentity | None] = mapped_column(enum_column(GenderIdentity, "gender_identity"))
    sexual_orientation: Mapped[SexualOrientation | None] = mapped_column(
        enum_column(SexualOrientation, "sexual_orientation")
    )
    religion: Mapped[Religion | None] = mapped_column(enum_column(Religion, "religion"))
    #: Kept only to place the person in an age band; never shown to anyone else.
    date_of_birth: Mapped[date | None]
    date_of_birth_withheld: Mapped[bool] = mapped_column(default=False)
    #: The wording the person agreed to (``EDI_CONSENT_VERSION`` in config) and when.
    consent_version: Mapped[str] = mapped_column(String(20))
    consent_given_at: Mapped[datetime] = mapped_column(UTCDateTime)
    consent_withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def consented(self) -> bool:
        return self.consent_withdrawn_at is None


#: Age bands for statistics: (label, youngest age in the band). The last band is open-ended.
AGE_BANDS: list[tuple[str, int]] = [
    ("16 to 24", 16),
    ("25 to 34", 25),
    ("35 to 44", 35),
    ("45 to 54", 45),
    ("55 to 64", 55),
    ("65 and over", 65),
]
