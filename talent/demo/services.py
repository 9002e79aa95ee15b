"""Build invented people, posts, segments and one account per role on the real ODS list.

Everything here is invented except the organisations, which is why every page shows a banner
while a :class:`DemoDataset` row exists. Loading is idempotent: organisations that already have
people are left alone, accounts and segments are only added where missing.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, func, insert, select

from talent.appraisals import services as appraisal_services
from talent.auth import services as auth_services
from talent.auth.models import Account, Role
from talent.db import utcnow
from talent.demo import appraisals as demo_appraisals
from talent.demo import challenged as demo_challenged
from talent.demo import edi as demo_edi
from talent.demo import names
from talent.demo import ned as demo_ned
from talent.demo import pipeline as demo_pipeline
from talent.demo import programmes as demo_programmes
from talent.demo.models import DemoDataset
from talent.edi.models import EdiProfile
from talent.extensions import db
from talent.imports import bulk_insert
from talent.insights import services as insight_services
from talent.notifications import services as notification_services
from talent.notifications.models import OutboundEmail
from talent.notifications.services import link_to
from talent.orgs import services as org_services
from talent.orgs.models import Organisation, OversightSegment, Region
from talent.people.models import Band, Person, Post, ProfessionalGroup
from talent.pipeline import reports as pipeline_reports
from talent.standards import services as standard_services

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "ods"
ODS_FILE = DATA_DIR / "etr-2026.csv"
GRID_FILE = DATA_DIR / "trust-hq-postcodes-bng.csv"

#: Where the demo accounts work: a North West trust, so the talent lead covers North West.
HOME_TRUST_CODE = "R0A"
HOME_REGION_CODE = "Y62"
FRAMEWORK_VERSION = "NOF 2025/26"
SEGMENT_FROM = date(2025, 7, 1)
DEMO_DOMAIN = "demo.nhs.uk"


@dataclass(frozen=True)
class Size:
    name: str
    #: People per organisation with staff.
    headcount: int
    #: Which organisations get staff: "few" (home trust and 7 others), "region", or "all".
    coverage: str


SIZES = {
    "small": Size("small", 40, "few"),
    "region": Size("region", 400, "region"),
    # About 1.4 million staff across the English trusts, as in the NHS.
    "national": Size("national", 6700, "all"),
}

DEMO_ACCOUNTS = [
    # email local part, role, given name, family name, post title, band, reports to (title)
    ("admin", Role.SYSTEM_ADMIN, "Alex", "Morgan", "Digital service manager", Band.AFC_8B, "Director of strategy"),
    ("manager", None, "Grace", "Adeyemi", "Ward manager", Band.AFC_7, "Chief nurse"),
    ("staff", None, "Tomasz", "Nowak", "Staff nurse", Band.AFC_5, "manager"),
    ("hr", Role.HR_ADMIN, "Priya", "Shah", "HR business partner", Band.AFC_8A, "Director of people"),
    (
        "programmes",
        Role.PROGRAMME_ADMIN,
        "Daniel",
        "Okafor",
        "Leadership programme lead",
        Band.AFC_8B,
        "Director of people",
    ),
    ("talent.lead", Role.TALENT_LEAD, "Siobhan", "Kelly", "Regional talent lead", Band.AFC_8C, "Director of people"),
    ("ned.team", Role.NED_TEAM, "Kwame", "Mensah", "NED appointments manager", Band.AFC_8B, "Director of people"),
    ("ned.panel", Role.NED_PANEL, "Ruth", "Campbell", "Non-executive director", Band.NED, "Chair"),
    (
        "board.secretary",
        Role.BOARD_SECRETARY,
        "Imran",
        "Hussain",
        "Trust board secretary",
        Band.AFC_8C,
        "Chief executive",
    ),
]


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_DOMAIN}"


def load_demo_data(size_name: str, *, progress: Callable[[int], None] | None = None, today: date | None = None) -> dict:
    """Load demo data of the given size; safe to run again.

    :param progress: called with 1 after each organisation is staffed (the CLI commits there).
    :returns: counts of what was added.
    """
    size = SIZES[size_name]
    today = today or date.today()
    rng = random.Random(f"talent-demo-{size_name}")
    added = {"organisations": 0, "people": 0, "accounts": 0, "segments": 0}
    if not db.session.scalar(select(func.count(Organisation.id))):
        rows = org_services.read_ods_file(ODS_FILE)
        report = org_services.import_ods(rows, grid=org_services.read_grid_references(GRID_FILE), today=today)
        added["organisations"] = report.inserted

    standard_services.seed_frameworks(today)
    home = _home_trust()
    added["segments"] = _add_segments(rng, home)
    staffed = set(db.session.scalars(select(Person.organisation_id).distinct()))
    for organisation in _organisations_to_staff(size, home):
        if organisation.id not in staffed:
            added["people"] += _staff_organisation(organisation, size.headcount, rng, today)
        if progress:
            progress(1)
    added["accounts"] = _add_demo_accounts(home, rng, today)
    demo_people = {
        email.split("@")[0]: person_id
        for email, person_id in db.session.execute(
            select(Account.email, Account.person_id).where(Account.email.like(f"%@{DEMO_DOMAIN}"))
        )
    }
    staffed = [org.id for org in _organisations_to_staff(size, home)[:4]]
    demo_programmes.load(staffed, demo_people, today)
    demo_appraisals.load(staffed, home.id, demo_people, today)
    demo_pipeline.load(
        [org.id for org in _organisations_to_staff(size, home)],
        home.region_id,
        demo_people,
        today,
        lambda organisation, specs: _Builder(organisation, rng, today, first_number=80000).add_level(specs),
    )
    demo_ned.load([org.id for org in _organisations_to_staff(size, home)], demo_people, today)
    demo_challenged.load(home.region_id, demo_people, today)
    added["board terms"] = demo_ned.load_terms([org.id for org in _organisations_to_staff(size, home)], today)
    # Loading the demo enrols demo accounts on cohorts, which queues emails to invented
    # addresses; the in-app notifications stay, the emails go.
    db.session.execute(
        delete(OutboundEmail).where(OutboundEmail.to_address.like(f"%@{DEMO_DOMAIN}"), OutboundEmail.sent_at.is_(None))
    )
    if not db.session.scalar(select(DemoDataset.id).where(DemoDataset.size == size_name)):
        db.session.add(DemoDataset(size=size_name))
    insight_services.recount_workforce(on=today)
    appraisal_services.recount_completion(today)
    appraisal_services.recount_fairness(today)
    pipeline_reports.recount_pipeline(on=today)
    db.session.flush()
    return added


def has_people() -> bool:
    return db.session.scalar(select(Person.id).limit(1)) is not None


def has_demo_accounts() -> bool:
    return db.session.scalar(select(Account.id).where(Account.email == demo_email("admin"))) is not None


def count_organisations_to_staff(size_name: str) -> int:
    """How many organisations ``load_demo_data`` walks through (for a progress bar's length)."""
    if not db.session.scalar(select(func.count(Organisation.id))):
        return {"few": 8, "region": 40, "all": 220}[SIZES[size_name].coverage]
    return len(_organisations_to_staff(SIZES[size_name], _home_trust()))


def _home_trust() -> Organisation:
    home = db.session.scalar(select(Organisation).where(Organisation.ods_code == HOME_TRUST_CODE))
    if home is None or not home.is_active:
        home = db.session.scalar(
            select(Organisation)
            .join(Organisation.region)
            .where(Region.code == HOME_REGION_CODE, Organisation.is_active.is_(True))
            .order_by(Organisation.ods_code)
        )
    if home is None:
        raise RuntimeError("no active North West trust to build demo data on: import an ODS file first")
    return home


def _organisations_to_staff(size: Size, home: Organisation) -> list[Organisation]:
    active = select(Organisation).where(Organisation.is_active.is_(True)).order_by(Organisation.ods_code)
    if size.coverage == "all":
        return list(db.session.scalars(active))
    in_region = list(db.session.scalars(active.where(Organisation.region_id == home.region_id)))
    if size.coverage == "region":
        return [home] + [org for org in in_region if org.id != home.id]
    others = list(db.session.scalars(active.where(Organisation.region_id != home.region_id)))
    neighbours = [org for org in in_region if org.id != home.id][:3]
    return [home, *neighbours, *others[:: max(len(others) // 4, 1)][:4]]


def _add_segments(rng: random.Random, home: Organisation) -> int:
    """Give every active organisation without one an invented segment; make sure the home
    region has at least one challenged organisation for the talent lead to see."""
    with_segment = set(db.session.scalars(select(OversightSegment.organisation_id).distinct()))
    organisations = list(
        db.session.scalars(select(Organisation).where(Organisation.is_active.is_(True)).order_by(Organisation.ods_code))
    )
    neighbours = [org for org in organisations if org.region_id == home.region_id and org.id != home.id]
    forced_challenged = neighbours[0].id if neighbours else None
    rows = []
    for organisation in organisations:
        if organisation.id in with_segment:
            continue
        segment = rng.choices([1, 2, 3, 4, 5], weights=[15, 35, 30, 15, 5])[0]
        if organisation.id == forced_challenged:
            segment = 4
        elif organisation.id == home.id:
            segment = 2
        if segment == 5:
            organisation.in_recovery_support = True
        rows.append(
            {
                "organisation_id": organisation.id,
                "segment": segment,
                "effective_from": SEGMENT_FROM,
                "framework_version": FRAMEWORK_VERSION,
            }
        )
    if rows:
        db.session.execute(insert(OversightSegment), rows)
    return len(rows)


_STAFF_GROUPS = [
    (ProfessionalGroup.NURSING_MIDWIFERY, 26),
    (ProfessionalGroup.ADDITIONAL_CLINICAL_SERVICES, 22),
    (ProfessionalGroup.ADMINISTRATIVE_CLERICAL, 24),
    (ProfessionalGroup.ALLIED_HEALTH_PROFESSIONALS, 8),
    (ProfessionalGroup.MEDICAL_DENTAL, 10),
    (ProfessionalGroup.ESTATES_ANCILLARY, 6),
    (ProfessionalGroup.HEALTHCARE_SCIENTISTS, 2),
    (ProfessionalGroup.ADDITIONAL_PROFESSIONAL_SCIENTIFIC, 2),
]


class _Builder:
    """Inserts one organisation's people and posts level by level, with bulk statements."""

    def __init__(self, organisation: Organisation, rng: random.Random, today: date, *, first_number: int = 0):
        self.organisation = organisation
        self.rng = rng
        self.today = today
        #: Employee numbers go on from here (people added later to a staffed trust start high).
        self.sequence = first_number
        self.people_added = 0
        # Its own generator, so that adding answers did not change the rest of the demo data.
        # Seeded by ODS code, not row id, so the same answers come out on any database.
        self.edi_rng = random.Random(f"talent-demo-edi-{organisation.ods_code}")
        self.consent_version = current_app.config["EDI_CONSENT_VERSION"]
        #: Post id → directorate, so each post takes its directorate from the post it reports to.
        self.directorates: dict[int, str] = {}

    def _person_row(self) -> dict:
        self.sequence += 1
        given, family = self.rng.choice(names.GIVEN_NAMES), self.rng.choice(names.FAMILY_NAMES)
        number = f"9{self.organisation.id:04d}{self.sequence:05d}"
        return {
            "given_name": given,
            "family_name": family,
            "work_email": f"{given}.{family}.{number}@{DEMO_DOMAIN}".lower(),
            "employee_number": number,
            "organisation_id": self.organisation.id,
            "professional_group": self.rng.choices([g for g, _ in _STAFF_GROUPS], [w for _, w in _STAFF_GROUPS])[0],
            "version": 1,
        }

    def add_level(self, specs: list[tuple[str, Band, int | None]], *, vacant: int = 0) -> list[int]:
        """Insert people and posts for ``specs`` (title, band, reports-to post id); return post ids.

        The last ``vacant`` posts get no holder.
        """
        filled = len(specs) - vacant
        people = [self._person_row() for _ in range(filled)]
        person_ids = []
        if people:
            person_ids = bulk_insert(Person, people, return_ids=True)
            self.people_added += len(person_ids)
        posts = []
        for index, (title, band, parent) in enumerate(specs):
            started = self.today - timedelta(days=self.rng.randint(30, 3650))
            posts.append(
                {
                    "title": title,
                    "band": band,
                    "directorate": names.DIRECTORATES.get(title) or self.directorates.get(parent),
                    "organisation_id": self.organisation.id,
                    "person_id": person_ids[index] if index < filled else None,
                    "start_date": started,
                    "reports_to_post_id": parent,
                    "version": 1,
                }
            )
        self._add_edi_profiles(person_ids, [band for _, band, _ in specs[:filled]])
        post_ids = bulk_insert(Post, posts, return_ids=True)
        self.directorates.update(
            (i, p["directorate"]) for i, p in zip(post_ids, posts, strict=True) if p["directorate"]
        )
        return post_ids

    def _add_edi_profiles(self, person_ids: list[int], bands: list[Band]) -> None:
        now = utcnow()
        rows = [
            demo_edi.profile_row(self.edi_rng, person_id, band, self.today, self.consent_version, now)
            for person_id, band in zip(person_ids, bands, strict=True)
        ]
        rows = [row for row in rows if row is not None]
        bulk_insert(EdiProfile, rows)


def _staff_organisation(organisation: Organisation, headcount: int, rng: random.Random, today: date) -> int:
    """A believable hierarchy: board, directors, heads of service, managers and staff."""
    build = _Builder(organisation, rng, today)
    [chair] = build.add_level([("Chair", Band.CHAIR, None)])
    build.add_level([("Non-executive director", Band.NED, chair)] * 6, vacant=1)
    [chief_executive] = build.add_level([("Chief executive", Band.VSM, chair)])
    directors = build.add_level([(title, Band.VSM, chief_executive) for title in names.DIRECTOR_TITLES])
    remaining = max(headcount - 14, 3)
    heads = build.add_level(
        [
            (rng.choice(names.HEAD_TITLES), rng.choice([Band.AFC_8D, Band.AFC_9]), directors[i % len(directors)])
            for i in range(max(1, remaining // 100))
        ]
    )
    manager_bands = [Band.AFC_7, Band.AFC_8A, Band.AFC_8B, Band.AFC_8C]
    managers = build.add_level(
        [
            (rng.choice(names.MANAGER_TITLES), rng.choices(manager_bands, [40, 35, 15, 10])[0], heads[i % len(heads)])
            for i in range(max(1, remaining * 6 // 100))
        ]
    )
    staff_bands = [Band.AFC_2, Band.AFC_3, Band.AFC_4, Band.AFC_5, Band.AFC_6, Band.AFC_7]
    staff_count = remaining - len(heads) - len(managers)
    for start in range(0, staff_count, 5000):
        build.add_level(
            [
                (
                    rng.choice(names.STAFF_TITLES),
                    rng.choices(staff_bands, [10, 15, 10, 25, 25, 15])[0],
                    rng.choice(managers),
                )
                for _ in range(min(5000, staff_count - start))
            ]
        )
    return build.people_added


def _add_demo_accounts(home: Organisation, rng: random.Random, today: date) -> int:
    """One account per role at the home trust; the manager manages the staff account."""
    existing = set(db.session.scalars(select(Account.email).where(Account.email.like(f"%@{DEMO_DOMAIN}"))))
    password = current_app.config["DEMO_PASSWORD"]
    home_posts = {
        post.title: post
        for post in db.session.scalars(
            select(Post).where(Post.organisation_id == home.id, Post.band.in_([Band.VSM, Band.CHAIR])).order_by(Post.id)
        )
    }
    created_posts: dict[str, Post] = {}
    created_accounts: list[Account] = []
    added = 0
    for local_part, role, given, family, title, band, reports_to in DEMO_ACCOUNTS:
        email = demo_email(local_part)
        if email in existing:
            continue
        person = Person(
            given_name=given,
            family_name=family,
            work_email=email,
            employee_number=f"DEMO-{local_part.upper()}",
            organisation=home,
            professional_group=ProfessionalGroup.NURSING_MIDWIFERY
            if band in (Band.AFC_5, Band.AFC_7)
            else ProfessionalGroup.ADMINISTRATIVE_CLERICAL,
        )
        parent = created_posts.get(reports_to) or home_posts.get(reports_to)
        post = Post(
            title=title,
            band=band,
            organisation=home,
            holder=person,
            start_date=today - timedelta(days=rng.randint(200, 2000)),
            reports_to=parent,
        )
        db.session.add_all([person, post])
        created_posts[local_part] = post
        account = auth_services.create_account(email, password, person=person)
        if role is Role.TALENT_LEAD:
            auth_services.grant_role(account, role, region=home.region)
        elif role in (Role.HR_ADMIN, Role.BOARD_SECRETARY):
            auth_services.grant_role(account, role, organisation=home)
        elif role is not None:
            auth_services.grant_role(account, role)
        created_accounts.append(account)
        added += 1
    if "manager" in created_posts:
        _add_team(created_posts["manager"], home, rng, today)
    db.session.flush()
    for account in created_accounts:
        _welcome(account)
    return added


def _welcome(account: Account) -> None:
    """In-app only: demo addresses are not real mailboxes."""
    notification_services.notify(
        account,
        kind="welcome",
        title="Welcome to Talent",
        body="This is a demonstration: the organisations are real, the people are invented.",
        link=link_to("home.show_home"),
        email=False,
    )
    notification_services.notify(
        account,
        kind="edi_invitation",
        title="Record your equality information",
        body="Tell us about yourself, privately, so that the NHS can check people are treated fairly. "
        "Only you can see your answers.",
        link=link_to("edi.view_edi_profile", person_id=account.person_id),
        email=False,
    )


def _add_team(manager_post: Post, home: Organisation, rng: random.Random, today: date) -> None:
    """Give the demo manager a few more people to manage than just the staff account."""
    db.session.flush()
    build = _Builder(home, rng, today)
    build.sequence = 90000
    build.add_level(
        [
            ("Staff nurse", Band.AFC_5, manager_post.id),
            ("Healthcare assistant", Band.AFC_3, manager_post.id),
            ("Staff nurse", Band.AFC_6, manager_post.id),
        ]
    )
