"""The frameworks the service starts with.

Domain and dimension names and rating scales are as NHS England and the NHS Leadership Academy
publish them (see ../shared/domain/BRIEF.md). Standards and behaviour statements are written
for this service in the frameworks' spirit, except where quoted, and are meant to be replaced
by programme admins with the official wording through a new version.
"""

LCF_SCALE = [
    ("Rarely or never", True),
    ("Occasionally", True),
    ("Frequently", True),
    ("Almost always", True),
    ("No chance to demonstrate", False),
]
HLM_SCALE = [("Essential", True), ("Proficient", True), ("Strong", True), ("Exemplary", True)]
MLS_SCALE = [("Not yet met", True), ("Developing", True), ("Met", True), ("Exceeded", True)]

#: What each point of the scales means, shown as the hint under each rating choice. Written for
#: this service in the frameworks' spirit; a framework without an entry shows its labels alone.
SCALE_HINTS = {
    "Rarely or never": "You seldom see this, even when the situation calls for it",
    "Occasionally": "Sometimes, but not yet reliably",
    "Frequently": "Most of the time, in most situations",
    "Almost always": "Consistently, including under pressure, and others learn from it",
    "No chance to demonstrate": "The role gave no chance to show this during the year",
    "Essential": "Shows the behaviour in everyday work, with support when things are difficult",
    "Proficient": "Shows it reliably and without prompting, including when things are difficult",
    "Strong": "Shows it across teams and helps others to do the same",
    "Exemplary": "A role model: shows it in complex and pressured situations and shapes how others lead",
    "Not yet met": "The standard is not yet met",
    "Developing": "Working towards the standard, with clear progress",
    "Met": "Meets the standard in full",
    "Exceeded": "Goes beyond the standard and helps others meet it",
}

#: (domain title, [(standard title, [statements])])
LCF_DOMAINS = [
    (
        "Driving high-quality and sustainable outcomes",
        [
            (
                "Quality, safety and experience",
                [
                    "Holds the organisation to account for the quality and safety of care and for "
                    "what patients and service users say about it.",
                    "Uses data and the voices of patients and staff to find and act on risks to quality.",
                ],
            ),
            (
                "Performance and use of resources",
                [
                    "Makes sure money, people and estate are used well and sustainably.",
                    "Expects and supports continuous improvement in performance.",
                ],
            ),
        ],
    ),
    (
        "Setting strategy and delivering long-term transformation",
        [
            (
                "Strategy with partners",
                [
                    "Shapes a long-term strategy with system partners that responds to the needs of the population.",
                    "Champions innovation, digital ways of working and progress towards net zero.",
                ],
            ),
        ],
    ),
    (
        "Promoting equality and inclusion, and reducing health and workforce inequalities",
        [
            (
                "Equality and inclusion",
                [
                    "Speaks up against any form of racism, discrimination, bullying, aggression, sexual "
                    "misconduct or violence, even when they might be the only voice.",
                    "Sets and is held to account for specific, measurable equality, diversity and "
                    "inclusion objectives.",
                    "Uses data to understand and reduce health inequalities and workforce inequalities.",
                ],
            ),
        ],
    ),
    (
        "Providing robust governance and assurance",
        [
            (
                "Governance, risk and assurance",
                [
                    "Seeks and tests assurance rather than accepting reassurance.",
                    "Understands and meets the board's statutory, financial and regulatory duties.",
                ],
            ),
        ],
    ),
    (
        "Creating a compassionate, just and positive culture",
        [
            (
                "Culture and speaking up",
                [
                    "Challenges constructively and is open to challenge.",
                    "Ensures there is a safe culture of speaking up for the workforce.",
                    "Role-models compassion and a just culture, and looks after staff wellbeing.",
                ],
            ),
        ],
    ),
    (
        "Building a trusted relationship with partners and communities",
        [
            (
                "Partnership and engagement",
                [
                    "Builds trusted relationships with partners across the integrated care system.",
                    "Listens to and involves the public and communities in decisions that affect them.",
                ],
            ),
        ],
    ),
]

HLM_DIMENSIONS = [
    ("Inspiring shared purpose", "Do I value a service ethos and act on behalf of patients and colleagues?"),
    ("Leading with care", "Do I notice and respond to the needs and feelings of the people I work with?"),
    ("Evaluating information", "Do I seek out and use varied information to improve services and decisions?"),
    ("Connecting our service", "Do I understand how the parts of the system work together and build links?"),
    ("Sharing the vision", "Do I communicate a clear, credible and inspiring picture of the future?"),
    ("Engaging the team", "Do I involve people so that they feel valued and can contribute?"),
    ("Holding to account", "Do I agree clear expectations and support people to meet them?"),
    ("Developing capability", "Do I build people's capability, including my own, for now and the future?"),
    ("Influencing for results", "Do I adapt how I influence others to win support for better care?"),
]

