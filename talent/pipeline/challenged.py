"""Challenged posts, their incentive packages, and matching leaders to them: the rules.

Posts are run by the talent lead of the organisation's region (national admins anywhere). A
package whose salary with its uplift passes the national threshold waits for national approval,
and until then the post cannot be offered. Matching reads the region's pools (and, when asked,
other regions' and the national ones), scores each candidate with ``matching.evaluate`` and
saves the run with its weights and every input, so that it can be explained and reproduced.
"""

import json
from dataclasses import dataclass
from datetime import date

import numpy as np
from flask import current_app
from sqlalchemy import and_, func, insert, select

from talent.appraisals.models import Appraisal, AppraisalStatus
from talent.audit.services import record_event
from talent.auth.models import Account
from talent.auth.policy import refuse_own_record
from talent.dates import add_months, nhs_date
from talent.db import utcnow
from talent.errors import Conflict, RuleViolation
from talent.extensions import db
from talent.orgs import queries as org_queries
from talent.orgs import services as org_services
from talent.orgs.models import Organisation, Region
from talent.orgs.names import display_name
from talent.people import services as people_services
from talent.people.models import Band, Person
from talent.pipeline import matching
from talent.pipeline import services as pipeline_services
from talent.pipeline.models import (
    ACTIVE_SHORTLIST,
    OPEN_MEMBERSHIP,
    ApprovalStatus,
    CandidateConflict,
    ChallengedPost,
    ChallengedPostStatus,
    ExperienceTag,
    IncentivePackage,
    LeavingReason,
    MatchKind,
    MatchResult,
    MatchRun,
    MatchWeights,
    MembershipStatus,
    Placement,
    PoolMembership,
    ReadinessLevel,
    ShortlistEntry,
    ShortlistStatus,
    TalentConversation,
    TalentPool,
    TargetRole,
    TravelFrom,
    conversation_regions,
)
from talent.programmes import services as programme_services
from talent.programmes.models import Enrolment, EnrolmentStatus, Programme, ProgrammeKind
from talent.standards.models import ScalePoint
from talent.transactions import add_once

#: Bands a challenged post may be at: senior posts only.
POST_BANDS = [Band.AFC_8A, Band.AFC_8B, Band.AFC_8C, Band.AFC_8D, Band.AFC_9, Band.VSM]
#: Programmes that count as leadership development for the programmes criterion.
LEADERSHIP_KINDS = [ProgrammeKind.MID_CAREER, ProgrammeKind.NATIONAL_LEADERSHIP, ProgrammeKind.ACCREDITED_COURSE]
#: Alternatives kept for each post in a region-wide run.
ALTERNATIVES = 3


def approval_threshold() -> int:
    """Salaries above this need NHS England's approval (VSM pay framework: £170,000)."""
    return current_app.config.get("VSM_APPROVAL_THRESHOLD", 170_000)


# --- Incentive packages ---------------------------------------------------------------------


@dataclass
class PackageTerms:
    name: str
    base_salary_pounds: int
    uplift_percent: int = 0
    uplift_months: int = 0
    relocation_pounds: int = 0
    ceo_mentoring: bool = False
    protected_development_days: int = 0
    return_guarantee: bool = False
    bonus_percent: int = 0


def _check_terms(terms: PackageTerms) -> None:
    if not terms.name.strip():
        raise RuleViolation("Name the package", field="name")
    if not 20_000 <= terms.base_salary_pounds <= 500_000:
        raise RuleViolation("Enter a base salary from £20,000 to £500,000", field="base_salary_pounds")
    if not 0 <= terms.uplift_percent <= 50:
        raise RuleViolation("A temporary uplift is from 0% to 50%", field="uplift_percent")
    if terms.uplift_percent and not 1 <= terms.uplift_months <= 60:
        raise RuleViolation("Say for how many months the uplift lasts (1 to 60)", field="uplift_months")
    if not 0 <= terms.bonus_percent <= 10:
        raise RuleViolation("A performance bonus is at most 10%", field="bonus_percent")
    if not 0 <= terms.relocation_pounds <= 100_000:
        raise RuleViolation("Relocation support is from £0 to £100,000", field="relocation_pounds")
    if not 0 <= terms.protected_development_days <= 60:
        raise RuleViolation(
            "Protected development time is from 0 to 60 days a year", field="protected_development_days"
        )


def _approval_for(package: IncentivePackage) -> ApprovalStatus:
    return ApprovalStatus.AWAITING if package.salary_with_uplift > approval_threshold() else ApprovalStatus.NOT_NEEDED


