import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talent.auth.targets import Target
from talent.db import UTCDateTime, utcnow
from talent.enums import enum_column
from talent.extensions import db
from talent.orgs.models import Organisation


class Band(enum.Enum):
    """Agenda for Change bands 2 to 9, very senior managers, and board office-holders."""

    AFC_2 = "2"
    AFC_3 = "3"
    AFC_4 = "4"
    AFC_5 = "5"
    AFC_6 = "6"
    AFC_7 = "7"
    AFC_8A = "8a"
    AFC_8B = "8b"
    AFC_8C = "8c"
    AFC_8D = "8d"
    AFC_9 = "9"
    VSM = "vsm"
    NED = "ned"
    CHAIR = "chair"

    @property
    def label(self) -> str:
        if self.name.startswith("AFC_"):
            return f"Band {self.value}"
        return {"vsm": "Very senior manager", "ned": "Non-executive director", "chair": "Chair"}[self.value]

    @property
    def rank(self) -> int:
        """Seniority order for "band X or above" rules; board roles rank above VSM."""
        return _BAND_RANKS[self]

    @property
    def is_board(self) -> bool:
        return self in (Band.NED, Band.CHAIR)

    @classmethod
    def parse(cls, text: str) -> "Band":
        """Accept '8a', 'Band 8a', 'AfC 8A', 'VSM', 'NED', 'chair'; raise ValueError otherwise."""
        cleaned = text.strip().lower()
        for prefix in ("band ", "afc "):
            cleaned = cleaned.removeprefix(prefix)
        band = _BANDS_BY_VALUE.get(cleaned)
        if band is None:
            raise ValueError(f"'{text}' is not a band (expected 2 to 9, 8a to 8d, VSM, NED or chair)")
        return band


# Looked up for every row of a staff file (a million at national size): dictionaries, not scans
# of the members.
_BAND_RANKS = {band: rank for rank, band in enumerate(Band)}
_BANDS_BY_VALUE = {band.value: band for band in Band}


class ProfessionalGroup(enum.Enum):
    """ESR staff groups."""

    ADDITIONAL_PROFESSIONAL_SCIENTIFIC = "add_prof_scientific_technical"
    ADDITIONAL_CLINICAL_SERVICES = "additional_clinical_services"
    ADMINISTRATIVE_CLERICAL = "administrative_clerical"
    ALLIED_HEALTH_PROFESSIONALS = "allied_health_professionals"
    ESTATES_ANCILLARY = "estates_ancillary"
    HEALTHCARE_SCIENTISTS = "healthcare_scientists"
    MEDICAL_DENTAL = "medical_dental"
    NURSING_MIDWIFERY = "nursing_midwifery_registered"
    STUDENTS = "students"

    @property
    def label(self) -> str:
        return {
            "add_prof_scientific_technical": "Additional professional scientific and technical",
            "additional_clinical_services": "Additional clinical services",
            "administrative_clerical": "Administrative and clerical",
            "allied_health_professionals": "Allied health professionals",
            "estates_ancillary": "Estates and ancillary",
            "healthcare_scientists": "Healthcare scientists",
            "medical_dental": "Medical and dental",
            "nursing_midwifery_registered": "Nursing and midwifery registered",
            "students": "Students",
        }[self.value]


class Person(db.Model):
    __tablename__ = "people"
    # Lists of people are in surname order and read a page at a time from a cursor.
    __table_args__ = (Index("ix_people_name_order", "family_name", "given_name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    #: Stored lower-case so look-ups by email are exact.
    work_email: Mapped[str] = mapped_column(String(254), unique=True)
    professional_group: Mapped[ProfessionalGroup | None] = mapped_column(
        enum_column(ProfessionalGroup, "professional_group")
    )
    #: ESR-style employee number; the natural key of the staff import.
    employee_number: Mapped[str | None] = mapped_column(String(20), unique=True)
    #: The employing organisation; HR admins' scope is decided by it.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    organisation: Mapped[Organisation] = relationship()
    posts: Mapped[list["Post"]] = relationship(
        back_populates="holder", foreign_keys="Post.person_id", order_by="Post.start_date.desc()"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def __repr__(self) -> str:
        return f"<Person id={self.id} {self.employee_number or self.work_email}>"

    def policy_target(self) -> Target:
        return Target(self.id, self.organisation_id, self.organisation.region_id)


class Post(db.Model):
    """A post in an organisation at a band, held by one person from its start date.

    A post without a holder is vacant. Reporting lines run between posts, so a manager is
    whoever holds the post that another post reports to.
    """

    __tablename__ = "posts"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_in_order"),
        CheckConstraint("reports_to_post_id IS NULL OR reports_to_post_id <> id", name="not_own_manager"),
        Index("ix_posts_person_current", "person_id", "end_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    band: Mapped[Band] = mapped_column(enum_column(Band, "band"), index=True)
    #: The directorate the post sits in (ESR's organisation hierarchy), as the trust names it.
    directorate: Mapped[str | None] = mapped_column(String(120))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    reports_to_post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)

    organisation: Mapped[Organisation] = relationship()
    holder: Mapped[Person | None] = relationship(back_populates="posts", foreign_keys=[person_id])
    reports_to: Mapped["Post | None"] = relationship(remote_side=[id])

    __mapper_args__ = {"version_id_col": version}

    def is_current(self, on: date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)

    def __repr__(self) -> str:
        return f"<Post id={self.id} {self.title!r} band={self.band.value}>"

    def policy_target(self) -> Target:
        return Target(self.person_id, self.organisation_id, self.organisation.region_id)
