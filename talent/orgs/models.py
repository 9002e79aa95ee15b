import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talent.auth.targets import Target
from talent.db import UTCDateTime, utcnow
from talent.enums import enum_column
from talent.extensions import db
from talent.orgs.names import display_name


class OrganisationType(enum.Enum):
    NHS_TRUST = "nhs_trust"
    FOUNDATION_TRUST = "foundation_trust"
    ICB = "icb"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "nhs_trust": "NHS trust",
            "foundation_trust": "NHS foundation trust",
            "icb": "Integrated care board",
            "other": "Other organisation",
        }[self.value]


class Region(db.Model):
    """One of NHS England's seven regions, keyed by its ODS national grouping code."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ODS national grouping code, for example Y56 for London.
    code: Mapped[str] = mapped_column(String(3), unique=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)

    def __repr__(self) -> str:
        return f"<Region {self.code} {self.name}>"

    def policy_target(self) -> Target:
        return Target(region_id=self.id)


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (CheckConstraint("easting IS NULL OR easting >= 0", name="easting_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ods_code: Mapped[str] = mapped_column(String(10), unique=True)
    #: The name as ODS publishes it (upper case); :attr:`display_name` is for people.
    name: Mapped[str] = mapped_column(String(200))
    org_type: Mapped[OrganisationType] = mapped_column(enum_column(OrganisationType, "org_type"))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    #: ODS "high level health geography": the ICB (or predecessor) code the trust sits in.
    icb_code: Mapped[str | None] = mapped_column(String(10))
    address: Mapped[str] = mapped_column(String(400), default="")
    postcode: Mapped[str | None] = mapped_column(String(10))
    opened_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    is_active: Mapped[bool] = mapped_column(default=True, index=True)
    #: British National Grid reference of the headquarters, in metres, where known.
    easting: Mapped[int | None]
    northing: Mapped[int | None]
    in_recovery_support: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    region: Mapped[Region | None] = relationship(lazy="joined")
    segments: Mapped[list["OversightSegment"]] = relationship(
        back_populates="organisation", order_by="OversightSegment.effective_from.desc()"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def display_name(self) -> str:
        return display_name(self.name)

    def __repr__(self) -> str:
        return f"<Organisation {self.ods_code}>"

    def policy_target(self) -> Target:
        return Target(None, self.id, self.region_id)


class OversightSegment(db.Model):
    """An NHS Oversight Framework segment for one organisation from a date onwards."""

    __tablename__ = "oversight_segments"
    __table_args__ = (
        CheckConstraint("segment BETWEEN 1 AND 5", name="segment_range"),
        UniqueConstraint(
            "organisation_id", "effective_from", "framework_version", name="uq_oversight_segments_org_date"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    segment: Mapped[int]
    effective_from: Mapped[date]
    #: The oversight framework the segment was given under, for example "NOF 2025/26".
    framework_version: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="segments")

    def __repr__(self) -> str:
        return f"<OversightSegment org={self.organisation_id} {self.segment} from {self.effective_from}>"
