"""Talent conversations, readiness levels, talent pools and their members, and calibration
reviews.

A conversation is the line manager's record of a Scope for Growth conversation with one person:
where they are on the framework's two axes (impact and growth ambition), which way they want to
grow (depth, breadth or stretch), how ready they are and for what, where they would work, and
their aspirational development plan. The person agrees it or says where they differ. A new
conversation replaces the current one; older ones are kept as history.
"""

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talent.auth.targets import Target
from talent.db import UTCDateTime, utcnow
from talent.enums import enum_column
from talent.extensions import db
from talent.orgs.models import Organisation, Region
from talent.people.models import Band, Person, ProfessionalGroup
from talent.programmes.models import Programme


class ReadinessLevel(db.Model):
    """One entry of the configurable readiness list. ``position`` 1 is the most ready; the level
    marked ``ready_now`` is the one the fairness check compares groups on."""

    __tablename__ = "readiness_levels"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(unique=True)
    ready_now: Mapped[bool] = mapped_column(default=False)
    #: Retired levels stay on the conversations that used them but are no longer offered.
    in_use: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<ReadinessLevel {self.code}>"


class Axis(enum.Enum):
    """A position on one of Scope for Growth's two axes (impact; growth ambition)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def rank(self) -> int:
        return list(Axis).index(self)


class GrowthDirection(enum.Enum):
    DEPTH = "depth"
    BREADTH = "breadth"
    STRETCH = "stretch"

    @property
    def label(self) -> str:
        return {
            "depth": "Depth: grow in the current role or profession",
            "breadth": "Breadth: broaden into other areas or functions",
            "stretch": "Stretch: move to a role of greater complexity or level",
        }[self.value]

    @property
    def short_label(self) -> str:
        return self.value.capitalize()


class TargetRole(enum.Enum):
    """Kinds of senior role people aim for, as NHS boards and recruiters name them."""

    CHIEF_EXECUTIVE = "chief_executive"
    CHIEF_OPERATING_OFFICER = "chief_operating_officer"
    DIRECTOR_OF_FINANCE = "director_of_finance"
    DIRECTOR_OF_NURSING = "director_of_nursing"
    MEDICAL_DIRECTOR = "medical_director"
    DIRECTOR_OF_WORKFORCE = "director_of_workforce"
    DIRECTOR_OF_STRATEGY = "director_of_strategy"
    OTHER_DIRECTOR = "other_director"
    SENIOR_MANAGER = "senior_manager"
    SERVICE_MANAGER = "service_manager"
    CLINICAL_LEADER = "clinical_leader"

    @property
    def label(self) -> str:
        return {
            "chief_executive": "Chief executive",
            "chief_operating_officer": "Chief operating officer",
            "director_of_finance": "Director of finance",
            "director_of_nursing": "Director of nursing",
            "medical_director": "Medical director",
            "director_of_workforce": "Director of workforce",
            "director_of_strategy": "Director of strategy",
            "other_director": "Another director role",
            "senior_manager": "Senior manager",
            "service_manager": "Service manager",
            "clinical_leader": "Clinical leader",
        }[self.value]


class TravelFrom(enum.Enum):
    HOME = "home"
    WORKPLACE = "workplace"

    @property
    def label(self) -> str:
        return {"home": "From home (postcode district)", "workplace": "From their organisation's headquarters"}[
            self.value
        ]


class Response(enum.Enum):
    AWAITING = "awaiting"
    AGREED = "agreed"
    DIFFERS = "differs"

    @property
    def label(self) -> str:
        return {"awaiting": "Waiting for agreement", "agreed": "Agreed", "differs": "Person differs"}[self.value]

    @property
    def tag_class(self) -> str:
        return {"awaiting": "nhsuk-tag--yellow", "agreed": "nhsuk-tag--green", "differs": "nhsuk-tag--orange"}[
            self.value
        ]


conversation_regions = Table(
    "talent_conversation_regions",
    db.metadata,
    Column("conversation_id", ForeignKey("talent_conversations.id", ondelete="CASCADE"), primary_key=True),
    Column("region_id", ForeignKey("regions.id"), primary_key=True),
)

conversation_programmes = Table(
    "talent_conversation_programmes",
    db.metadata,
    Column("conversation_id", ForeignKey("talent_conversations.id", ondelete="CASCADE"), primary_key=True),
    Column("programme_id", ForeignKey("programmes.id"), primary_key=True),
)

_CURRENT_SQL = "replaced_at IS NULL"


class TalentConversation(db.Model):
    __tablename__ = "talent_conversations"
    __table_args__ = (
        # One current conversation per person; the ones it replaced keep their replaced_at.
        Index(
            "uq_talent_conversations_current",
            "person_id",
            unique=True,
            sqlite_where=text(_CURRENT_SQL),
            postgresql_where=text(_CURRENT_SQL),
        ),
        Index("ix_talent_conversations_held", "person_id", "held_on"),
        CheckConstraint("max_travel_km IS NULL OR max_travel_km BETWEEN 1 AND 1000", name="travel_in_range"),
        CheckConstraint("facilitator_id <> person_id", name="not_own_facilitator"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    #: The line manager who held the conversation and recorded it.
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    held_on: Mapped[date]
    impact: Mapped[Axis] = mapped_column(enum_column(Axis, "impact"))
    growth: Mapped[Axis] = mapped_column(enum_column(Axis, "growth"))
    direction: Mapped[GrowthDirection] = mapped_column(enum_column(GrowthDirection, "growth_direction"))
    readiness_id: Mapped[int] = mapped_column(ForeignKey("readiness_levels.id"), index=True)
    target_band: Mapped[Band | None] = mapped_column(enum_column(Band, "target_band"))
    target_role: Mapped[TargetRole | None] = mapped_column(enum_column(TargetRole, "target_role"))
    target_professional_group: Mapped[ProfessionalGroup | None] = mapped_column(
        enum_column(ProfessionalGroup, "professional_group")
    )
    aspirations: Mapped[str] = mapped_column(Text, default="")
    willing_challenged: Mapped[bool] = mapped_column(default=False)
    #: Mobility is either a list of regions or a distance from somewhere (or both).
    max_travel_km: Mapped[int | None]
    travel_from: Mapped[TravelFrom | None] = mapped_column(enum_column(TravelFrom, "travel_from"))
    #: The outward code only (for example "LS1"): enough to measure travel, not an address.
    home_postcode_district: Mapped[str | None] = mapped_column(String(4))
    development_plan: Mapped[str] = mapped_column(Text, default="")
    #: ExperienceTag values separated by commas: what challenged posts look for.
    experience: Mapped[str] = mapped_column(String(200), default="")
    response: Mapped[Response] = mapped_column(enum_column(Response, "talent_response"), default=Response.AWAITING)
    response_comment: Mapped[str] = mapped_column(Text, default="")
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    facilitator: Mapped[Person] = relationship(foreign_keys=[facilitator_id])
    readiness: Mapped[ReadinessLevel] = relationship(lazy="joined")
    regions: Mapped[list[Region]] = relationship(secondary=conversation_regions, order_by="Region.name")
    programmes: Mapped[list[Programme]] = relationship(secondary=conversation_programmes, order_by="Programme.title")

    __mapper_args__ = {"version_id_col": version}

    @property
    def experience_tags(self) -> list["ExperienceTag"]:
        return tags_of(self.experience)

    @property
    def is_current(self) -> bool:
        return self.replaced_at is None

    def policy_target(self) -> Target:
        from talent.pipeline.queries import self_nominated_regions

        organisation = self.person.organisation
        return Target(
            self.person_id,
            self.person.organisation_id,
            organisation.region_id,
            other_region_ids=self_nominated_regions(self.person_id),
        )


class TalentPool(db.Model):
    """A region's pool (or a national one, with no region) and its entry criteria."""

    __tablename__ = "talent_pools"
    __table_args__ = (
        CheckConstraint(
            "conversation_within_months IS NULL OR conversation_within_months >= 1", name="months_positive"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    #: None for a national pool (chief executives, directors).
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    #: The level the pool prepares people for; its prerequisite rules must be met to join.
    level: Mapped[Band] = mapped_column(enum_column(Band, "level"))
    min_band: Mapped[Band] = mapped_column(enum_column(Band, "min_band"))
    max_band: Mapped[Band] = mapped_column(enum_column(Band, "max_band"))
    #: The least ready level accepted (None: any readiness).
    readiness_id: Mapped[int | None] = mapped_column(ForeignKey("readiness_levels.id"))
    #: A talent conversation must have been held within this many months (None: not required).
    conversation_within_months: Mapped[int | None]
    review_on: Mapped[date]
    description: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    region: Mapped[Region | None] = relationship(lazy="joined")
    readiness: Mapped[ReadinessLevel | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    @property
    def scope_label(self) -> str:
        return self.region.name if self.region else "National"

    def policy_target(self) -> Target:
        return Target(region_id=self.region_id)


class NominationRoute(enum.Enum):
    SELF = "self"
    LINE_MANAGER = "line_manager"
    HR = "hr"
    TALENT_LEAD = "talent_lead"

    @property
    def label(self) -> str:
        return {"self": "Self-nomination", "line_manager": "Line manager", "hr": "HR", "talent_lead": "Talent lead"}[
            self.value
        ]


class MembershipStatus(enum.Enum):
    NOMINATED = "nominated"
    MEMBER = "member"
    DECLINED = "declined"
    LEFT = "left"

    @property
    def label(self) -> str:
        return {"nominated": "Nominated", "member": "In the pool", "declined": "Not approved", "left": "Left"}[
            self.value
        ]

    @property
    def tag_class(self) -> str:
        return {
            "nominated": "nhsuk-tag--yellow",
            "member": "nhsuk-tag--green",
            "declined": "nhsuk-tag--grey",
            "left": "nhsuk-tag--grey",
        }[self.value]


class LeavingReason(enum.Enum):
    PLACED = "placed"
    WITHDREW = "withdrew"
    NO_LONGER_MEETS = "no_longer_meets"

    @property
    def label(self) -> str:
        return {
            "placed": "Placed in a post",
            "withdrew": "Withdrew",
            "no_longer_meets": "No longer meets the criteria",
        }[self.value]


OPEN_MEMBERSHIP = (MembershipStatus.NOMINATED, MembershipStatus.MEMBER)
_OPEN_MEMBERSHIP_SQL = "status IN ('nominated', 'member')"


class PoolMembership(db.Model):
    """A nomination into a pool and, once approved, membership until the person leaves."""

    __tablename__ = "pool_memberships"
    __table_args__ = (
        Index(
            "uq_pool_memberships_open",
            "pool_id",
            "person_id",
            unique=True,
            sqlite_where=text(_OPEN_MEMBERSHIP_SQL),
            postgresql_where=text(_OPEN_MEMBERSHIP_SQL),
        ),
        Index("ix_pool_memberships_pool_status", "pool_id", "status"),
        CheckConstraint("status <> 'left' OR left_reason IS NOT NULL", name="leaving_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pool_id: Mapped[int] = mapped_column(ForeignKey("talent_pools.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    route: Mapped[NominationRoute] = mapped_column(enum_column(NominationRoute, "nomination_route"))
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    nominated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    case: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[MembershipStatus] = mapped_column(
        enum_column(MembershipStatus, "membership_status"), default=MembershipStatus.NOMINATED
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    review_on: Mapped[date | None]
    left_on: Mapped[date | None]
    left_reason: Mapped[LeavingReason | None] = mapped_column(enum_column(LeavingReason, "leaving_reason"))
    left_comment: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    pool: Mapped[TalentPool] = relationship(lazy="joined")
    person: Mapped[Person] = relationship()

    __mapper_args__ = {"version_id_col": version}

    def policy_target(self) -> Target:
        # Decided by the pool's region, whoever the person works for.
        return Target(region_id=self.pool.region_id)


class CalibrationReview(db.Model):
    """A talent review meeting over a pool or over one organisation's band 8a and above."""

    __tablename__ = "calibration_reviews"
    __table_args__ = (CheckConstraint("(pool_id IS NULL) <> (organisation_id IS NULL)", name="pool_or_organisation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    pool_id: Mapped[int | None] = mapped_column(ForeignKey("talent_pools.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    #: The region it belongs to (the pool's or the organisation's); None for a national pool.
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    summary: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    pool: Mapped[TalentPool | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    positions: Mapped[list["CalibrationPosition"]] = relationship(cascade="all, delete-orphan", back_populates="review")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def policy_target(self) -> Target:
        return Target(region_id=self.region_id)


class CalibrationPosition(db.Model):
    """Where one person stands in a review: taken from their current conversation when the review
    opens, then moved by the meeting."""

    __tablename__ = "calibration_positions"

    review_id: Mapped[int] = mapped_column(ForeignKey("calibration_reviews.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    readiness_id: Mapped[int] = mapped_column(ForeignKey("readiness_levels.id"))
    impact: Mapped[Axis] = mapped_column(enum_column(Axis, "impact"))
    growth: Mapped[Axis] = mapped_column(enum_column(Axis, "growth"))
    version: Mapped[int] = mapped_column(default=1)

    review: Mapped[CalibrationReview] = relationship(back_populates="positions")
    person: Mapped[Person] = relationship()
    readiness: Mapped[ReadinessLevel] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    def policy_target(self) -> Target:
        return self.review.policy_target()


class CalibrationMove(db.Model):
    """A move made in the meeting: who, from where, to where, and why."""

    __tablename__ = "calibration_moves"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("calibration_reviews.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    moved_by_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    moved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    from_readiness_id: Mapped[int] = mapped_column(ForeignKey("readiness_levels.id"))
    to_readiness_id: Mapped[int] = mapped_column(ForeignKey("readiness_levels.id"))
    from_impact: Mapped[Axis] = mapped_column(enum_column(Axis, "from_impact"))
    to_impact: Mapped[Axis] = mapped_column(enum_column(Axis, "to_impact"))
    from_growth: Mapped[Axis] = mapped_column(enum_column(Axis, "from_growth"))
    to_growth: Mapped[Axis] = mapped_column(enum_column(Axis, "to_growth"))
    reason: Mapped[str] = mapped_column(Text)

    person: Mapped[Person] = relationship()
    from_readiness: Mapped[ReadinessLevel] = relationship(foreign_keys=[from_readiness_id], lazy="joined")
    to_readiness: Mapped[ReadinessLevel] = relationship(foreign_keys=[to_readiness_id], lazy="joined")


# --- Challenged posts, incentive packages and matching (Messenger recommendations 5 and 7) ---


class ExperienceTag(enum.Enum):
    """Experience a challenged post asks for and a talent conversation records."""

    TURNAROUND = "turnaround"
    FINANCIAL_RECOVERY = "financial_recovery"
    URGENT_EMERGENCY_CARE = "urgent_emergency_care"
    ELECTIVE_RECOVERY = "elective_recovery"
    CULTURE_SPEAKING_UP = "culture_speaking_up"

    @property
    def label(self) -> str:
        return {
            "turnaround": "Turnaround",
            "financial_recovery": "Financial recovery",
            "urgent_emergency_care": "Urgent and emergency care",
            "elective_recovery": "Elective recovery",
            "culture_speaking_up": "Culture and speaking up",
        }[self.value]


def tags_of(text_value: str) -> list[ExperienceTag]:
    return [ExperienceTag(value) for value in (text_value or "").split(",") if value]


class ApprovalStatus(enum.Enum):
    NOT_NEEDED = "not_needed"
    AWAITING = "awaiting"
    APPROVED = "approved"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return {
            "not_needed": "No national approval needed",
            "awaiting": "Awaiting national approval",
            "approved": "Approved nationally",
            "refused": "Refused nationally",
        }[self.value]


class IncentivePackage(db.Model):
    """The support and incentives offered with a challenged post (Messenger recommendation 7).

    A region keeps templates it reuses; a post's package is a copy it can adjust. A package
    whose salary with the uplift passes the national threshold needs national approval before
    the post can be offered (VSM pay framework, BRIEF 8.2).
    """

    __tablename__ = "incentive_packages"
    __table_args__ = (
        CheckConstraint("uplift_percent BETWEEN 0 AND 50", name="uplift_in_range"),
        CheckConstraint("uplift_months BETWEEN 0 AND 60", name="uplift_months_in_range"),
        CheckConstraint("bonus_percent BETWEEN 0 AND 10", name="bonus_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    is_template: Mapped[bool] = mapped_column(default=False)
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("incentive_packages.id"))
    base_salary_pounds: Mapped[int]
    uplift_percent: Mapped[int] = mapped_column(default=0)
    uplift_months: Mapped[int] = mapped_column(default=0)
    relocation_pounds: Mapped[int] = mapped_column(default=0)
    ceo_mentoring: Mapped[bool] = mapped_column(default=False)
    protected_development_days: Mapped[int] = mapped_column(default=0)
    return_guarantee: Mapped[bool] = mapped_column(default=False)
    #: VSM posts only: a performance bonus of up to 10%.
    bonus_percent: Mapped[int] = mapped_column(default=0)
    approval: Mapped[ApprovalStatus] = mapped_column(
        enum_column(ApprovalStatus, "package_approval"), default=ApprovalStatus.NOT_NEEDED
    )
    approval_note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    region: Mapped[Region] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def salary_with_uplift(self) -> int:
        return round(self.base_salary_pounds * (100 + self.uplift_percent) / 100)

    def policy_target(self) -> Target:
        return Target(region_id=self.region_id)


class ChallengedPostStatus(enum.Enum):
    OPEN = "open"
    SHORTLISTING = "shortlisting"
    OFFERED = "offered"
    FILLED = "filled"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ChallengedPost(db.Model):
    """A vacancy or interim need at an organisation the challenged rule flags, with what it asks
    of a leader and the package that comes with it."""

    __tablename__ = "challenged_posts"
    __table_args__ = (
        CheckConstraint("min_behaviours_rating IS NULL OR min_behaviours_rating BETWEEN 1 AND 5", name="rating_range"),
        Index("ix_challenged_posts_region_status", "region_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    #: The organisation's region when the post was created: who runs it and whose pools it draws on.
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    title: Mapped[str] = mapped_column(String(200))
    band: Mapped[Band] = mapped_column(enum_column(Band, "challenged_post_band"))
    role_type: Mapped[TargetRole] = mapped_column(enum_column(TargetRole, "challenged_post_role"))
    #: The least behaviours rating (on the framework's scale) of the latest signed-off appraisal.
    min_behaviours_rating: Mapped[int | None]
    #: ExperienceTag values separated by commas.
    experience: Mapped[str] = mapped_column(String(200), default="")
    interim: Mapped[bool] = mapped_column(default=False)
    starts_on: Mapped[date]
    closing_on: Mapped[date]
    #: Why the organisation counted as challenged when the post was created, in words.
    challenged_because: Mapped[str] = mapped_column(String(300))
    package_id: Mapped[int | None] = mapped_column(ForeignKey("incentive_packages.id"))
    status: Mapped[ChallengedPostStatus] = mapped_column(
        enum_column(ChallengedPostStatus, "challenged_post_status"), default=ChallengedPostStatus.OPEN
    )
    created_by_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    package: Mapped[IncentivePackage | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    @property
    def tags(self) -> list[ExperienceTag]:
        return tags_of(self.experience)

    def policy_target(self) -> Target:
        return Target(organisation_id=self.organisation_id, region_id=self.region_id)


class MatchWeights(db.Model):
    """A region's weights for each matching criterion (whole numbers 0 to 10)."""

    __tablename__ = "match_weights"

    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), primary_key=True)
    #: JSON object: criterion code → weight.
    weights: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class MatchKind(enum.Enum):
    POST = "post"
    REGION = "region"


class MatchRun(db.Model):
    """One run of matching, kept so that it can be read and reproduced months later: the
    weights used and, on each result, the inputs it was scored from with their versions."""

    __tablename__ = "match_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MatchKind] = mapped_column(enum_column(MatchKind, "match_kind"))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    #: The post matched (a run for one post); None for a region-wide assignment.
    post_id: Mapped[int | None] = mapped_column(ForeignKey("challenged_posts.id"), index=True)
    weights: Mapped[str] = mapped_column(Text)
    include_other_regions: Mapped[bool] = mapped_column(default=False)
    include_national: Mapped[bool] = mapped_column(default=False)
    candidates_considered: Mapped[int] = mapped_column(default=0)
    #: Region-wide runs: JSON post id → why it was left unfilled.
    unfilled: Mapped[str] = mapped_column(Text, default="{}")
    run_by_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    run_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    post: Mapped[ChallengedPost | None] = relationship()
    region: Mapped[Region] = relationship(lazy="joined")

    def policy_target(self) -> Target:
        return Target(region_id=self.region_id)


class MatchResult(db.Model):
    """One candidate against one post in a run: their score with each criterion's contribution,
    or the reason they were filtered out; in a region-wide run, whether they were proposed."""

    __tablename__ = "match_results"
    __table_args__ = (Index("ix_match_results_run_post", "run_id", "post_id", "rank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("match_runs.id", ondelete="CASCADE"))
    post_id: Mapped[int] = mapped_column(ForeignKey("challenged_posts.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    #: 1 for the best fit; None when filtered out.
    rank: Mapped[int | None]
    score: Mapped[float | None]
    #: JSON: criterion code → (value 0 to 1, weight, contribution, explanation).
    contributions: Mapped[str] = mapped_column(Text, default="{}")
    #: JSON: what the score was computed from, with the versions of the records read.
    inputs: Mapped[str] = mapped_column(Text, default="{}")
    filtered_because: Mapped[str | None] = mapped_column(Text)
    proposed: Mapped[bool] = mapped_column(default=False)
    #: The talent lead's decision on a proposed pair: None until decided.
    accepted: Mapped[bool | None]

    person: Mapped[Person] = relationship(lazy="joined")
    post: Mapped[ChallengedPost] = relationship()
    run: Mapped[MatchRun] = relationship()

    def policy_target(self) -> Target:
        return Target(region_id=self.run.region_id)


class ShortlistStatus(enum.Enum):
    SHORTLISTED = "shortlisted"
    REMOVED = "removed"
    INTERVIEWED = "interviewed"
    SELECTED = "selected"
    NOT_SELECTED = "not_selected"
    OFFERED = "offered"
    DECLINED = "declined"
    PLACED = "placed"

    @property
    def label(self) -> str:
        return {
            "shortlisted": "Shortlisted",
            "removed": "Taken off the shortlist",
            "interviewed": "Interviewed",
            "selected": "Selected",
            "not_selected": "Not selected",
            "offered": "Offered the post",
            "declined": "Declined the offer",
            "placed": "Placed",
        }[self.value]


#: Shortlist entries that still hold the person for this post (so not for another).
ACTIVE_SHORTLIST = (
    ShortlistStatus.SHORTLISTED,
    ShortlistStatus.INTERVIEWED,
    ShortlistStatus.SELECTED,
    ShortlistStatus.OFFERED,
)


class ShortlistEntry(db.Model):
    """One person on a challenged post's shortlist, from a match run or added by hand (with the
    reason), and how far they got."""

    __tablename__ = "shortlist_entries"
    __table_args__ = (UniqueConstraint("post_id", "person_id", name="uq_shortlist_entries_post_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("challenged_posts.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("match_runs.id"))
    #: Their rank in the run, if they were ranked there.
    run_rank: Mapped[int | None]
    #: Why they were added or taken off by hand, against the run's ranking.
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ShortlistStatus] = mapped_column(
        enum_column(ShortlistStatus, "shortlist_status"), default=ShortlistStatus.SHORTLISTED
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    added_by_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    post: Mapped[ChallengedPost] = relationship()
    person: Mapped[Person] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    def policy_target(self) -> Target:
        return self.post.policy_target()


class Placement(db.Model):
    """A leader placed in a challenged post, and what became of it: still in post at 12 and 24
    months, and the organisation's oversight segment then beside the one at placement."""

    __tablename__ = "placements"
    __table_args__ = (UniqueConstraint("challenged_post_id", name="uq_placements_challenged_post"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    challenged_post_id: Mapped[int] = mapped_column(ForeignKey("challenged_posts.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    #: The post the person went into, made through the usual post creation.
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    previous_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    starts_on: Mapped[date]
    segment_at_placement: Mapped[int | None]
    left_on: Mapped[date | None]
    left_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    challenged_post: Mapped[ChallengedPost] = relationship(lazy="joined")
    person: Mapped[Person] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    def policy_target(self) -> Target:
        return Target(region_id=self.region_id)


class CandidateConflict(db.Model):
    """A candidate's declared conflict of interest with an organisation: they are never matched
    to its challenged posts, and the filter says why."""

    __tablename__ = "candidate_conflicts"
    __table_args__ = (UniqueConstraint("person_id", "organisation_id", name="uq_candidate_conflicts_person_org"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    reason: Mapped[str] = mapped_column(Text)
    declared_by_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PipelineCount(db.Model):
    """People whose home organisation is this one, in one cell of one of the pipeline
    dashboard's tables: the dashboard's summary, so that a region's or England's view does not
    join every current conversation and senior post to the equality answers on each visit.

    ``breakdown`` names the table: ``readiness`` (row: readiness level, column: target level),
    ``since`` (row: ``all``, column: time since the last conversation), or a characteristic key
    of ``pipeline.reports.BREAKDOWNS`` (row: target band group, column: answer). Raw counts
    (small numbers included) live here; only ``pipeline.reports`` reads them, through the
    insights service's disclosure control. Recounted for the person's organisation when a
    conversation is recorded, and for every organisation every 15 minutes (posts, equality
    answers and the passing of time change the rest).
    """

    __tablename__ = "pipeline_counts"
    __table_args__ = (
        UniqueConstraint("breakdown", "organisation_id", "row_key", "column_key", name="uq_pipeline_counts_cell"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    breakdown: Mapped[str] = mapped_column(String(20))
    row_key: Mapped[str] = mapped_column(String(60))
    column_key: Mapped[str] = mapped_column(String(60))
    headcount: Mapped[int]
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime)
