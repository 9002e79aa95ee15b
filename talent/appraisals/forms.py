"""Appraisal forms, built for the appraisal's framework: one rating question per behaviour
statement, with the framework's own scale."""

from wtforms import HiddenField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp

from talent.appraisals import sections
from talent.appraisals.inputs import AMENDABLE, OBJECTIVE_OUTCOMES, FeedbackAnswerInput, ObjectiveInput, RatingInput
from talent.forms import (
    NhsCheckboxesField,
    NhsCheckboxField,
    NhsDateField,
    NhsForm,
    NhsRadiosField,
    NhsTextareaField,
    NhsTextInputField,
)
from talent.standards.seed import SCALE_HINTS
from talent.submit import FormErrors

OBJECTIVE_SLOTS = 3


def _scale(appraisal, *, hints: bool = False) -> list[SelectChoice]:
    """The framework's rating scale; with ``hints``, each level says what it means."""
    return [
        SelectChoice(
            str(point.position), point.label, render_kw={"hint": SCALE_HINTS.get(point.label, "")} if hints else None
        )
        for point in appraisal.framework.scale
    ]


def statement_for(text: str, audience: str, appraisee) -> str:
    """A behaviour statement worded for who answers it: the framework writes them for the
    appraisee ("Do I value ...?"); the manager and colleagues are asked about the appraisee
    by name ("Does Sam value ...?")."""
    if audience == "self" or not text.startswith("Do I "):
        return text
    return f"Does {appraisee.given_name} " + text.removeprefix("Do I ").replace(" my own", " their own").replace(
        " I ", " they "
    )


def _rating_fields(
    form_class, appraisal, ratings, *, audience: str, hint: str = "", evidence: str = "Evidence (optional)"
) -> None:
    """A rating question and an evidence box per behaviour statement: ``rating_<id>``, ``evidence_<id>``."""
    for rating in ratings:
        statement = rating.statement
        setattr(
            form_class,
            f"rating_{statement.id}",
            NhsRadiosField(
                statement_for(statement.text, audience, appraisal.appraisee),
                description=f"{statement.standard.domain.title}{hint}",
                choices=_scale(appraisal, hints=True),
                validators=[Optional()],
            ),
        )
        setattr(
            form_class,
            f"evidence_{statement.id}",
            NhsTextareaField(evidence, validators=[Optional(), Length(max=4000)]),
        )


def self_assessment_form(appraisal, ratings, programmes):
    class SelfAssessmentForm(NhsForm):
        version = HiddenField()
        wellbeing = NhsTextareaField(
            "Wellbeing conversation",
            description="How you are, what helps and what gets in the way",
            validators=[Optional(), Length(max=4000)],
        )
        career = NhsTextareaField(
            "Career conversation",
            description="Where you would like your career to go. Your regional talent team may use this.",
            validators=[Optional(), Length(max=4000)],
        )
        development_needs = NhsTextareaField(
            "Development needs",
            description="Training or programmes you need",
            validators=[Optional(), Length(max=4000)],
        )
        development_programme_ids = NhsCheckboxesField(
            "Programmes that would meet these needs",
            description="Your manager and the programme team can plan places from this",
            coerce=int,
            choices=[SelectChoice(p.id, p.title) for p in programmes],
            validators=[Optional()],
        )

    for slot in range(1, OBJECTIVE_SLOTS + 1):
        setattr(
            SelfAssessmentForm,
            f"objective_{slot}_text",
            NhsTextareaField(f"Objective {slot}: what you will do", validators=[Optional(), Length(max=2000)]),
        )
        setattr(
            SelfAssessmentForm,
            f"objective_{slot}_measure",
            NhsTextInputField(f"Objective {slot}: how it will be measured", validators=[Optional(), Length(max=500)]),
        )
        setattr(
            SelfAssessmentForm,
            f"objective_{slot}_due",
            NhsDateField(f"Objective {slot}: by when", validators=[Optional()]),
        )
        setattr(
            SelfAssessmentForm,
            f"objective_{slot}_edi",
            NhsCheckboxField(f"Objective {slot} is an equality, diversity and inclusion objective"),
        )
        setattr(
            SelfAssessmentForm,
            f"objective_{slot}_progress",
            NhsTextareaField(
                f"Objective {slot}: progress so far (optional)", validators=[Optional(), Length(max=2000)]
            ),
        )
    _rating_fields(SelfAssessmentForm, appraisal, ratings, audience="self")
    return SelfAssessmentForm


def manager_assessment_form(appraisal, ratings):
    class ManagerAssessmentForm(NhsForm):
        version = HiddenField()
        objectives_rating = NhsRadiosField(
            "Overall rating for objectives", choices=_scale(appraisal), validators=[Optional()]
        )
        behaviours_rating = NhsRadiosField(
            "Overall rating for behaviours", choices=_scale(appraisal), validators=[Optional()]
        )
        fppt_assessed_on = NhsDateField(
            "Date of the last fit and proper person assessment",
            description="Board members only. It must be within the 12 months before sign-off.",
            validators=[Optional()],
        )

    for objective in appraisal.objectives:
        setattr(
            ManagerAssessmentForm,
            f"outcome_{objective.position}",
            NhsRadiosField(
                f"Objective {objective.position}: {objective.text}",
                description=f"Measured by: {objective.measure}. Progress: {objective.progress or 'not recorded'}",
                choices=[SelectChoice(key, label) for key, label in OBJECTIVE_OUTCOMES.items()],
                validators=[Optional()],
            ),
        )
    _rating_fields(ManagerAssessmentForm, appraisal, ratings, audience="manager")
    return ManagerAssessmentForm


