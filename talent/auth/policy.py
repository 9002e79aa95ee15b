"""Who may do what to which object: the one place permissions are decided.

Every route declares a permission with :func:`requires` (or is marked :func:`public`). A
permission names, per role, how far the role reaches:

- ``SELF``: only the account's own person;
- ``REPORTS``: people in the line-management chain below the account's person;
- ``ASSIGNED``: whatever the role assignment covers (an organisation, a region, or national);
- ``ANY``: every object (public reference data such as the ODS organisation list).

Anything not in :data:`PERMISSIONS` is denied; asking about an unknown permission is a bug and
raises ``ValueError``. A role that lacks a permission altogether gets 403; an object outside
the role's reach gets 404, so that ids cannot be used to discover what exists elsewhere.
"""

import enum
from dataclasses import dataclass, field
from datetime import date
from functools import cache, wraps

from flask import abort, g
from flask_login import current_user
from sqlalchemy import Date, bindparam, exists, false, or_, select, true
from sqlalchemy.orm import aliased

from talent.auth.models import Account, Role, Scope
from talent.auth.targets import Target
from talent.errors import Forbidden, NotFound
from talent.extensions import db, login_manager
from talent.people.models import Post
from talent.people.queries import current_post_filter, reporting_chain_person_ids


class Reach(enum.Enum):
    SELF = "self"
    REPORTS = "reports"
    ASSIGNED = "assigned"
    ANY = "any"


_EVERY_ROLE = {role: Reach.ANY for role in Role}
#: Things that belong to the account itself (notifications, tokens): every role, own only.
_EVERY_ROLE_SELF = {role: Reach.SELF for role in Role}

