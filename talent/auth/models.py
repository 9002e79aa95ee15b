import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talent.auth.targets import Target
from talent.db import UTCDateTime, utcnow
from talent.enums import enum_column
from talent.extensions import db
from talent.orgs.models import Organisation, Region
from talent.people.models import Person


class Scope(enum.Enum):
    SELF = "self"
    ORGANISATION = "organisation"
    REGION = "region"
    NATIONAL = "national"
    VACANCY = "vacancy"


class Role(enum.Enum):
    """Roles a person can be given. Staff and line manager are not given: every account is
    staff, and line manager follows from the reporting lines."""

    STAFF = "staff"
    LINE_MANAGER = "line_manager"
    HR_ADMIN = "hr_admin"
    PROGRAMME_ADMIN = "programme_admin"
    TALENT_LEAD = "talent_lead"
    NED_TEAM = "ned_team"
    NED_PANEL = "ned_panel"
    BOARD_SECRETARY = "board_secretary"
    SYSTEM_ADMIN = "system_admin"

    @property
    def label(self) -> str:
        return {
            "staff": "Staff",
            "line_manager": "Line manager",
            "hr_admin": "Organisation HR admin",
            "programme_admin": "Programme admin",
            "talent_lead": "Regional talent lead",
            "ned_team": "NED appointments team",
            "ned_panel": "NED panel member",
            "board_secretary": "Board secretary",
            "system_admin": "System admin",
        }[self.value]

    @property
    def scope(self) -> Scope:
        return ROLE_SCOPES[self]

    @property
    def is_derived(self) -> bool:
        return self in (Role.STAFF, Role.LINE_MANAGER)


ROLE_SCOPES = {
    Role.STAFF: Scope.SELF,
    Role.LINE_MANAGER: Scope.SELF,
    Role.HR_ADMIN: Scope.ORGANISATION,
    Role.PROGRAMME_ADMIN: Scope.NATIONAL,
    Role.TALENT_LEAD: Scope.REGION,
    Role.NED_TEAM: Scope.NATIONAL,
    Role.NED_PANEL: Scope.VACANCY,
    Role.BOARD_SECRETARY: Scope.ORGANISATION,
    Role.SYSTEM_ADMIN: Scope.NATIONAL,
}


class Account(UserMixin, db.Model):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Lower-case; the sign-in name.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), unique=True)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person: Mapped[Person | None] = relationship()
    role_assignments: Mapped[list["RoleAssignment"]] = relationship(
        back_populates="account", cascade="all, delete-orphan"
    )

    #: The signed-in session this account was loaded for (not stored on the account): Flask-Login
    #: keeps it in the session cookie, and signing out ends that session row.
    signed_in_session_key = None

    def get_id(self) -> str:
        if not self.signed_in_session_key:
            raise RuntimeError("An account is put in a session only through talent.auth.services.start_session")
        return self.signed_in_session_key

    @property
    def is_active(self) -> bool:
        return self.is_enabled

    def __repr__(self) -> str:
        return f"<Account {self.email}>"


class RoleAssignment(db.Model):
    """A role given to an account, with the organisation or region it applies to."""

    __tablename__ = "role_assignments"
    __table_args__ = (
        UniqueConstraint("account_id", "role", "organisation_id", "region_id", name="uq_role_assignments_scope"),
        CheckConstraint(
            "(role IN ('hr_admin', 'board_secretary') AND organisation_id IS NOT NULL AND region_id IS NULL)"
            " OR (role = 'talent_lead' AND region_id IS NOT NULL AND organisation_id IS NULL)"
            " OR (role IN ('programme_admin', 'ned_team', 'ned_panel', 'system_admin')"
            " AND organisation_id IS NULL AND region_id IS NULL)",
            name="scope_matches_role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    account: Mapped[Account] = relationship(back_populates="role_assignments")
    organisation: Mapped[Organisation | None] = relationship()
    region: Mapped[Region | None] = relationship()

    def __repr__(self) -> str:
        return f"<RoleAssignment {self.role.value} account={self.account_id}>"


class ApiToken(db.Model):
    """A bearer token for the API. Only a SHA-256 hash of the token is stored: the token itself
    is shown once, when it is created."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    account: Mapped[Account] = relationship()

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} account={self.account_id}>"

    def policy_target(self) -> Target:
        return Target(account_id=self.account_id)


class SignedInSession(db.Model):
    """One signed-in browser session, kept on the server so that signing out ends it for good: a
    copy of the cookie made before sign-out finds no row. Only a hash of the key is stored."""

    __tablename__ = "signed_in_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    account: Mapped[Account] = relationship()


class ThrottleScope(enum.Enum):
    """What a count of failed sign-ins is kept for."""

    #: One email address from one source address: what stops a single guesser quickly.
    PAIR = "pair"
    #: One source address, whatever the email: what stops one source trying many accounts.
    ADDRESS = "address"
    #: One email address from anywhere: what slows guessing spread over many sources.
    ACCOUNT = "account"


class SignInThrottle(db.Model):
    """Failed sign-ins counted for an email, a source address or both, and until when further
    attempts are refused. Keyed by a hash, so the table holds neither addresses nor emails, and
    kept for emails with no account too, so that throttling says nothing about who has one."""

    __tablename__ = "sign_in_throttles"
    __table_args__ = (UniqueConstraint("scope", "key_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[ThrottleScope] = mapped_column(enum_column(ThrottleScope, "scope"))
    key_hash: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(default=0)
    last_failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