#: Which of an assessment form's fields each section's page shows.
_SECTION_FIELDS = {
    ("self", "objectives"): lambda name: name.startswith("objective_"),
    ("self", "behaviours"): lambda name: name.startswith(("rating_", "evidence_")),
    ("self", "wellbeing"): lambda name: name == "wellbeing",
    ("self", "career"): lambda name: name == "career",
    ("self", "development"): lambda name: name in ("development_needs", "development_programme_ids"),
    ("manager", "objectives"): lambda name: name.startswith("outcome_"),
    ("manager", "behaviours"): lambda name: name.startswith(("rating_", "evidence_")),
    ("manager", "overall"): lambda name: name in ("objectives_rating", "behaviours_rating", "fppt_assessed_on"),
}


def section_form(side: str, key: str, appraisal, ratings, programmes):
    """The form for one section's page: the assessment form's fields for that section (and the
    version, so two people saving at once are told rather than overwritten)."""
    whole = (
        self_assessment_form(appraisal, ratings, programmes)
        if side == "self"
        else manager_assessment_form(appraisal, ratings)
    )
    wanted = _SECTION_FIELDS[(side, key)]
    hidden = set() if sections.shows_fppt(appraisal) else {"fppt_assessed_on"}
    fields = {
        name: value
        for name, value in vars(whole).items()
        if name == "version" or (hasattr(value, "field_class") and wanted(name) and name not in hidden)
    }
    return type(f"{whole.__name__}{key.title()}", (NhsForm,), fields)


def section_values(side: str, key: str, form, appraisal, ratings) -> dict:
    """What the section's page saves, as the save service's keyword arguments; the rest is left
    as it is. Raises FormErrors once it has put a parse error on the form."""
    if key == "behaviours":
        values = {"ratings": rating_inputs(form, ratings)}
    elif side == "self" and key == "objectives":
        values = {"objectives": objective_inputs(form)}
        if any(field.errors for field in form):
            raise FormErrors
    elif side == "self" and key == "development":
        values = {
            "development_needs": form.development_needs.data or "",
            "development_programme_ids": form.development_programme_ids.data or [],
        }
    elif side == "self":
        values = {key: form[key].data or ""}
    elif key == "objectives":
        values = {"objective_outcomes": objective_outcomes(form, appraisal)}
    else:
        return {
            "objectives_rating": int(form.objectives_rating.data) if form.objectives_rating.data else None,
            "behaviours_rating": int(form.behaviours_rating.data) if form.behaviours_rating.data else None,
            "fppt_assessed_on": form.fppt_assessed_on.data if "fppt_assessed_on" in form else None,
        }
    return values | ({"overall": False} if side == "manager" else {})


def objective_outcomes(form, appraisal) -> dict:
    return {o.position: form[f"outcome_{o.position}"].data or None for o in appraisal.objectives}


class DiscussionForm(NhsForm):
    discussed_on = NhsDateField("Date of the appraisal discussion", validators=[InputRequired("Enter the date")])


class SignOffForm(NhsForm):
    disagreement = NhsTextareaField(
        "If you disagree with any rating, say so here (optional)",
        description="The appraiser's ratings stand; your disagreement is kept with the appraisal.",
        validators=[Optional(), Length(max=4000)],
    )


def rating_inputs(form, ratings) -> list:
    return [RatingInput(r.statement_id, *_rating_and_text(form, r.statement_id)) for r in ratings]


def objective_inputs(form) -> list:
    """Filled objective slots; a slot with text but no measure or date is the service's to refuse."""
    objectives = []
    for slot in range(1, OBJECTIVE_SLOTS + 1):
        text, measure = form[f"objective_{slot}_text"].data or "", form[f"objective_{slot}_measure"].data or ""
        due_on = form[f"objective_{slot}_due"].data
        if not (text.strip() or measure.strip() or due_on):
            continue
        if due_on is None:
            form[f"objective_{slot}_due"].errors.append(f"Objective {slot}: enter the date it is due by")
            continue
        objectives.append(
            ObjectiveInput(
                text, measure, due_on, form[f"objective_{slot}_edi"].data, form[f"objective_{slot}_progress"].data or ""
            )
        )
    return objectives