PERMISSIONS: dict[str, dict[Role, Reach]] = {
    "home.view": _EVERY_ROLE,
    "organisation.list": _EVERY_ROLE,
    "organisation.view": _EVERY_ROLE,
    "organisation.record_segment": {Role.TALENT_LEAD: Reach.ASSIGNED, Role.SYSTEM_ADMIN: Reach.ASSIGNED},
    "board.view": {
        Role.BOARD_SECRETARY: Reach.ASSIGNED,
        Role.NED_TEAM: Reach.ASSIGNED,
        Role.SYSTEM_ADMIN: Reach.ASSIGNED,
    },
    # The appointments team finds candidates and office-holders across England.
    "person.list": {
        Role.HR_ADMIN: Reach.ASSIGNED,
        Role.TALENT_LEAD: Reach.ASSIGNED,
        Role.NED_TEAM: Reach.ASSIGNED,
        Role.SYSTEM_ADMIN: Reach.ASSIGNED,
    },
    "person.view": {
        Role.STAFF: Reach.SELF,
        Role.LINE_MANAGER: Reach.REPORTS,
        Role.HR_ADMIN: Reach.ASSIGNED,
        Role.TALENT_LEAD: Reach.ASSIGNED,
        Role.NED_TEAM: Reach.ASSIGNED,
        Role.SYSTEM_ADMIN: Reach.ASSIGNED,
    },
    "post.edit": {Role.HR_ADMIN: Reach.ASSIGNED, Role.SYSTEM_ADMIN: Reach.ASSIGNED},
    "account.list": {Role.SYSTEM_ADMIN: Reach.ASSIGNED},
    "audit.search": {Role.SYSTEM_ADMIN: Reach.ASSIGNED},
    "job.list": {Role.SYSTEM_ADMIN: Reach.ASSIGNED},
    "notification.view": _EVERY_ROLE_SELF,
    "token.manage": _EVERY_ROLE_SELF,
    "me.view": _EVERY_ROLE_SELF,
    # Equality monitoring answers: the person alone, whatever other roles they hold. HR,
    # managers and admins reach them only as counts, through talent.insights.
    "edi.own": _EVERY_ROLE_SELF,
    # Standards are reference data for everyone; programme admins keep them up to date.
    "standard.view": _EVERY_ROLE,
    "standard.manage": {Role.PROGRAMME_ADMIN: Reach.ASSIGNED, Role.SYSTEM_ADMIN: Reach.ASSIGNED},
    # Programmes: the catalogue is for everyone; programme admins run cohorts and record results.
    "programme.view": _EVERY_ROLE,
    "programme.manage": {Role.PROGRAMME_ADMIN: Reach.ASSIGNED, Role.SYSTEM_ADMIN: Reach.ASSIGNED},
    # A person's learning record and eligibility: themselves, their managers, and the teams
    # that plan development for their organisation or region.
    "learning.view": {
        Role.STAFF: Reach.SELF,
        Role.LINE_MANAGER: Reach.REPORTS,
        Role.HR_ADMIN: Reach.ASSIGNED,
        Role.TALENT_LEAD: Reach.ASSIGNED,
        Role.PROGRAMME_ADMIN: Reach.ASSIGNED,
        Role.SYSTEM_ADMIN: Reach.ASSIGNED,
    },
    "team.view": {Role.LINE_MANAGER: Reach.REPORTS},
    # Putting someone into a post; the national appointments team appoints to boards.
    "post.create": {Role.HR_ADMIN: Reach.ASSIGNED, Role.NED_TEAM: Reach.ASSIGNED, Role.SYSTEM_ADMIN: Reach.ASSIGNED},
    # Appointing someone who does not meet the prerequisites, with a reason that is audited.
    "eligibility.override": {Role.NED_TEAM: Reach.ASSIGNED, Role.SYSTEM_ADMIN: Reach.ASSIGNED},
    # Appraisals: the appraisee, their line-management chain and their organisation's HR admin.
    # Which of them may do each step (self-assessment, manager assessment, sign-off) is a rule
    # of the workflow in talent.appraisals.services.
    "appraisal.view": {Role.STAFF: Reach.SELF, Role.LINE_MANAGER: Reach.REPORTS, Role.HR_ADMIN: Reach.ASSIGNED},
    "appraisal.edit": {Role.STAFF: Reach.SELF, Role.LINE_MANAGER: Reach.REPORTS},
    "appraisal.start": {Role.LINE_MANAGER: Reach.REPORTS, Role.HR_ADMIN: Reach.ASSIGNED},
    # After sign-off: corrections (as audited amendments) and the outcome of an escalated
    # disagreement, by the management chain above the appraisee or HR.
    "appraisal.review": {Role.LINE_MANAGER: Reach.REPORTS, Role.HR_ADMIN: Reach.ASSIGNED},
    # Board members' appraisals at trusts and ICBs, once submitted to the region.
    "appraisal.endorse": {Role.TALENT_LEAD: Reach.ASSIGNED},
    # 360 feedback: a colleague answers only the requests sent to them.
    "feedback.give": _EVERY_ROLE_SELF,
    # Ratings by protected characteristic, disclosure-controlled: organisations and regions.
    "appraisal.fairness": {
        Role.HR_ADMIN: Reach.ASSIGNED,
        Role.TALENT_LEAD: Reach.ASSIGNED,
        Role.SYSTEM_ADMIN: Reach.ASSIGNED,
    },
    "appraisal_cycle.manage": {Role.HR_ADMIN: Reach.ASSIGNED, Role.SYSTEM_ADMIN: Reach.ASSIGNED},
    # Completion counts: a manager's team, an organisation's HR, a region's talent lead.
    "appraisal.completion": {
        Role.LINE_MANAGER: Reach.REPORTS,
        Role.HR_ADMIN: Reach.ASSIGNED,
        Role.TALENT_LEAD: Reach.ASSIGNED,
        Role.SYSTEM_ADMIN: Reach.ASSIGNED,
    },
    # Disclosure-controlled counts for the organisations or region the role covers.
    "insights.workforce": {
        Role.HR_ADMIN: Reach.ASSIGNED,
        Role.TALENT_LEAD: Reach.ASSIGNED,
        Role.SYSTEM_ADMIN: Reach.ASSIGNED,
    },
    # The talent pipeline. A person's talent conversations and pool memberships: the person,
    # their line-management chain, their organisation's HR and their region's talent lead (and
    # the talent leads of regions whose pools they nominated themselves into).
    "talent.view": {
        Role.STAFF: Reach.SELF,
        Role.LINE_MANAGER: Reach.REPORTS,
        Role.HR_ADMIN: Reach.ASSIGNED,
        Role.TALENT_LEAD: Reach.ASSIGNED,
        Role.SYSTEM_ADMIN: Reach.ASSIGNED,
    },
    # The line manager holds and records the conversation (the service also checks the chain).
    "talent_conversation.record": {Role.LINE_MANAGER: Reach.REPORTS},
    # Only the person agrees it or says where they differ.
    "talent_conversation.respond": {Role.STAFF: Reach.SELF},
    # Nominating into a pool: oneself, one's reports, one's organisation's staff (HR) or the
    # region's people (its talent lead).
    "talent_pool.nominate": {
        Role.STAFF: Reach.SELF,
        Role.LINE_MANAGER: Reach.REPORTS,
        Role.HR_ADMIN: Reach.ASSIGNED,
        Role.TALENT_LEAD: Reach.ASSIGNED,
    },
    # Running pools (criteria, decisions, leavers) and calibration meetings: the region's
    # talent lead; national pools and every region, national admins.
    "talent_pool.manage": {Role.TALENT_LEAD: Reach.ASSIGNED, Role.SYSTEM_ADMIN: Reach.ASSIGNED},
    "calibration.run": {Role.TALENT_LEAD: Reach.ASSIGNED, Role.SYSTEM_ADMIN: Reach.ASSIGNED},
    "pipeline.dashboard": {Role.TALENT_LEAD: Reach.ASSIGNED, Role.SYSTEM_ADMIN: Reach.ASSIGNED},
    # Challenged posts, packages and matching: the region's talent lead; national admins anywhere.
    "challenged_post.manage": {Role.TALENT_LEAD: Reach.ASSIGNED, Role.SYSTEM_ADMIN: Reach.ASSIGNED},
    # Packages over the VSM pay threshold: NHS England's national team.
    "incentive_package.approve": {Role.SYSTEM_ADMIN: Reach.ASSIGNED},
    # NED appointments. The national appointments team runs vacancies and sees the whole process
    # (never a candidate's monitoring answers); a panel member reaches only the vacancies whose
    # panel they sit on; board secretaries see their organisation's vacancies.
    "ned_vacancy.view": {
        Role.NED_TEAM: Reach.ASSIGNED,
        Role.SYSTEM_ADMIN: Reach.ASSIGNED,
        Role.NED_PANEL: Reach.ASSIGNED,
        Role.BOARD_SECRETARY: Reach.ASSIGNED,
    },
    "ned_vacancy.manage": {Role.NED_TEAM: Reach.ASSIGNED, Role.SYSTEM_ADMIN: Reach.ASSIGNED},
    # Open vacancies are advertised to everyone; anyone with an account may apply.
    "ned_vacancy.apply": _EVERY_ROLE,
    "ned_application.view": {
        Role.STAFF: Reach.SELF,
        Role.NED_TEAM: Reach.ASSIGNED,
        Role.SYSTEM_ADMIN: Reach.ASSIGNED,
        Role.NED_PANEL: Reach.ASSIGNED,
    },
    "ned_panel.score": {Role.NED_PANEL: Reach.ASSIGNED},
    # The panel's scores and decisions: its members and the appointments team, not the board.
    "ned_scores.view": {
        Role.NED_TEAM: Reach.ASSIGNED,
        Role.SYSTEM_ADMIN: Reach.ASSIGNED,
        Role.NED_PANEL: Reach.ASSIGNED,
    },
    # Appointments, reappointments and the ends of terms are the appointments team's to record.
    "ned_appointment.manage": {Role.NED_TEAM: Reach.ASSIGNED, Role.SYSTEM_ADMIN: Reach.ASSIGNED},
    # Terms of office: the office-holder's own, their board's secretaries, the appointments team.
    "ned_term.view": {
        Role.STAFF: Reach.SELF,
        Role.BOARD_SECRETARY: Reach.ASSIGNED,
        Role.NED_TEAM: Reach.ASSIGNED,
        Role.SYSTEM_ADMIN: Reach.ASSIGNED,
    },
    # The national NED candidate pool, searched by the appointments team.
    "ned_candidate.view": {Role.NED_TEAM: Reach.ASSIGNED, Role.SYSTEM_ADMIN: Reach.ASSIGNED},
    # Diversity of the process, from candidates' monitoring: never a panel's.
    "ned_diversity.view": {Role.NED_TEAM: Reach.ASSIGNED, Role.SYSTEM_ADMIN: Reach.ASSIGNED},
}


