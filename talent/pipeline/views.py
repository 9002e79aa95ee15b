from dataclasses import dataclass
from datetime import date

from flask import render_template
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from talent.auth.policy import current_principal, list_scope, requires
from talent.auth.targets import Target
from talent.downloads import csv_download
from talent.errors import RuleViolation
from talent.forms import expected_version
from talent.orgs.queries import get_organisation_by_code, list_regions
from talent.people.models import Band, Person, ProfessionalGroup
from talent.people.queries import get_person
from talent.pipeline import bp, reports
from talent.pipeline import queries as pipeline_queries
from talent.pipeline import services as pipeline_services
from talent.pipeline.forms import (
    CloseReviewForm,
    ConversationForm,
    DecideForm,
    LeaveForm,
    MoveForm,
    NominateForm,
    PoolForm,
    RespondForm,
    ReviewForm,
)
from talent.pipeline.models import (
    Axis,
    ExperienceTag,
    GrowthDirection,
    LeavingReason,
    MembershipStatus,
    TargetRole,
    TravelFrom,
)
from talent.programmes import queries as programme_queries
from talent.query_args import Cursor, OptionalId, PageArgs, parse_query
from talent.submit import done, submit_form


def _showing(form, record):
    """On first showing, the form carries the record's version, so a save over someone else's
    change is refused rather than overwriting it."""
    if not form.is_submitted():
        form.version.data = record.version
    return form


def _readiness_choices() -> list[SelectChoice]:
    return [SelectChoice(str(level.id), level.label) for level in pipeline_queries.readiness_levels()]


@dataclass
class TalentRecord:
    """A person's talent record, placed for the policy: their own region's talent lead, and
    those of regions whose pools they nominated themselves into, reach it."""

    person: Person

    def policy_target(self) -> Target:
        return Target(
            self.person.id,
            self.person.organisation_id,
            self.person.organisation.region_id,
            other_region_ids=pipeline_queries.self_nominated_regions(self.person.id),
        )


def _talent_record(person_id: int) -> TalentRecord:
    return TalentRecord(get_person(person_id))


# --- A person's talent record and conversations ---------------------------------------------


@bp.get("/people/<id:person_id>/talent")
@requires("talent.view", load=_talent_record)
def person_talent(record):
    person = record.person
    conversation = pipeline_queries.current_conversation(person.id)
    if conversation is not None:
        pipeline_services.read_conversation(conversation, actor=current_user)
    return render_template(
        "pipeline/person-talent.html",
        person=person,
        conversation=conversation,
        earlier=pipeline_queries.earlier_conversations(person.id),
        memberships=pipeline_queries.person_memberships(person.id),
    )


@bp.route("/people/<id:person_id>/talent/conversation", methods=["GET", "POST"])
@requires("talent_conversation.record", load=get_person)
def record_conversation(person):
    form = ConversationForm()
    form.readiness_id.choices = _readiness_choices()
    form.region_ids.choices = [SelectChoice(region.id, region.name) for region in list_regions()]
    form.programme_ids.choices = [SelectChoice(p.id, p.title) for p in programme_queries.list_programmes()]

    def record():
        data = pipeline_services.ConversationInput(
            held_on=form.held_on.data,
            impact=Axis(form.impact.data),
            growth=Axis(form.growth.data),
            direction=GrowthDirection(form.direction.data),
            readiness_id=int(form.readiness_id.data),
            target_band=Band(form.target_band.data) if form.target_band.data else None,
            target_role=TargetRole(form.target_role.data) if form.target_role.data else None,
            target_professional_group=(
                ProfessionalGroup(form.target_professional_group.data) if form.target_professional_group.data else None
            ),
            aspirations=form.aspirations.data or "",
            willing_challenged=form.willing_challenged.data == "yes",
            region_ids=form.region_ids.data or [],
            max_travel_km=form.max_travel_km.data,
            travel_from=TravelFrom(form.travel_from.data) if form.travel_from.data else None,
            home_postcode_district=form.home_postcode_district.data or None,
            development_plan=form.development_plan.data or "",
            programme_ids=form.programme_ids.data or [],
            experience=[ExperienceTag(value) for value in form.experience.data or []],
        )
        return pipeline_services.record_conversation(person, data, actor=current_user)

    finished = submit_form(
        form,
        record,
        then=done(
            f"Talent conversation recorded. {person.given_name} has been asked to agree it",
            "pipeline.person_talent",
            person_id=person.id,
        ),
    )
    if finished:
        return finished
    return render_template("pipeline/record-conversation.html", form=form, person=person)


