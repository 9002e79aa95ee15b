"""What a person hands the appraisal services: the values of a form or an API body, checked by
the services, and the fixed choices forms offer. Forms and API models build these; they hold no
rules, so forms need not import the services."""

from dataclasses import dataclass
from datetime import date

#: The outcome an appraiser records for each objective.
OBJECTIVE_OUTCOMES = {"met": "Met", "partly_met": "Partly met", "not_met": "Not met", "not_yet_due": "Not yet due"}

#: What can be corrected after sign-off, with the words the appraisal page uses for it.
AMENDABLE = {
    "objectives_rating": "Overall rating for objectives",
    "behaviours_rating": "Overall rating for behaviours",
    "development_needs": "Development needs",
    "career_conversation": "Career conversation",
    "wellbeing_conversation": "Wellbeing conversation",
}


@dataclass
class RatingInput:
    statement_id: int
    rating: int | None
    evidence: str = ""


@dataclass
class ObjectiveInput:
    text: str
    measure: str
    due_on: date
    is_edi: bool = False
    progress: str = ""


@dataclass
class FeedbackAnswerInput:
    statement_id: int
    rating: int | None
    comment: str = ""