def refuse_own_record(actor_person_id: int | None, *subject_person_ids: int | None, doing: str) -> None:
    """Nobody decides on their own record: whatever roles they hold, an HR admin does not change
    their own post, nor anyone correct, endorse or settle their own appraisal.

    :raises Forbidden: naming what was refused, when the actor is one of the subjects.
    """
    if actor_person_id is not None and actor_person_id in subject_person_ids:
        raise Forbidden(f"You cannot {doing} on your own record. Ask someone else with the same role to do it")


@dataclass
class Principal:
    """The signed-in account with its roles, loaded once per request."""

    account: Account
    roles: set[Role]
    organisation_ids: dict[Role, set[int]] = field(default_factory=dict)
    region_ids: dict[Role, set[int]] = field(default_factory=dict)
    _reports: set[int] | None = None

    @property
    def person_id(self) -> int | None:
        return self.account.person_id

    def report_ids(self) -> set[int]:
        if self._reports is None:
            self._reports = reporting_chain_person_ids(self.person_id, date.today()) if self.person_id else set()
        return self._reports


def build_principal(account: Account) -> Principal:
    roles: set[Role] = set()
    organisation_ids: dict[Role, set[int]] = {}
    region_ids: dict[Role, set[int]] = {}
    for assignment in account.role_assignments:
        roles.add(assignment.role)
        if assignment.organisation_id:
            organisation_ids.setdefault(assignment.role, set()).add(assignment.organisation_id)
        if assignment.region_id:
            region_ids.setdefault(assignment.role, set()).add(assignment.region_id)
    # Every account is staff: it reaches itself (its notifications and tokens) and, if it has
    # a person, that person's record.
    roles.add(Role.STAFF)
    if account.person_id:
        if _manages_anyone(account.person_id):
            roles.add(Role.LINE_MANAGER)
    return Principal(account=account, roles=roles, organisation_ids=organisation_ids, region_ids=region_ids)


