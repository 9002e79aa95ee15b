"""Appraisal forms, built for the appraisal's framework: one rating question per behaviour
statement, with the framework's own scale."""

from flask import request
from wtforms import HiddenField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp

from talent.appraisals.services import ObjectiveInput, RatingInput
from talent.forms import NhsCheckboxField, NhsDateField, NhsForm, NhsRadiosField, NhsTextareaField, NhsTextInputField

OBJECTIVE_SLOTS = 3


def _scale(appraisal) -> list[SelectChoice]:
    return [SelectChoice(str(point.position), point.label) for point in appraisal.framework.scale]


def _rating_fields(form_class, appraisal, ratings) -> None:
    for rating in ratings:
        statement = rating.statement
        setattr(
            form_class,
            f"rating_{statement.id}",
            NhsRadiosField(
                statement.text,
                description=statement.standard.domain.title,
                choices=_scale(appraisal),
                validators=[Optional()],
            ),
        )
        setattr(
            form_class,
            f"evidence_{statement.id}",
            NhsTextareaField("Evidence (optional)", validators=[Optional(), Length(max=4000)]),
        )


def self_assessment_form(appraisal, ratings):
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
    _rating_fields(SelfAssessmentForm, appraisal, ratings)
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

    _rating_fields(ManagerAssessmentForm, appraisal, ratings)
    return ManagerAssessmentForm


class DiscussionForm(NhsForm):
    discussed_on = NhsDateField("Date of the appraisal discussion", validators=[InputRequired("Enter the date")])


class SignOffForm(NhsForm):
    disagreement = NhsTextareaField(
        "If you disagree with any rating, say so here (optional)",
        description="The appraiser's ratings stand; your disagreement is kept with the appraisal.",
        validators=[Optional(), Length(max=4000)],
    )


def rating_inputs(form, ratings) -> list:
    inputs = []
    for rating in ratings:
        value = form[f"rating_{rating.statement_id}"].data
        evidence = form[f"evidence_{rating.statement_id}"].data or ""
        inputs.append(RatingInput(rating.statement_id, int(value) if value else None, evidence))
    return inputs


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
        objectives.append(ObjectiveInput(text, measure, due_on, form[f"objective_{slot}_edi"].data))
    return objectives


def prefill_self_assessment(appraisal, ratings) -> dict:
    data = {
        "version": appraisal.version,
        "wellbeing": appraisal.wellbeing_conversation,
        "career": appraisal.career_conversation,
        "development_needs": appraisal.development_needs,
    }
    for objective in appraisal.objectives[:OBJECTIVE_SLOTS]:
        slot = objective.position
        data |= {
            f"objective_{slot}_text": objective.text,
            f"objective_{slot}_measure": objective.measure,
            f"objective_{slot}_due": objective.due_on,
            f"objective_{slot}_edi": objective.is_edi,
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
    for rating in ratings:
        data[f"rating_{rating.statement_id}"] = str(rating.manager_rating) if rating.manager_rating else None
        data[f"evidence_{rating.statement_id}"] = rating.manager_evidence
    return data


def submitting() -> bool:
    """Forms have "Save draft" and "Submit" buttons; the submit button posts action=submit."""
    return request.form.get("action") == "submit"


class CycleForm(NhsForm):
    year = NhsTextInputField(
        "Year the cycle starts",
        description="For example, 2026 for the 2026/27 cycle",
        validators=[InputRequired("Enter the year"), Regexp(r"^20\d\d$", message="Enter a year such as 2026")],
    )
    opens_on = NhsDateField("Opens on", validators=[InputRequired("Enter the date the cycle opens")])
    due_on = NhsDateField("Appraisals due by", validators=[InputRequired("Enter the date appraisals are due by")])