@bp.get("/talent/conversations/<id:conversation_id>")
@requires("talent.view", load=pipeline_queries.get_conversation)
def view_conversation(conversation):
    pipeline_services.read_conversation(conversation, actor=current_user)
    return render_template("pipeline/view-conversation.html", conversation=conversation)


@bp.route("/talent/conversations/<id:conversation_id>/respond", methods=["GET", "POST"])
@requires("talent_conversation.respond", load=pipeline_queries.get_conversation)
def respond(conversation):
    form = _showing(RespondForm(), conversation)
    finished = submit_form(
        form,
        lambda: pipeline_services.respond_to_conversation(
            conversation,
            agree=form.response.data == "agree",
            comment=form.comment.data or "",
            actor=current_user,
            expected_version=expected_version(form),
        ),
        then=done(
            lambda c: (
                "You have agreed your talent conversation"
                if c.response.value == "agreed"
                else "Your view has been recorded with the conversation"
            ),
            "pipeline.person_talent",
            person_id=conversation.person_id,
        ),
    )
    if finished:
        return finished
    return render_template("pipeline/respond.html", form=form, conversation=conversation)


@bp.route("/people/<id:person_id>/talent/nominate", methods=["GET", "POST"])
@requires("talent_pool.nominate", load=get_person)
def nominate(person):
    today = date.today()
    pools = {str(pool.id): pool for pool in pipeline_queries.pools_open_for_nomination(today)}
    form = NominateForm()
    form.pool_id.choices = [
        SelectChoice(key, f"{pool.name} ({pool.scope_label})", render_kw={"hint": _pool_hint(pool)})
        for key, pool in pools.items()
    ]

    def nominate_person():
        pool = pools.get(form.pool_id.data)
        if pool is None:
            raise RuleViolation("Select a talent pool", field="pool_id")
        return pipeline_services.nominate(pool, person, case=form.case.data, principal=current_principal())

    finished = submit_form(
        form,
        nominate_person,
        then=done(
            lambda m: f"{person.full_name} nominated for {m.pool.name}. The talent lead will decide",
            "pipeline.person_talent",
            person_id=person.id,
        ),
    )
    if finished:
        return finished
    return render_template("pipeline/nominate.html", form=form, person=person, pools=pools)


def _pool_hint(pool) -> str:
    parts = [f"{pool.min_band.label} to {pool.max_band.label.lower()}", f"prepares for {pool.level.label.lower()}"]
    if pool.readiness:
        parts.append(f"readiness {pool.readiness.label.lower()} or nearer")
    if pool.conversation_within_months:
        parts.append(f"talent conversation in the last {pool.conversation_within_months} months")
    return "; ".join(parts)


# --- Talent pools ---------------------------------------------------------------------------


@bp.get("/talent/pools")
@requires("talent_pool.manage")
def list_pools():
    scope = list_scope(current_principal(), "talent_pool.manage")
    return render_template("pipeline/list-pools.html", pools=pipeline_queries.pools_in_scope(scope))


def _region_choices(principal) -> list[SelectChoice]:
    scope = list_scope(principal, "talent_pool.manage")
    regions = list_regions()
    choices = [
        SelectChoice(str(region.id), region.name)
        for region in regions
        if scope.everything or region.id in scope.region_ids
    ]
    if scope.everything:
        choices.insert(0, SelectChoice("national", "National (England)"))
    return choices