@cache
def _manages_anyone_query():
    """Built once: every signed-in request asks it, and building an aliased statement costs more
    than running it (SQLAlchemy caches the compiled SQL, not the construction)."""
    today = bindparam("today", type_=Date)
    report = aliased(Post)
    return select(
        exists()
        .where(Post.person_id == bindparam("person_id"), current_post_filter(Post, today))
        .where(report.reports_to_post_id == Post.id, report.person_id.is_not(None), current_post_filter(report, today))
    )


def _manages_anyone(person_id: int) -> bool:
    return bool(db.session.scalar(_manages_anyone_query(), {"person_id": person_id, "today": date.today()}))


def current_principal() -> Principal | None:
    """The signed-in account's principal, built once per request, for pages and the API alike
    (the API's authentication puts its account's principal here)."""
    if "principal" in g:
        return g.principal
    if not current_user.is_authenticated:
        return None
    g.principal = build_principal(current_user._get_current_object())
    return g.principal


def check_known(permission: str) -> dict[Role, Reach]:
    try:
        return PERMISSIONS[permission]
    except KeyError:
        raise ValueError(f"unknown permission {permission!r}") from None


def target_of(obj) -> Target:
    """Where ``obj`` sits: its own ``policy_target()`` (every model a permission is checked against
    has one), or the :class:`Target` itself."""
    if isinstance(obj, Target):
        return obj
    try:
        return obj.policy_target()
    except AttributeError:
        raise TypeError(f"no scope rule for {type(obj).__name__}: give it a policy_target method") from None


