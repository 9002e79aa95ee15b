"""The self-assessment and the manager assessment as sections, each a page of its own, saved as a
draft: which sections there are, how far each has got, and every problem that stops a submission
(all of them at once, each naming the section to fix it in).

The submit services refuse with ``Unfinished``, which carries every problem: its message is the
first (what the API reports), and the check-answers page lists them all.
"""

import enum
from dataclasses import dataclass

from talent.appraisals.models import Appraisal, AppraisalVariant
from talent.errors import RuleViolation


class SectionState(enum.Enum):
    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    COMPLETED = "Completed"
    OPTIONAL = "Optional"

    @property
    def tag_class(self) -> str | None:
        """The design system's tag colour; a completed section is plain text, as the pattern asks."""
        return {"Not started": "nhsuk-tag--grey", "In progress": "nhsuk-tag--blue", "Optional": "nhsuk-tag--white"}.get(
            self.value
        )


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    hint: str


@dataclass(frozen=True)
class Problem:
    """Why a submission is refused: the message, the section that fixes it and the field named in
    the service's refusal (for the API's error path)."""

    message: str
    section: str
    field: str


class Unfinished(RuleViolation):
    """A submission refused because sections are not finished: every problem, in section order."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0].message, field=problems[0].field)
        self.problems = problems


SELF_SECTIONS = [
    Section("objectives", "Objectives", "Up to 3: what you will do, how it will be measured and by when"),
    Section("behaviours", "Behaviours", "How often you show each behaviour, with examples"),
    Section("wellbeing", "Wellbeing conversation", "How you are, and what helps"),
    Section("career", "Career conversation", "Where you would like your career to go"),
    Section("development", "Development needs", "Training or programmes you need"),
]

MANAGER_SECTIONS = [
    Section("objectives", "Objectives", "Whether each objective was met"),
    Section("behaviours", "Behaviours", "Your rating of each behaviour, with examples"),
    Section("overall", "Overall ratings", "One rating for objectives and one for behaviours"),
]

SECTIONS = {"self": SELF_SECTIONS, "manager": MANAGER_SECTIONS}


def section(side: str, key: str) -> Section | None:
    return next((item for item in SECTIONS[side] if item.key == key), None)


def _progress(done: int, of: int) -> SectionState:
    if of and done == of:
        return SectionState.COMPLETED
    return SectionState.IN_PROGRESS if done else SectionState.NOT_STARTED


def section_states(appraisal: Appraisal, side: str) -> dict[str, SectionState]:
    """How far each section of ``side`` ("self" or "manager") has got, from what is saved."""
    ratings = appraisal.ratings
    if side == "self":

        def written(text: str | None) -> SectionState:
            return SectionState.COMPLETED if (text or "").strip() else SectionState.OPTIONAL

        return {
            "objectives": SectionState.COMPLETED if appraisal.objectives else SectionState.NOT_STARTED,
            "behaviours": _progress(sum(r.self_rating is not None for r in ratings), len(ratings)),
            "wellbeing": written(appraisal.wellbeing_conversation),
            "career": written(appraisal.career_conversation),
            "development": SectionState.COMPLETED
            if (appraisal.development_needs or "").strip() or appraisal.development_programmes
            else SectionState.OPTIONAL,
        }
    objectives = appraisal.objectives
    overall = [appraisal.objectives_rating, appraisal.behaviours_rating]
    return {
        "objectives": _progress(sum(o.outcome is not None for o in objectives), len(objectives))
        if objectives
        else SectionState.COMPLETED,
        "behaviours": _progress(sum(r.manager_rating is not None for r in ratings), len(ratings)),
        "overall": _progress(sum(rating is not None for rating in overall), len(overall)),
    }


def submission_problems(appraisal: Appraisal, side: str) -> list[Problem]:
    """Everything that stops ``side``'s assessment being submitted, in section order."""
    problems = []
    ratings = appraisal.ratings
    if side == "self":
        if not appraisal.objectives:
            problems.append(Problem("Add at least one objective before you submit", "objectives", "objectives"))
        unrated = sum(r.self_rating is None for r in ratings)
        if unrated:
            problems.append(
                Problem(f"Rate every behaviour before you submit: {unrated} still to rate", "behaviours", "ratings")
            )
        return problems
    without = [objective.position for objective in appraisal.objectives if objective.outcome is None]
    if without:
        which = f"objective {without[0]} has" if len(without) == 1 else f"objectives {_listed(without)} have"
        problems.append(
            Problem(f"Record the outcome of every objective: {which} none", "objectives", f"outcome_{without[0]}")
        )
    unrated = sum(r.manager_rating is None for r in ratings)
    if unrated:
        problems.append(
            Problem(f"Rate every behaviour before you submit: {unrated} still to rate", "behaviours", "ratings")
        )
    if appraisal.objectives_rating is None or appraisal.behaviours_rating is None:
        problems.append(
            Problem("Give an overall rating for objectives and for behaviours", "overall", "objectives_rating")
        )
    return problems


def _listed(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"


def shows_fppt(appraisal: Appraisal) -> bool:
    """Only a board member's appraisal records the fit and proper person assessment."""
    return appraisal.variant is AppraisalVariant.BOARD