@bp.route("/talent/pools/new", methods=["GET", "POST"])
@requires("talent_pool.manage")
def new_pool():
    principal = current_principal()
    form = PoolForm()
    form.region_id.choices = _region_choices(principal)
    form.readiness_id.choices = [SelectChoice("", "Any")] + _readiness_choices()
    finished = submit_form(
        form,
        lambda: pipeline_services.create_pool(
            name=form.name.data,
            region_id=None if form.region_id.data == "national" else int(form.region_id.data),
            level=Band(form.level.data),
            min_band=Band(form.min_band.data),
            max_band=Band(form.max_band.data),
            readiness_id=int(form.readiness_id.data) if form.readiness_id.data else None,
            conversation_within_months=form.conversation_within_months.data,
            review_on=form.review_on.data,
            description=form.description.data or "",
            principal=principal,
        ),
        then=done(lambda pool: f"{pool.name} opened", "pipeline.view_pool", pool_id=lambda pool: pool.id),
    )
    if finished:
        return finished
    return render_template("pipeline/new-pool.html", form=form)


class PoolQuery(PageArgs):
    after: Cursor = ""


@bp.get("/talent/pools/<id:pool_id>")
@requires("talent_pool.manage", load=pipeline_queries.get_pool)
def view_pool(pool):
    query = parse_query(PoolQuery)
    try:
        members, next_cursor = pipeline_queries.pool_members(pool, MembershipStatus.MEMBER, after=query.after or None)
    except ValueError as error:
        raise RuleViolation(str(error), field="after") from None
    waiting, more_waiting = pipeline_queries.pool_members(pool, MembershipStatus.NOMINATED)
    people = [m.person_id for m in members + waiting]
    return render_template(
        "pipeline/view-pool.html",
        pool=pool,
        members=members,
        next_cursor=next_cursor,
        waiting=waiting,
        more_waiting=more_waiting,
        posts=pipeline_queries.current_posts_of(people, date.today()),
        conversations=pipeline_queries.current_conversations_of(people),
        first_page=not query.after,
    )


@bp.route("/talent/nominations/<id:membership_id>", methods=["GET", "POST"])
@requires("talent_pool.manage", load=pipeline_queries.get_membership)
def decide_nomination(membership):
    form = _showing(DecideForm(), membership)
    finished = submit_form(
        form,
        lambda: pipeline_services.decide_nomination(
            membership,
            approve=form.decision.data == "approve",
            reason=form.reason.data,
            review_on=form.review_on.data,
            actor=current_user,
            expected_version=expected_version(form),
        ),
        then=done(
            lambda m: f"{m.person.full_name}: {m.status.label.lower()}",
            "pipeline.view_pool",
            pool_id=membership.pool_id,
        ),
    )
    if finished:
        return finished
    today = date.today()
    return render_template(
        "pipeline/decide-nomination.html",
        form=form,
        membership=membership,
        problems=pipeline_services.criteria_problems(membership.pool, membership.person, today),
        conversation=pipeline_queries.current_conversation(membership.person_id),
    )


@bp.route("/talent/memberships/<id:membership_id>/leave", methods=["GET", "POST"])
@requires("talent_pool.manage", load=pipeline_queries.get_membership)
def leave_pool(membership):
    form = _showing(LeaveForm(), membership)
    finished = submit_form(
        form,
        lambda: pipeline_services.leave_pool(
            membership,
            reason=LeavingReason(form.reason.data),
            comment=form.comment.data or "",
            actor=current_user,
            expected_version=expected_version(form),
        ),
        then=done(
            lambda m: f"{m.person.full_name} has left {m.pool.name}", "pipeline.view_pool", pool_id=membership.pool_id
        ),
    )
    if finished:
        return finished
    return render_template("pipeline/leave-pool.html", form=form, membership=membership)


# --- Calibration ----------------------------------------------------------------------------


@bp.get("/talent/calibration")
@requires("calibration.run")
def list_reviews():
    scope = list_scope(current_principal(), "calibration.run")
    return render_template("pipeline/list-reviews.html", reviews=pipeline_queries.reviews_in_scope(scope))