#: (domain code, domain title, {level: (standard title, statement)})
MLS_DOMAINS = [
    (
        "PEOPLE",
        "Leading people and teams",
        {
            1: ("Working well with others", "Treats colleagues with respect and asks for help and feedback."),
            2: ("Leading a team", "Sets clear goals, holds regular one-to-ones and completes appraisals on time."),
            3: (
                "Leading managers",
                "Develops the managers who report to them and deals with poor performance fairly.",
            ),
            4: ("Leading a service", "Builds a workforce plan and a culture where people can speak up."),
            5: ("Leading an organisation", "Sets the organisation's culture and is accountable for its people."),
        },
    ),
    (
        "RESOURCES",
        "Managing resources and performance",
        {
            1: ("Using resources well", "Understands the budget and rota of their area and avoids waste."),
            2: ("Managing a budget", "Manages a cost centre budget and rota within agreed limits."),
            3: ("Managing performance", "Uses performance data to plan services and act on variation."),
            4: ("Financial stewardship", "Leads the financial plan of a service or directorate."),
            5: ("Organisational sustainability", "Secures the financial and operational sustainability of the body."),
        },
    ),
    (
        "QUALITY",
        "Delivering quality and improvement",
        {
            1: ("Safety first", "Reports incidents and concerns and learns from them."),
            2: ("Improving the team's work", "Leads small improvement projects using a recognised method."),
            3: ("Improving services", "Leads improvement across teams and measures its effect."),
            4: ("Quality governance", "Builds quality governance and assurance for a service."),
            5: ("Quality across the system", "Is accountable for quality and safety across the organisation."),
        },
    ),
    (
        "SYSTEMS",
        "Working across the system",
        {
            1: ("Knowing the system", "Knows how their service fits into the NHS and social care."),
            2: ("Working with partners", "Builds working relationships with teams in other organisations."),
            3: ("Joining up care", "Designs pathways with partners across health and social care."),
            4: ("System leadership", "Represents their organisation in system planning and delivery."),
            5: ("Leading the system", "Shares accountability for outcomes across the integrated care system."),
        },
    ),
    (
        "INCLUSION",
        "Inclusive and compassionate leadership",
        {
            1: ("Fair treatment", "Treats everyone fairly and challenges discrimination when they see it."),
            2: ("Inclusive team leadership", "Makes fair decisions on recruitment, development and discipline."),
            3: ("Inclusive services", "Uses equality data to find and remove unfairness in their area."),
            4: ("Equality objectives", "Sets and delivers measurable equality objectives for a service."),
            5: ("Inclusive organisation", "Is accountable for equality outcomes for staff and patients."),
        },
    ),
]

FRAMEWORKS = {
    "lcf": {
        "title": "Leadership competency framework for board members",
        "publisher": "NHS England",
        "description": "Six competency domains every board member self-assesses against each year, "
        "as part of the fit and proper person test and the board member appraisal.",
        "scale": LCF_SCALE,
    },
    "hlm": {
        "title": "Healthcare leadership model",
        "publisher": "NHS Leadership Academy",
        "description": "Nine dimensions of leadership behaviour for everyone in the NHS, whatever their role or band.",
        "scale": HLM_SCALE,
    },
    "mls": {
        "title": "Management and leadership standards",
        "publisher": "Talent (written for this service)",
        "description": "Five levels from entry level to executive. Each level sets the standard a manager "
        "should meet in five areas; accredited training develops them, and completing it is a "
        "prerequisite for senior posts.",
        "scale": MLS_SCALE,
    },
}


def tree(code: str) -> list[tuple[str, str, list[tuple[str, str, int | None, list[str]]]]]:
    """The framework's domains as (code, title, [(standard code, title, level, statements)])."""
    if code == "lcf":
        return [
            (
                f"D{d}",
                title,
                [(f"LCF-{d}.{s}", name, None, statements) for s, (name, statements) in enumerate(standards, 1)],
            )
            for d, (title, standards) in enumerate(LCF_DOMAINS, 1)
        ]
    if code == "hlm":
        return [
            (f"HLM{d}", title, [(f"HLM-{d}", title, None, [question])])
            for d, (title, question) in enumerate(HLM_DIMENSIONS, 1)
        ]
    return [
        (
            domain_code,
            title,
            [(f"MLS-{level}-{domain_code}", name, level, [text]) for level, (name, text) in levels.items()],
        )
        for domain_code, title, levels in MLS_DOMAINS
    ]