def can(principal: Principal | None, permission: str, obj=None) -> bool:
    """May ``principal`` do ``permission``, to ``obj`` if given, or to anything at all if not?"""
    grants = check_known(permission)
    if principal is None:
        return False
    target = None if obj is None else target_of(obj)
    for role in principal.roles & grants.keys():
        if target is None or _reaches(principal, role, grants[role], target):
            return True
    return False


def _reaches(principal: Principal, role: Role, reach: Reach, target: Target) -> bool:
    if reach is Reach.ANY:
        return True
    if reach is Reach.SELF:
        if target.account_id is not None:
            return target.account_id == principal.account.id
        return target.person_id is not None and target.person_id == principal.person_id
    if reach is Reach.REPORTS:
        return target.person_id is not None and target.person_id in principal.report_ids()
    scope = role.scope
    if scope is Scope.NATIONAL:
        return True
    if scope is Scope.ORGANISATION:
        return target.organisation_id in principal.organisation_ids.get(role, set())
    if scope is Scope.REGION:
        regions = principal.region_ids.get(role, set())
        return target.region_id in regions or not regions.isdisjoint(target.other_region_ids)
    if scope is Scope.VACANCY:
        return principal.person_id is not None and principal.person_id in target.panel_person_ids
    return False


@dataclass(frozen=True)
class ListScope:
    """The part of a list a principal may see, for queries to filter on."""

    everything: bool = False
    organisation_ids: frozenset[int] = frozenset()
    region_ids: frozenset[int] = frozenset()
    person_ids: frozenset[int] = frozenset()
    #: People whose appointment panels' vacancies are in view (the NED panel member role).
    panel_person_ids: frozenset[int] = frozenset()

    @property
    def nothing(self) -> bool:
        return not (
            self.everything or self.organisation_ids or self.region_ids or self.person_ids or self.panel_person_ids
        )

    def condition(self, *, organisation, region, person=None):
        """SQL condition keeping rows in scope, given the columns that place a row."""
        if self.everything:
            return true()
        conditions = []
        if self.organisation_ids:
            conditions.append(organisation.in_(self.organisation_ids))
        if self.region_ids:
            conditions.append(region.in_(self.region_ids))
        if self.person_ids and person is not None:
            conditions.append(person.in_(self.person_ids))
        return or_(*conditions) if conditions else false()


def list_scope(principal: Principal | None, permission: str) -> ListScope:
    grants = check_known(permission)
    if principal is None:
        return ListScope()
    organisations: set[int] = set()
    regions: set[int] = set()
    people: set[int] = set()
    panels: set[int] = set()
    for role in principal.roles & grants.keys():
        reach = grants[role]
        if reach is Reach.ANY or (reach is Reach.ASSIGNED and role.scope is Scope.NATIONAL):
            return ListScope(everything=True)
        if reach is Reach.SELF and principal.person_id:
            people.add(principal.person_id)
        elif reach is Reach.REPORTS:
            people |= principal.report_ids()
        elif role.scope is Scope.ORGANISATION:
            organisations |= principal.organisation_ids.get(role, set())
        elif role.scope is Scope.REGION:
            regions |= principal.region_ids.get(role, set())
        elif role.scope is Scope.VACANCY and principal.person_id:
            panels.add(principal.person_id)
    return ListScope(False, frozenset(organisations), frozenset(regions), frozenset(people), frozenset(panels))


def requires(permission: str, *, load=None):
    """Guard a view with ``permission``; with ``load``, also check the object the URL names.

    ``load`` receives the URL's keyword arguments and returns the object (or raises
    ``NotFound``); the view is then called with that object instead of the arguments.
    """
    check_known(permission)

    def decorator(view):
        @wraps(view)
        def guarded(**kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            principal = current_principal()
            if not can(principal, permission):
                abort(403)
            if load is None:
                return view(**kwargs)
            try:
                obj = load(**kwargs)
            except NotFound:
                abort(404)
            if not can(principal, permission, obj):
                abort(404)
            return view(obj)

        guarded.required_permission = permission
        return guarded

    return decorator


def public(view):
    """Mark a view as open to everyone, signed in or not (sign-in page, health check)."""
    view.is_public = True
    return view
