"""Leadership and management standards as versioned data.

framework (one version of it) → domain → standard → behaviour statement, and each framework
version has its own rating scale. A new version is a copy with new rows: appraisal ratings and
programme mappings keep pointing at the rows of the version they were made against, and a
standard's ``code`` stays the same from one version to the next so rules can follow it.
"""

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talent.auth.targets import NATIONAL, Target
from talent.db import UTCDateTime, utcnow
from talent.enums import enum_column
from talent.extensions import db


class FrameworkStatus(enum.Enum):
    DRAFT = "draft"
    ACTIVE = "active"
    RETIRED = "retired"

    @property
    def label(self) -> str:
        return {"draft": "Draft", "active": "In use", "retired": "Replaced"}[self.value]


class Framework(db.Model):
    """One version of a framework. At most one version of each ``code`` is active."""

    __tablename__ = "frameworks"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable across versions, for example "lcf".
    code: Mapped[str] = mapped_column(String(20))
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    publisher: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[FrameworkStatus] = mapped_column(enum_column(FrameworkStatus, "framework_status"))
    published_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    domains: Mapped[list["Domain"]] = relationship(
        back_populates="framework", order_by="Domain.position", cascade="all, delete-orphan"
    )
    scale: Mapped[list["ScalePoint"]] = relationship(order_by="ScalePoint.position", cascade="all, delete-orphan")

    @property
    def name(self) -> str:
        return f"{self.title} (version {self.version})"

    def policy_target(self) -> Target:
        return NATIONAL


class ScalePoint(db.Model):
    """One point of a framework's rating scale, in order from the lowest."""

    __tablename__ = "scale_points"
    __table_args__ = (UniqueConstraint("framework_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id", ondelete="CASCADE"))
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(80))
    #: False for answers such as "No chance to demonstrate", which are not a rating.
    is_rating: Mapped[bool] = mapped_column(default=True)


class Domain(db.Model):
    __tablename__ = "framework_domains"
    __table_args__ = (UniqueConstraint("framework_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int]

    framework: Mapped[Framework] = relationship(back_populates="domains")
    standards: Mapped[list["Standard"]] = relationship(
        back_populates="domain", order_by="Standard.position", cascade="all, delete-orphan"
    )


class Standard(db.Model):
    __tablename__ = "standards"
    __table_args__ = (
        UniqueConstraint("domain_id", "code"),
        CheckConstraint("level IS NULL OR (level BETWEEN 1 AND 5)", name="level_1_to_5"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    domain_id: Mapped[int] = mapped_column(ForeignKey("framework_domains.id", ondelete="CASCADE"), index=True)
    #: The same in every version of the framework, for example "MLS-3-PEOPLE".
    code: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(200))
    #: For the management standards: 1 (entry) to 5 (executive). None where levels do not apply.
    level: Mapped[int | None]
    position: Mapped[int]

    domain: Mapped[Domain] = relationship(back_populates="standards")
    statements: Mapped[list["BehaviourStatement"]] = relationship(
        back_populates="standard", order_by="BehaviourStatement.position", cascade="all, delete-orphan"
    )


class BehaviourStatement(db.Model):
    __tablename__ = "behaviour_statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("standards.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int]

    standard: Mapped[Standard] = relationship(back_populates="statements")

    def policy_target(self) -> Target:
        return NATIONAL


#: The management standards' levels, as the NHS Management and Leadership Framework names its
#: range (entry level to executive); the names between are this service's.
MANAGEMENT_LEVELS = {
    1: "Entry level",
    2: "First-line manager",
    3: "Middle manager",
    4: "Senior manager",
    5: "Executive",
}