def create_package(region: Region, terms: PackageTerms, *, template: bool, actor: Account) -> IncentivePackage:
    """A package the region keeps as a template to reuse, or one for a single post."""
    _check_terms(terms)
    package = IncentivePackage(region_id=region.id, is_template=template, **{**vars(terms), "name": terms.name.strip()})
    package.approval = _approval_for(package)
    db.session.add(package)
    db.session.flush()
    record_event("incentive_package_created", actor=actor, subject=package, approval=package.approval.value)
    return package


def _copy_for_post(template: IncentivePackage, title: str) -> IncentivePackage:
    terms = {name: getattr(template, name) for name in vars(PackageTerms("", 0))}
    copy = IncentivePackage(
        region_id=template.region_id, is_template=False, based_on_id=template.id, **{**terms, "name": title}
    )
    copy.approval = _approval_for(copy)
    db.session.add(copy)
    return copy


def decide_package(
    package: IncentivePackage, *, approve: bool, note: str, actor: Account, expected_version: int | None = None
) -> IncentivePackage:
    """NHS England's national team approves or refuses a package over the threshold."""
    if expected_version is not None and package.version != expected_version:
        raise Conflict("Someone else changed this package since you opened it")
    if package.approval is not ApprovalStatus.AWAITING:
        raise RuleViolation(f"This package is not waiting for approval: {package.approval.label.lower()}")
    if not note.strip():
        raise RuleViolation("Give the reason for the decision", field="note")
    package.approval = ApprovalStatus.APPROVED if approve else ApprovalStatus.REFUSED
    package.approval_note = note.strip()
    package.decided_by_id = actor.id
    package.decided_at = utcnow()
    db.session.flush()
    record_event("incentive_package_decided", actor=actor, subject=package, approval=package.approval.value)
    return package


# --- Challenged posts -----------------------------------------------------------------------


def create_post(
    organisation: Organisation,
    *,
    title: str,
    band: Band,
    role_type: TargetRole,
    min_behaviours_rating: int | None,
    experience: list[ExperienceTag],
    interim: bool,
    starts_on: date,
    closing_on: date,
    template: IncentivePackage | None,
    actor: Account,
    today: date | None = None,
) -> ChallengedPost:
    """A post at an organisation the challenged rule flags, with its own copy of a package."""
    today = today or date.today()
    reasons = org_services.challenged_reasons(organisation, today)
    if not reasons:
        raise RuleViolation(
            f"{organisation.display_name} is not a challenged organisation today (oversight segment "
            f"{current_app.config['CHALLENGED_MIN_SEGMENT']} or above, or the Recovery Support Programme)",
            field="ods_code",
        )
    if not title.strip():
        raise RuleViolation("Enter the post's title", field="title")
    if band not in POST_BANDS:
        raise RuleViolation("Challenged posts are at band 8a or above, or very senior manager", field="band")
    if min_behaviours_rating is not None and not 1 <= min_behaviours_rating <= 5:
        raise RuleViolation("A minimum rating is from 1 to 5", field="min_behaviours_rating")
    if closing_on < today:
        raise RuleViolation("The closing date cannot be in the past", field="closing_on")
    if starts_on < closing_on:
        raise RuleViolation("The post starts on or after its closing date", field="starts_on")
    if template is not None:
        if template.region_id != organisation.region_id:
            raise RuleViolation("Choose one of this region's packages", field="package_id")
        if template.bonus_percent and band is not Band.VSM:
            raise RuleViolation("A performance bonus is for very senior manager posts only", field="package_id")
    post = ChallengedPost(
        organisation=organisation,
        region_id=organisation.region_id,
        title=title.strip(),
        band=band,
        role_type=role_type,
        min_behaviours_rating=min_behaviours_rating,
        experience=",".join(tag.value for tag in ExperienceTag if tag in experience),
        interim=interim,
        starts_on=starts_on,
        closing_on=closing_on,
        challenged_because="; ".join(reasons),
        created_by_id=actor.id,
    )
    if template is not None:
        post.package = _copy_for_post(template, f"{post.title}, {organisation.display_name}")
    db.session.add(post)
    db.session.flush()
    record_event("challenged_post_created", actor=actor, subject=post, title=post.title)
    return post


def offer_problems(post: ChallengedPost) -> list[str]:
    """What stops the post being offered to anyone yet."""
    problems = []
    if post.status in (ChallengedPostStatus.FILLED, ChallengedPostStatus.WITHDRAWN):
        problems.append(f"The post is {post.status.label.lower()}")
    package = post.package
    if package is not None and package.approval is ApprovalStatus.AWAITING:
        problems.append(
            f"Its package pays £{package.salary_with_uplift:,} with the uplift, over the £{approval_threshold():,} "
            "threshold: it cannot be offered until NHS England approves it"
        )
    if package is not None and package.approval is ApprovalStatus.REFUSED:
        problems.append("NHS England refused its package: change the package before offering the post")
    return problems