def prefill_self_assessment(appraisal, ratings) -> dict:
    data = {
        "version": appraisal.version,
        "wellbeing": appraisal.wellbeing_conversation,
        "career": appraisal.career_conversation,
        "development_needs": appraisal.development_needs,
        "development_programme_ids": [p.id for p in appraisal.development_programmes],
    }
    for objective in appraisal.objectives[:OBJECTIVE_SLOTS]:
        slot = objective.position
        data |= {
            f"objective_{slot}_text": objective.text,
            f"objective_{slot}_measure": objective.measure,
            f"objective_{slot}_due": objective.due_on,
            f"objective_{slot}_edi": objective.is_edi,
            f"objective_{slot}_progress": objective.progress,
        }
    for rating in ratings:
        data[f"rating_{rating.statement_id}"] = str(rating.self_rating) if rating.self_rating else None
        data[f"evidence_{rating.statement_id}"] = rating.self_evidence
    return data


def prefill_manager_assessment(appraisal, ratings) -> dict:
    data = {
        "version": appraisal.version,
        "objectives_rating": str(appraisal.objectives_rating) if appraisal.objectives_rating else None,
        "behaviours_rating": str(appraisal.behaviours_rating) if appraisal.behaviours_rating else None,
        "fppt_assessed_on": appraisal.fppt_assessed_on,
    }
    for objective in appraisal.objectives:
        data[f"outcome_{objective.position}"] = objective.outcome
    for rating in ratings:
        data[f"rating_{rating.statement_id}"] = str(rating.manager_rating) if rating.manager_rating else None
        data[f"evidence_{rating.statement_id}"] = rating.manager_evidence
    return data


class CycleForm(NhsForm):
    year = NhsTextInputField(
        "Year the cycle starts",
        description="For example, 2026 for the 2026/27 cycle",
        validators=[InputRequired("Enter the year"), Regexp(r"^20\d\d$", message="Enter a year such as 2026")],
    )
    opens_on = NhsDateField("Opens on", validators=[InputRequired("Enter the date the cycle opens")])
    due_on = NhsDateField("Appraisals due by", validators=[InputRequired("Enter the date appraisals are due by")])


class FeedbackRequestForm(NhsForm):
    #: A colleague chosen in the people finder; otherwise the addresses typed in.
    person_id = HiddenField()
    respondent_emails = NhsTextareaField(
        "Or enter their email addresses",
        description="One on each line, for colleagues in other organisations. "
        "Ask people who have seen you work: at least 3 must answer before anyone sees the feedback.",
        validators=[Optional(), Length(max=3000)],
    )
    due_on = NhsDateField(
        "Answer by (optional)",
        description="If you leave this empty, colleagues have 14 days",
        validators=[Optional()],
    )

    def emails(self) -> list[str]:
        return [line for line in (self.respondent_emails.data or "").replace(",", "\n").splitlines() if line.strip()]


def feedback_form(appraisal, ratings):
    """One question per behaviour statement, each optional: a colleague rates only what they saw."""

    class FeedbackForm(NhsForm):
        comment = NhsTextareaField(
            "Anything else you would like to say (optional)",
            description="Write it so it does not identify you",
            validators=[Optional(), Length(max=4000)],
        )

    _rating_fields(
        FeedbackForm,
        appraisal,
        ratings,
        audience="colleague",
        hint=". Leave it if you have not seen this.",
        evidence="An example (optional)",
    )
    return FeedbackForm


def feedback_inputs(form, ratings) -> list:
    return [FeedbackAnswerInput(r.statement_id, *_rating_and_text(form, r.statement_id)) for r in ratings]


def _rating_and_text(form, statement_id: int) -> tuple:
    value = form[f"rating_{statement_id}"].data
    return (int(value) if value else None), (form[f"evidence_{statement_id}"].data or "")


def amendment_form(appraisal):
    class AmendmentForm(NhsForm):
        version = HiddenField()
        field = NhsRadiosField(
            "What needs correcting",
            choices=[SelectChoice(key, label) for key, label in AMENDABLE.items()],
            validators=[InputRequired("Choose what needs correcting")],
        )
        rating = NhsRadiosField(
            "Corrected rating", description="For an overall rating", choices=_scale(appraisal), validators=[Optional()]
        )
        text = NhsTextareaField(
            "Corrected text",
            description="For a conversation or development needs",
            validators=[Optional(), Length(max=4000)],
        )
        reason = NhsTextareaField(
            "Why it needs correcting",
            description="The appraisee and the appraiser are told, and the reason is kept with the appraisal",
            validators=[InputRequired("Say why it needs correcting"), Length(max=2000)],
        )

    return AmendmentForm


class SubmitAssessmentForm(NhsForm):
    """Check your answers, then submit: the version catches a change made since the page opened."""

    version = HiddenField()


class ConfirmForm(NhsForm):
    """A button that does one thing (escalate, submit to the region): CSRF is its field."""


class EndorsementForm(NhsForm):
    comment = NhsTextareaField(
        "Comment (optional)",
        description="Kept in the appraisal's history, which the appraisee and the appraiser can see",
        validators=[Optional(), Length(max=2000)],
    )


class EscalationOutcomeForm(NhsForm):
    outcome = NhsTextareaField(
        "What was decided",
        description="If a rating or text changes as a result, record that as a correction",
        validators=[InputRequired("Say what was decided"), Length(max=4000)],
    )