@bp.route("/talent/calibration/new", methods=["GET", "POST"])
@requires("calibration.run")
def new_review():
    principal = current_principal()
    scope = list_scope(principal, "talent_pool.manage")
    pools = {str(pool.id): pool for pool, _, _ in pipeline_queries.pools_in_scope(scope)}
    form = ReviewForm()
    form.pool_id.choices = [SelectChoice("", "Choose a pool")] + [
        SelectChoice(key, f"{pool.name} ({pool.scope_label})") for key, pool in pools.items()
    ]

    def open_review():
        pool = pools.get(form.pool_id.data or "")
        organisation = None
        if form.ods_code.data:
            organisation = get_organisation_by_code(form.ods_code.data.strip().upper())
            if organisation is None:
                raise RuleViolation("No organisation has that ODS code", field="ods_code")
        return pipeline_services.open_review(
            title=form.title.data, pool=pool, organisation=organisation, principal=principal
        )

    finished = submit_form(
        form,
        open_review,
        then=done("Review opened", "pipeline.view_review", review_id=lambda review: review.id),
    )
    if finished:
        return finished
    return render_template("pipeline/new-review.html", form=form)


class ReviewQuery(PageArgs):
    after: Cursor = ""
    readiness: OptionalId = None
    impact: Axis | None = None


@bp.get("/talent/calibration/<id:review_id>")
@requires("calibration.run", load=pipeline_queries.get_review)
def view_review(review):
    query = parse_query(ReviewQuery)
    try:
        positions, next_cursor = pipeline_queries.review_positions(
            review, readiness_id=query.readiness, impact=query.impact, after=query.after or None
        )
    except ValueError as error:
        raise RuleViolation(str(error), field="after") from None
    levels = pipeline_queries.readiness_levels(in_use_only=False)
    return render_template(
        "pipeline/view-review.html",
        review=review,
        positions=positions,
        next_cursor=next_cursor,
        query=query,
        filtered_level=next((level for level in levels if level.id == query.readiness), None),
        levels=levels,
        axes=list(Axis),
        grid=pipeline_queries.review_grid(review),
        moves=pipeline_queries.review_moves(review),
        distribution=reports.review_distribution(review, actor=current_user),
    )


def _position(review_id: int, person_id: int):
    return pipeline_queries.get_position(review_id, person_id)


@bp.route("/talent/calibration/<id:review_id>/people/<id:person_id>", methods=["GET", "POST"])
@requires("calibration.run", load=_position)
def move_position(position):
    review = position.review
    form = _showing(MoveForm(), position)
    if not form.is_submitted():
        form.readiness_id.data = str(position.readiness_id)
        form.impact.data = position.impact.value
        form.growth.data = position.growth.value
    form.readiness_id.choices = _readiness_choices()
    finished = submit_form(
        form,
        lambda: pipeline_services.move_position(
            review,
            position,
            readiness_id=int(form.readiness_id.data),
            impact=Axis(form.impact.data),
            growth=Axis(form.growth.data),
            reason=form.reason.data,
            actor=current_user,
            expected_version=expected_version(form),
        ),
        then=done(f"{position.person.full_name} moved", "pipeline.view_review", review_id=review.id),
    )
    if finished:
        return finished
    return render_template("pipeline/move-position.html", form=form, position=position, review=review)


@bp.route("/talent/calibration/<id:review_id>/close", methods=["GET", "POST"])
@requires("calibration.run", load=pipeline_queries.get_review)
def close_review(review):
    form = _showing(CloseReviewForm(), review)
    finished = submit_form(
        form,
        lambda: pipeline_services.close_review(
            review, summary=form.summary.data, actor=current_user, expected_version=expected_version(form)
        ),
        then=done("Review closed with its summary", "pipeline.view_review", review_id=review.id),
    )
    if finished:
        return finished
    return render_template("pipeline/close-review.html", form=form, review=review)


# --- The pipeline dashboard -----------------------------------------------------------------


@bp.get("/talent/dashboard")
@requires("pipeline.dashboard")
def dashboard():
    scope = list_scope(current_principal(), "pipeline.dashboard")
    return render_template(
        "pipeline/dashboard.html",
        dashboard=reports.pipeline_dashboard(scope, actor=current_user),
        area=pipeline_queries.area_name(scope),
    )


@bp.get("/talent/dashboard.csv")
@requires("pipeline.dashboard")
def dashboard_csv():
    scope = list_scope(current_principal(), "pipeline.dashboard")
    result = reports.pipeline_dashboard(scope, actor=current_user)
    rows = [
        (table, row, column, "Withheld" if count is None else count) for table, row, column, count in result.cells()
    ]
    return csv_download("talent-pipeline.csv", ["Table", "Row", "Column", "Number of people"], rows)