# --- Weights --------------------------------------------------------------------------------


def region_weights(region_id: int) -> dict[str, int]:
    saved = db.session.get(MatchWeights, region_id)
    return matching.check_weights(json.loads(saved.weights)) if saved else dict(matching.DEFAULT_WEIGHTS)


def save_weights(region: Region, weights: dict, *, actor: Account) -> MatchWeights:
    try:
        cleaned = matching.check_weights(weights)
    except ValueError as error:
        raise RuleViolation(str(error), field="weights") from None
    saved = db.session.get(MatchWeights, region.id)
    if saved is None:
        saved = MatchWeights(region_id=region.id, weights="{}")
        db.session.add(saved)
    saved.weights = json.dumps(cleaned, sort_keys=True)
    db.session.flush()
    record_event("match_weights_saved", actor=actor, subject=region, weights=cleaned)
    return saved


# --- Candidates' inputs ---------------------------------------------------------------------


def _pool_condition(region_id: int, include_other_regions: bool, include_national: bool):
    regions = TalentPool.region_id == region_id
    if include_other_regions:
        regions = TalentPool.region_id.is_not(None)
    if include_national:
        regions = regions | TalentPool.region_id.is_(None)
    return regions


def candidate_inputs(
    region_id: int, *, include_other_regions: bool, include_national: bool, for_post_id: int | None = None
) -> dict[int, dict]:
    """What matching needs about each candidate in the pools a region draws on, in a fixed
    number of queries however many there are: person id → inputs (with the versions read).
    Someone already placed, or on another post's shortlist, is marked so the filter says so."""
    in_pools = (
        select(PoolMembership.person_id, TalentPool.id)
        .join(TalentPool, TalentPool.id == PoolMembership.pool_id)
        .where(
            PoolMembership.status == MembershipStatus.MEMBER,
            _pool_condition(region_id, include_other_regions, include_national),
        )
    )
    people: dict[int, dict] = {}
    for person_id, pool_id in db.session.execute(in_pools):
        people.setdefault(person_id, {"person_id": person_id, "pools": []})["pools"].append(pool_id)
    if not people:
        return {}
    # The queries below name the candidates by this subquery, not by thousands of bound ids.
    ids = in_pools.with_only_columns(PoolMembership.person_id).scalar_subquery()
    for person_id, organisation_id, easting, northing in db.session.execute(
        select(Person.id, Person.organisation_id, Organisation.easting, Organisation.northing)
        .join(Organisation, Organisation.id == Person.organisation_id)
        .where(Person.id.in_(ids))
    ):
        people[person_id].update(organisation_id=organisation_id, hq=[easting, northing])
    levels = db.session.scalar(select(func.count(ReadinessLevel.id)).where(ReadinessLevel.in_use.is_(True))) or 1
    conversation = TalentConversation
    rows = db.session.execute(
        select(
            conversation.id,
            conversation.person_id,
            conversation.version,
            conversation.target_band,
            conversation.target_role,
            conversation.experience,
            conversation.willing_challenged,
            conversation.max_travel_km,
            conversation.travel_from,
            ReadinessLevel.position,
            ReadinessLevel.label,
        )
        .join(ReadinessLevel, ReadinessLevel.id == conversation.readiness_id)
        .where(conversation.person_id.in_(ids), conversation.replaced_at.is_(None))
    ).all()
    by_conversation = {}
    for row in rows:
        by_conversation[row.id] = row.person_id
        people[row.person_id].update(
            conversation_id=row.id,
            conversation_version=row.version,
            readiness_position=row.position,
            readiness_levels=levels,
            readiness_label=row.label,
            target_band=row.target_band.value if row.target_band else None,
            target_role=row.target_role.value if row.target_role else None,
            experience=[tag.value for tag in ExperienceTag if tag.value in row.experience.split(",")],
            willing_challenged=row.willing_challenged,
            max_travel_km=row.max_travel_km,
            travel_from=row.travel_from.value if row.travel_from else None,
            regions={},
        )
    if by_conversation:
        for conversation_id, region, name in db.session.execute(
            select(conversation_regions.c.conversation_id, Region.id, Region.name)
            .join(Region, Region.id == conversation_regions.c.region_id)
            .join(TalentConversation, TalentConversation.id == conversation_regions.c.conversation_id)
            .where(TalentConversation.person_id.in_(ids), TalentConversation.replaced_at.is_(None))
        ):
            people[by_conversation[conversation_id]]["regions"][str(region)] = name
    latest = (
        select(
            Appraisal.appraisee_id,
            Appraisal.id,
            Appraisal.behaviours_rating,
            Appraisal.framework_id,
            func.row_number()
            .over(
                partition_by=Appraisal.appraisee_id,
                order_by=(Appraisal.appraiser_signed_at.desc(), Appraisal.id.desc()),
            )
            .label("recency"),
        )
        .where(
            Appraisal.appraisee_id.in_(ids),
            Appraisal.status.in_([AppraisalStatus.SIGNED_OFF, AppraisalStatus.SUBMITTED, AppraisalStatus.ENDORSED]),
            Appraisal.behaviours_rating.is_not(None),
        )
        .subquery()
    )
    scales = dict(
        db.session.execute(
            select(ScalePoint.framework_id, func.count(ScalePoint.id))
            .where(ScalePoint.is_rating.is_(True))
            .group_by(ScalePoint.framework_id)
        ).all()
    )
    for person_id, appraisal_id, rating, framework_id in db.session.execute(
        select(latest.c.appraisee_id, latest.c.id, latest.c.behaviours_rating, latest.c.framework_id).where(
            latest.c.recency == 1
        )
    ):
        people[person_id].update(
            appraisal_id=appraisal_id, behaviours_rating=rating, scale_size=scales.get(framework_id)
        )
    for person_id, done in db.session.execute(
        select(Enrolment.person_id, func.count(func.distinct(Enrolment.programme_id)))
        .join(Programme, and_(Programme.id == Enrolment.programme_id, Programme.kind.in_(LEADERSHIP_KINDS)))
        .where(Enrolment.person_id.in_(ids), Enrolment.status == EnrolmentStatus.COMPLETED)
        .group_by(Enrolment.person_id)
    ):
        people[person_id]["programmes_completed"] = int(done)
    _mark_taken(people, ids, for_post_id)
    _mark_conflicts(people, ids)
    return people


