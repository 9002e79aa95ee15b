"""The national programmes and a starting set of accredited courses, each module mapped to the
management standards it develops (by standard code, so the mapping follows new versions).

Programme names are those NHS England and the NHS Leadership Academy use; the CMI
qualifications are real qualifications of the Chartered Management Institute. Modules and their
mapping to this service's management standards are written for the service.
"""

from datetime import date

LEVEL_DOMAINS = ("PEOPLE", "RESOURCES", "QUALITY", "SYSTEMS", "INCLUSION")


def _level(level: int, domains=LEVEL_DOMAINS) -> list[str]:
    return [f"MLS-{level}-{domain}" for domain in domains]


#: code → (title, kind, provider, description, [(module title, [standard codes])], accreditation)
PROGRAMMES = {
    "INDUCTION": (
        "National induction for NHS managers",
        "induction",
        "NHS England",
        "The entry-level induction every new NHS manager starts with.",
        [
            ("Welcome to the NHS and social care", _level(1, ("SYSTEMS",))),
            ("Working safely and fairly", _level(1, ("QUALITY", "INCLUSION"))),
            ("Looking after people and resources", _level(1, ("PEOPLE", "RESOURCES"))),
        ],
        None,
    ),
    "CMI-L3": (
        "CMI Level 3 Certificate in Principles of Management and Leadership",
        "accredited_course",
        "NHS Leadership Academy",
        "For first-line managers: leading a team, budgets, improvement and fair decisions.",
        [
            ("Leading and developing a team", _level(2, ("PEOPLE", "INCLUSION"))),
            ("Managing a budget and a rota", _level(2, ("RESOURCES",))),
            ("Improving the team's work with partners", _level(2, ("QUALITY", "SYSTEMS"))),
        ],
        ("Chartered Management Institute", date(2024, 4, 1), None),
    ),
    "MID-CAREER": (
        "National mid-career programme",
        "mid_career",
        "NHS England, delivered by regional leadership academies",
        "For managers of managers across health and social care: collaborative leadership, "
        "cross-sector understanding and behavioural expectations.",
        [
            ("Leading managers and teams", _level(3, ("PEOPLE", "INCLUSION"))),
            ("Performance, money and improvement", _level(3, ("RESOURCES", "QUALITY"))),
            ("Joining up care across the system", _level(3, ("SYSTEMS",))),
        ],
        None,
    ),
    "CMI-L7": (
        "CMI Level 7 Certificate in Strategic Management and Leadership Practice",
        "accredited_course",
        "NHS Leadership Academy",
        "For senior managers leading a service or directorate.",
        [
            ("Strategic leadership of people and equality", _level(4, ("PEOPLE", "INCLUSION"))),
            ("Financial stewardship and quality governance", _level(4, ("RESOURCES", "QUALITY"))),
            ("System leadership", _level(4, ("SYSTEMS",))),
        ],
        ("Chartered Management Institute", date(2024, 4, 1), date(2027, 3, 31)),
    ),
    "NYE-BEVAN": (
        "Nye Bevan Programme",
        "national_leadership",
        "NHS Leadership Academy",
        "For senior leaders moving into board and executive roles.",
        [
            ("Leading an organisation", _level(5, ("PEOPLE", "INCLUSION"))),
            ("Sustainability and quality at board level", _level(5, ("RESOURCES", "QUALITY"))),
            ("Leading the system", _level(5, ("SYSTEMS",))),
        ],
        None,
    ),
}
