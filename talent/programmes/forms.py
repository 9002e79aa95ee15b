from wtforms import HiddenField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from talent.forms import (
    NhsCheckboxesField,
    NhsDateField,
    NhsForm,
    NhsIntegerField,
    NhsRadiosField,
    NhsSelectField,
    NhsTextareaField,
    NhsTextInputField,
)
from talent.people.models import Band
from talent.programmes.models import ProgrammeKind
from talent.standards.models import MANAGEMENT_LEVELS


class CohortForm(NhsForm):
    title = NhsTextInputField(
        "Cohort name",
        description="For example, North West spring 2027",
        validators=[InputRequired("Enter the cohort name"), Length(max=200)],
    )
    starts_on = NhsDateField("Start date", validators=[InputRequired("Enter the start date")])
    ends_on = NhsDateField("End date", validators=[InputRequired("Enter the end date")])
    capacity = NhsIntegerField(
        "Places",
        validators=[
            InputRequired("Enter the number of places"),
            NumberRange(min=1, max=10000, message="Places must be between 1 and 10,000"),
        ],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-4", "inputmode": "numeric"}},
    )


class EnrolForm(NhsForm):
    """Enrol someone chosen in the people finder (``person_id``) or named by email or number."""

    person_id = HiddenField()
    person = NhsTextInputField(
        "Or enter their work email address or employee number",
        validators=[Optional(), Length(max=254)],
    )


class CompletionForm(NhsForm):
    outcome = NhsRadiosField(
        "Outcome",
        choices=[SelectChoice("completed", "Completed"), SelectChoice("not_completed", "Did not complete")],
        validators=[InputRequired("Select the outcome")],
    )
    completed_on = NhsDateField("Date of the outcome", validators=[InputRequired("Enter the date of the outcome")])
    assessment_result = NhsTextInputField(
        "Assessment result (optional)", description="For example, Pass or Merit", validators=[Length(max=100)]
    )
    evidence = NhsTextareaField(
        "Evidence",
        description="For example, the certificate number. Needed for a completion.",
        validators=[Optional(), Length(max=2000)],
    )


class ReasonForm(NhsForm):
    reason = NhsTextareaField("Reason (optional)", validators=[Optional(), Length(max=500)])


class RetireRuleForm(NhsForm):
    comment = NhsTextareaField(
        "Why is it being retired? (optional)",
        description="Kept in the rule's history, so people can see later why it stopped applying",
        validators=[Optional(), Length(max=1000)],
    )


class RuleForm(NhsForm):
    title = NhsTextInputField(
        "Name of the rule",
        description="For example, Band 8c and above: mid-career programme",
        validators=[InputRequired("Enter a name for the rule"), Length(max=200)],
    )
    min_band = NhsSelectField(
        "Applies to posts at this band or above",
        description="Board roles (non-executive directors and chairs) count as above very senior managers",
        choices=[SelectChoice(band.value, band.label) for band in Band],
        validators=[InputRequired("Select the band")],
    )
    programmes = NhsCheckboxesField("Programmes to complete", coerce=int, validators=[Optional()])
    required_level = NhsSelectField(
        "Management standards level to meet",
        choices=[SelectChoice("", "None")]
        + [SelectChoice(str(level), f"Level {level}: {name}") for level, name in MANAGEMENT_LEVELS.items()],
        validators=[Optional()],
    )
    effective_from = NhsDateField(
        "Takes effect for posts starting on or after",
        validators=[InputRequired("Enter the date the rule takes effect")],
    )


class AccreditationForm(NhsForm):
    body = NhsTextInputField(
        "Accrediting body",
        description="For example, Chartered Management Institute",
        validators=[InputRequired("Enter the accrediting body"), Length(max=200)],
    )
    valid_from = NhsDateField("Accredited from", validators=[InputRequired("Enter the date accreditation starts")])
    valid_to = NhsDateField(
        "Accredited until (optional)",
        description="The last day it holds. Completions stop counting after it.",
        validators=[Optional()],
    )


class AttendanceForm(NhsForm):
    session_on = NhsDateField("Session date", validators=[InputRequired("Enter the session date")])
    attended = NhsRadiosField(
        "Did they attend?",
        choices=[SelectChoice("yes", "Attended"), SelectChoice("no", "Did not attend")],
        validators=[InputRequired("Select whether they attended")],
    )


class ProgrammeForm(NhsForm):
    code = NhsTextInputField(
        "Short code",
        description="Letters, numbers and dashes, for example CMI-L5",
        validators=[
            InputRequired("Enter a short code"),
            Length(max=40),
            Regexp(r"^[A-Za-z0-9-]+$", message="Use only letters, numbers and dashes in the code"),
        ],
    )
    title = NhsTextInputField("Title", validators=[InputRequired("Enter the title"), Length(max=200)])
    kind = NhsRadiosField(
        "Type",
        choices=[SelectChoice(kind.value, kind.label) for kind in ProgrammeKind],
        validators=[InputRequired("Select the type of programme")],
    )
    provider = NhsTextInputField("Provider", validators=[InputRequired("Enter the provider"), Length(max=200)])
    description = NhsTextareaField("Description (optional)", validators=[Optional(), Length(max=2000)])


class ModuleForm(NhsForm):
    title = NhsTextInputField("Module title", validators=[InputRequired("Enter the module title"), Length(max=200)])
    standards = NhsCheckboxesField("Standards it develops", coerce=int, validators=[Optional()])