def _mark_conflicts(people: dict[int, dict], ids) -> None:
    for person_id, organisation_id, name, reason in db.session.execute(
        select(
            CandidateConflict.person_id, CandidateConflict.organisation_id, Organisation.name, CandidateConflict.reason
        )
        .join(Organisation, Organisation.id == CandidateConflict.organisation_id)
        .where(CandidateConflict.person_id.in_(ids))
    ):
        people[person_id].setdefault("conflicts", {})[str(organisation_id)] = f"{display_name(name)}: {reason}"


def _mark_taken(people: dict[int, dict], ids, for_post_id: int | None) -> None:
    elsewhere = select(ShortlistEntry.person_id, ChallengedPost.title, Organisation.name).join(
        ChallengedPost, ChallengedPost.id == ShortlistEntry.post_id
    )
    elsewhere = elsewhere.join(Organisation, Organisation.id == ChallengedPost.organisation_id).where(
        ShortlistEntry.person_id.in_(ids), ShortlistEntry.status.in_(ACTIVE_SHORTLIST)
    )
    if for_post_id is not None:
        elsewhere = elsewhere.where(ShortlistEntry.post_id != for_post_id)
    for person_id, title, organisation in db.session.execute(elsewhere):
        people[person_id]["placed_elsewhere"] = f"On the shortlist for {title} at {display_name(organisation)}"
    placed = (
        select(Placement.person_id, ChallengedPost.title, Organisation.name, Placement.starts_on)
        .join(ChallengedPost, ChallengedPost.id == Placement.challenged_post_id)
        .join(Organisation, Organisation.id == ChallengedPost.organisation_id)
        .where(Placement.person_id.in_(ids), Placement.left_on.is_(None))
    )
    for person_id, title, organisation, starts_on in db.session.execute(placed):
        people[person_id]["placed_elsewhere"] = (
            f"Placed as {title} at {display_name(organisation)} from {nhs_date(starts_on)}"
        )


def _post_facts(post: ChallengedPost) -> dict:
    return {
        "id": post.id,
        "version": post.version,
        "organisation_id": post.organisation_id,
        "band": post.band.value,
        "band_label": post.band.label,
        "role_type": post.role_type.value,
        "experience": [tag.value for tag in post.tags],
        "min_behaviours_rating": post.min_behaviours_rating,
        "region_id": post.region_id,
        "hq": [post.organisation.easting, post.organisation.northing],
        "starts_on": post.starts_on.isoformat(),
    }


def _for_post(person: dict, post: dict, eligibility) -> dict:
    """The person's inputs as they bear on one post: distance from their base and whether they
    meet its prerequisites."""
    base = "their organisation's headquarters"
    if person.get("travel_from") == TravelFrom.HOME.value:
        # Postcode districts have no grid reference here: measured from their employer instead.
        base = "their organisation's headquarters (home postcode district not located)"
    facts = dict(person)
    facts.update(
        km=matching.distance_km(tuple(person.get("hq") or [None, None]), tuple(post["hq"])),
        base=base,
        eligible=eligibility.eligible,
        missing=eligibility.summary(),
    )
    return facts


@dataclass
class Prerequisites:
    """Each candidate's prerequisites check for each band and start date the posts have between
    them (a region's posts share a handful), made in one batch."""

    person_ids: list[int]
    combo_of_post: dict[int, tuple[str, str]]
    by_combo: dict[tuple[str, str], list]

    def __post_init__(self):
        self.position = {person_id: index for index, person_id in enumerate(self.person_ids)}

    def of(self, person_id: int, post_id: int):
        return self.by_combo[self.combo_of_post[post_id]][self.position[person_id]]

    def matrix(self, post_ids: list[int]) -> np.ndarray:
        """Posts (rows) by candidates: whether each meets that post's prerequisites."""
        vectors = {
            combo: np.array([result.eligible for result in results], dtype=bool)
            for combo, results in self.by_combo.items()
        }
        rows = [vectors[self.combo_of_post[post_id]] for post_id in post_ids]
        return np.array(rows, dtype=bool).reshape(len(post_ids), len(self.person_ids))


def _prerequisites(person_ids: list[int], posts: list[dict]) -> Prerequisites:
    combo_of_post = {post["id"]: (post["band"], post["starts_on"]) for post in posts}
    combos = sorted(set(combo_of_post.values()))
    requests = [(pid, Band(band), date.fromisoformat(on)) for band, on in combos for pid in person_ids]
    results = programme_services.check_eligibility_for_many(requests)
    count = len(person_ids)
    by_combo = {combo: results[index * count : (index + 1) * count] for index, combo in enumerate(combos)}
    return Prerequisites(person_ids, combo_of_post, by_combo)


# --- Runs -----------------------------------------------------------------------------------


def _result_row(run: MatchRun, post_id: int, evaluation: matching.Evaluation, inputs: dict, rank, proposed=False):
    """A result as a row to insert in bulk (a run may hold thousands)."""
    return {
        "run_id": run.id,
        "post_id": post_id,
        "person_id": evaluation.person_id,
        "rank": rank,
        "score": evaluation.score,
        "contributions": json.dumps(evaluation.contributions),
        "inputs": json.dumps(inputs, sort_keys=True, default=str),
        "filtered_because": evaluation.filtered_because,
        "proposed": proposed,
        "accepted": None,
    }


def _save_results(rows: list[dict]) -> None:
    for start in range(0, len(rows), 2000):
        db.session.execute(insert(MatchResult), rows[start : start + 2000])


def match_post(
    post: ChallengedPost, *, include_other_regions: bool = False, include_national: bool = False, actor: Account
) -> MatchRun:
    """Rank every candidate the post's region may draw on, with each criterion's contribution,
    and say why each person filtered out was; the run is saved with its weights and inputs."""
    if post.status is not ChallengedPostStatus.OPEN:
        raise RuleViolation(f"Only open posts are matched: this one is {post.status.label.lower()}")
    weights = region_weights(post.region_id)
    people = candidate_inputs(
        post.region_id,
        include_other_regions=include_other_regions,
        include_national=include_national,
        for_post_id=post.id,
    )
    facts = _post_facts(post)
    prerequisites = _prerequisites(list(people), [facts])
    run = MatchRun(
        kind=MatchKind.POST,
        region_id=post.region_id,
        post_id=post.id,
        weights=json.dumps(weights, sort_keys=True),
        include_other_regions=include_other_regions,
        include_national=include_national,
        candidates_considered=len(people),
        run_by_id=actor.id,
    )
    db.session.add(run)
    db.session.flush()
    inputs = {pid: _for_post(person, facts, prerequisites.of(pid, post.id)) for pid, person in people.items()}
    evaluations = matching.rank([matching.evaluate(inputs[pid], facts, weights) for pid in inputs])
    position = 0
    rows = []
    for evaluation in evaluations:
        position += evaluation.eligible
        rows.append(
            _result_row(
                run,
                post.id,
                evaluation,
                {"person": inputs[evaluation.person_id], "post": facts},
                position if evaluation.eligible else None,
            )
        )
    _save_results(rows)
    db.session.flush()
    record_event("match_run", actor=actor, subject=run, post_id=post.id, candidates=len(people))
    return run


def rescore(run: MatchRun, results: list[MatchResult]) -> list[matching.Evaluation]:
    """Score a saved run again from what it saved (its weights and each result's inputs): the
    same ranking and scores, however the data has changed since."""
    weights = json.loads(run.weights)
    evaluations = []
    for result in results:
        saved = json.loads(result.inputs)
        evaluations.append(matching.evaluate(saved["person"], saved["post"], weights))
    return matching.rank(evaluations)


@dataclass
class Proposal:
    run: MatchRun
    #: post id → why it was left unfilled.
    unfilled: dict[int, str]


def propose_assignment(
    region: Region, *, include_other_regions: bool = False, include_national: bool = False, actor: Account
) -> Proposal:
    """For all the region's open challenged posts at once, the assignment of candidates that
    maximises total fit, each pair explained, the posts left unfilled and why, and up to three
    alternatives for each post."""
    posts = list(
        db.session.scalars(
            select(ChallengedPost)
            .where(ChallengedPost.region_id == region.id, ChallengedPost.status == ChallengedPostStatus.OPEN)
            .order_by(ChallengedPost.id)
        )
    )
    if not posts:
        raise RuleViolation(f"{region.name} has no open challenged posts to fill")
    weights = region_weights(region.id)
    people = candidate_inputs(region.id, include_other_regions=include_other_regions, include_national=include_national)
    facts = [_post_facts(post) for post in posts]
    person_ids = list(people)
    prerequisites = _prerequisites(person_ids, facts)
    eligible = prerequisites.matrix([post["id"] for post in facts])
    # Every pair scored at once as arrays; only the pairs kept are explained one by one below.
    scores, allowed = matching.score_matrix([people[pid] for pid in person_ids], facts, weights, eligible)
    solution = matching.assign(scores, allowed)
    chosen = {facts[p]["id"]: person_ids[c] for p, c in solution.pairs}
    unfilled = {}
    for index, post in enumerate(facts):
        if post["id"] in chosen:
            continue
        unfilled[post["id"]] = (
            "No candidate passes this post's filters"
            if not allowed[index].any()
            else "Every candidate who could take it fits another post better: see the alternatives"
        )
    run = MatchRun(
        kind=MatchKind.REGION,
        region_id=region.id,
        weights=json.dumps(weights, sort_keys=True),
        include_other_regions=include_other_regions,
        include_national=include_national,
        candidates_considered=len(person_ids),
        unfilled=json.dumps({str(k): v for k, v in unfilled.items()}),
        run_by_id=actor.id,
    )
    db.session.add(run)
    db.session.flush()
    ids = np.array(person_ids)
    rows = []
    for index, post in enumerate(facts):
        # Only the pairs kept are explained: the proposed one and the best alternatives.
        for column, rank in _kept(scores[index], allowed[index], ids, chosen.get(post["id"])):
            pid = person_ids[column]
            inputs = _for_post(people[pid], post, prerequisites.of(pid, post["id"]))
            rows.append(
                _result_row(
                    run,
                    post["id"],
                    matching.evaluate(inputs, post, weights),
                    {"person": inputs, "post": post},
                    rank,
                    proposed=pid == chosen.get(post["id"]),
                )
            )
    _save_results(rows)
    db.session.flush()
    record_event("match_run", actor=actor, subject=run, post_id=None, candidates=len(person_ids))
    return Proposal(run, unfilled)


def _kept(scores: np.ndarray, allowed: np.ndarray, ids: np.ndarray, proposed: int | None) -> list[tuple[int, int]]:
    """(column, rank among the allowed) of the proposed candidate and the best alternatives, best
    first, ties to the lower person id, without sorting everyone."""
    candidates = np.flatnonzero(allowed)
    if candidates.size == 0:
        return []

    def rank_of(column: int) -> int:
        better = (scores[candidates] > scores[column]) | (
            (scores[candidates] == scores[column]) & (ids[candidates] < ids[column])
        )
        return int(better.sum()) + 1

    take = min(ALTERNATIVES + 1, candidates.size)
    top = candidates[np.argpartition(-scores[candidates], take - 1)[:take]] if take < candidates.size else candidates
    ordered = sorted(top.tolist(), key=lambda c: (-scores[c], ids[c]))
    kept = [c for c in ordered if ids[c] == proposed] if proposed is not None else []
    if proposed is not None and not kept:
        kept = [int(np.flatnonzero(ids == proposed)[0])]
    kept += [c for c in ordered if ids[c] != proposed][:ALTERNATIVES]
    return [(column, rank_of(column)) for column in kept]


def decide_pair(result: MatchResult, *, accept: bool, actor: Account) -> MatchResult:
    """The talent lead accepts or sets aside one proposed pair of a region-wide run."""
    run = db.session.get(MatchRun, result.run_id)
    if run.kind is not MatchKind.REGION or not result.proposed:
        raise RuleViolation("Only proposed pairs of a region-wide run are accepted or set aside")
    if result.accepted is not None:
        raise RuleViolation("This pair has already been decided")
    refuse_own_record(actor.person_id, result.person_id, doing="accept a proposed pair")
    result.accepted = accept
    db.session.flush()
    record_event("match_pair_decided", actor=actor, subject=run, result_id=result.id, accepted=accept)
    return result


# --- Shortlists, offers and placements ------------------------------------------------------


def create_shortlist(
    post: ChallengedPost, *, run: MatchRun, person_ids: list[int], reason: str, actor: Account
) -> list[ShortlistEntry]:
    """A shortlist from a match run. Whoever the talent lead adds over someone ranked higher, or
    leaves out while shortlisting someone below them, is a change by hand: the reason is kept on
    each of those entries (those left out are recorded as taken off)."""
    if run.kind is not MatchKind.POST or run.post_id != post.id:
        raise RuleViolation("Shortlist from a match run for this post", field="run_id")
    if post.status not in (ChallengedPostStatus.OPEN, ChallengedPostStatus.SHORTLISTING):
        raise RuleViolation(f"The post is {post.status.label.lower()}: its shortlist is settled")
    chosen = list(dict.fromkeys(person_ids))
    if not chosen:
        raise RuleViolation("Choose the people to shortlist", field="person_ids")
    refuse_own_record(actor.person_id, *chosen, doing="shortlist someone")
    results = {r.person_id: r for r in db.session.scalars(select(MatchResult).where(MatchResult.run_id == run.id))}
    unknown = [pid for pid in chosen if pid not in results]
    if unknown:
        raise RuleViolation("Shortlist people this run considered", field="person_ids")
    ranked = sorted((r for r in results.values() if r.rank), key=lambda r: r.rank)
    top = {r.person_id for r in ranked[: len(chosen)]}
    by_hand = [pid for pid in chosen if pid not in top]
    left_out = [pid for pid in top if pid not in chosen]
    if (by_hand or left_out) and not reason.strip():
        names = ", ".join(results[pid].person.full_name for pid in by_hand + left_out)
        raise RuleViolation(f"The shortlist differs from the run's ranking ({names}): say why", field="reason")
    existing = {
        entry.person_id: entry
        for entry in db.session.scalars(select(ShortlistEntry).where(ShortlistEntry.post_id == post.id))
    }
    entries = []
    for pid, status in [(pid, ShortlistStatus.SHORTLISTED) for pid in chosen] + [
        (pid, ShortlistStatus.REMOVED) for pid in left_out
    ]:
        entry = existing.get(pid)
        if entry is None:
            entry = ShortlistEntry(post_id=post.id, person_id=pid, added_by_id=actor.id)
            db.session.add(entry)
        elif entry.status not in (ShortlistStatus.SHORTLISTED, ShortlistStatus.REMOVED):
            raise RuleViolation(f"{entry.person.full_name} is already {entry.status.label.lower()} for this post")
        entry.run_id, entry.run_rank, entry.status = run.id, results[pid].rank, status
        entry.reason = reason.strip() if pid in by_hand or pid in left_out else ""
        entries.append(entry)
    post.status = ChallengedPostStatus.SHORTLISTING
    db.session.flush()
    record_event("shortlist_created", actor=actor, subject=post, chosen=chosen, by_hand=by_hand, left_out=left_out)
    return entries


def record_interview(entry: ShortlistEntry, *, selected: bool, notes: str, actor: Account) -> ShortlistEntry:
    if entry.status not in (ShortlistStatus.SHORTLISTED, ShortlistStatus.INTERVIEWED):
        raise RuleViolation(f"{entry.person.full_name} is {entry.status.label.lower()}, not waiting for a decision")
    refuse_own_record(actor.person_id, entry.person_id, doing="decide on a shortlist")
    entry.status = ShortlistStatus.SELECTED if selected else ShortlistStatus.NOT_SELECTED
    entry.notes = notes.strip()
    db.session.flush()
    record_event("shortlist_decided", actor=actor, subject=entry.post, person_id=entry.person_id, selected=selected)
    return entry


def make_offer(entry: ShortlistEntry, *, actor: Account) -> ShortlistEntry:
    """Offer the post, with its package, to the person selected: not before NHS England has
    approved a package over the threshold."""
    post = entry.post
    if entry.status is not ShortlistStatus.SELECTED:
        raise RuleViolation("Only the person selected at interview is offered the post")
    problems = offer_problems(post)
    if problems:
        raise RuleViolation("The post cannot be offered yet: " + "; ".join(problems))
    entry.status = ShortlistStatus.OFFERED
    post.status = ChallengedPostStatus.OFFERED
    db.session.flush()
    record_event("post_offered", actor=actor, subject=post, person_id=entry.person_id)
    return entry


def record_placement(entry: ShortlistEntry, *, starts_on: date, principal) -> Placement:
    """The offer is accepted: the person goes into a new post at the organisation through the
    usual post creation (so the prerequisites are checked, with no way round them here), the
    challenged post is filled, and the person leaves their talent pools as placed."""
    actor = principal.account
    post = entry.post
    if entry.status is not ShortlistStatus.OFFERED:
        raise RuleViolation("Record a placement once the post has been offered and accepted")
    new_post = people_services.add_post(
        entry.person,
        organisation=post.organisation,
        title=post.title,
        band=post.band,
        start_date=starts_on,
        principal=principal,
    )
    segment = org_services.current_segment(post.organisation, starts_on)
    placement = Placement(
        challenged_post_id=post.id,
        person_id=entry.person_id,
        post_id=new_post.id,
        region_id=post.region_id,
        previous_organisation_id=entry.person.organisation_id,
        starts_on=starts_on,
        segment_at_placement=segment.segment if segment else None,
    )
    db.session.add(placement)
    entry.status = ShortlistStatus.PLACED
    post.status = ChallengedPostStatus.FILLED
    db.session.flush()
    memberships = db.session.scalars(
        select(PoolMembership).where(
            PoolMembership.person_id == entry.person_id, PoolMembership.status.in_(OPEN_MEMBERSHIP)
        )
    ).all()
    for membership in memberships:
        pipeline_services.leave_pool(
            membership, reason=LeavingReason.PLACED, comment=f"Placed as {post.title}", actor=actor
        )
    record_event("placement_recorded", actor=actor, subject=placement, post_id=post.id, person_id=entry.person_id)
    return placement


def record_leaving(placement: Placement, *, left_on: date, reason: str, actor: Account) -> Placement:
    """A placed leader leaves the post: the date and why, for the outcomes."""
    if placement.left_on is not None:
        raise RuleViolation("Their leaving is already recorded")
    if left_on < placement.starts_on:
        raise RuleViolation("They cannot leave before they started", field="left_on")
    if not reason.strip():
        raise RuleViolation("Say why they left", field="reason")
    placement.left_on, placement.left_reason = left_on, reason.strip()
    db.session.flush()
    record_event("placement_ended", actor=actor, subject=placement, left_on=left_on.isoformat())
    return placement


@dataclass
class Outcome:
    placement: Placement
    #: None until the placement is that old.
    in_post_at_12_months: bool | None
    in_post_at_24_months: bool | None
    segment_now: int | None
    early_leaver: bool


def _in_post_at(placement: Placement, months: int, today: date) -> bool | None:
    mark = add_months(placement.starts_on, months)
    if mark > today:
        return None
    return placement.left_on is None or placement.left_on >= mark


def placement_outcomes(placements: list[Placement], today: date) -> list[Outcome]:
    """Still in post at 12 and 24 months, the organisation's segment now beside the one at
    placement, and who left within a year."""
    segments = org_queries.current_segments({p.challenged_post.organisation_id for p in placements}, today)
    return [
        Outcome(
            placement,
            _in_post_at(placement, 12, today),
            _in_post_at(placement, 24, today),
            segments.get(placement.challenged_post.organisation_id),
            placement.left_on is not None and placement.left_on < add_months(placement.starts_on, 12),
        )
        for placement in placements
    ]


def declare_conflict(person: Person, organisation: Organisation, *, reason: str, actor: Account) -> CandidateConflict:
    """Record that a candidate has a conflict of interest with an organisation (a relative on its
    board, a recent business relationship): from now on they are filtered out of its posts."""
    if not reason.strip():
        raise RuleViolation("Say what the conflict of interest is", field="reason")
    refuse_own_record(actor.person_id, person.id, doing="record a conflict of interest")
    conflict = CandidateConflict(
        person_id=person.id, organisation_id=organisation.id, reason=reason.strip(), declared_by_id=actor.id
    )
    add_once(
        conflict,
        RuleViolation(f"A conflict between {person.full_name} and {organisation.display_name} is already recorded"),
    )
    record_event("candidate_conflict_declared", actor=actor, subject=person, organisation_id=organisation.id)
    return conflict
