from wtforms import HiddenField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from talent.forms import (
    NhsCheckboxesField,
    NhsCheckboxField,
    NhsDateField,
    NhsForm,
    NhsIntegerField,
    NhsRadiosField,
    NhsSelectField,
    NhsTextareaField,
    NhsTextInputField,
    version_field,
)
from talent.ned.models import SCORE_LABELS, BoardRole, BoardSkill, CandidateScheme, PanelRole, TermEnd


def _skills_choices() -> list[SelectChoice]:
    return [SelectChoice(skill.value, skill.label) for skill in BoardSkill]


class VacancyForm(NhsForm):
    ods_code = NhsTextInputField(
        "Organisation's ODS code",
        description="For example, RW6",
        validators=[InputRequired("Enter the organisation's ODS code"), Length(max=10)],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-5"}},
    )
    role = NhsSelectField(
        "Board role",
        choices=[SelectChoice(role.value, role.label) for role in BoardRole],
        validators=[InputRequired("Select the board role")],
    )
    title = NhsTextInputField("Title", validators=[InputRequired("Enter the title"), Length(max=200)])
    role_description = NhsTextareaField(
        "Role description", validators=[InputRequired("Enter the role description"), Length(max=8000)]
    )
    lcf_domains = NhsCheckboxesField(
        "Leadership Competency Framework domains it covers",
        description="Each becomes a scoring criterion, weighted 2",
        coerce=str,
        validators=[Optional()],
    )
    skills = NhsCheckboxesField(
        "Skills the board needs",
        description="Each becomes a scoring criterion, weighted 1",
        choices=_skills_choices(),
        coerce=str,
        validators=[Optional()],
    )
    remuneration_pounds = NhsIntegerField(
        "Remuneration, pounds a year (optional)",
        description="Leave empty for the NED rate (£13,000) or the lowest chair rate (£40,000)",
        validators=[Optional(), NumberRange(min=1, max=200000, message="Enter a yearly amount up to £200,000")],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-10", "inputmode": "numeric"}},
    )
    time_commitment = NhsTextInputField(
        "Time commitment",
        description="For example, 2.5 days a month",
        validators=[InputRequired("Enter the time commitment"), Length(max=100)],
    )
    term_months = NhsIntegerField(
        "Term offered, in months",
        validators=[
            InputRequired("Enter the term"),
            NumberRange(min=12, max=48, message="Terms are from 12 to 48 months"),
        ],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-4", "inputmode": "numeric"}},
    )
    closing_on = NhsDateField("Closing date", validators=[InputRequired("Enter the closing date")])


class ApplicationForm(NhsForm):
    experience = NhsTextareaField(
        "Your experience",
        description="What you would bring to this board, with examples",
        validators=[InputRequired("Describe the experience you bring to the board"), Length(max=8000)],
    )
    skills = NhsCheckboxesField("Skills you bring", coerce=str, validators=[Optional()])
    scheme = NhsRadiosField(
        "Are you on either of these schemes?",
        choices=[SelectChoice(item.value, item.label) for item in CandidateScheme],
        validators=[InputRequired("Say whether you are on either scheme")],
    )
    interests_declared = NhsTextareaField(
        "Interests to declare (optional)",
        description="Roles, business relationships or connections with the organisation or its partners",
        validators=[Optional(), Length(max=4000)],
    )
    not_an_employee = NhsCheckboxField("I am not employed by this organisation", validators=[Optional()])
    not_disqualified = NhsCheckboxField(
        "None of the grounds for disqualification from a board apply to me", validators=[Optional()]
    )
    wres_group = NhsSelectField(
        "Ethnic group (optional)",
        choices=[
            SelectChoice("not_stated", "Not stated"),
            SelectChoice("white", "White"),
            SelectChoice("bme", "Black, Asian, mixed or another minority ethnic group"),
            SelectChoice("prefer_not_to_say", "Prefer not to say"),
        ],
        validators=[Optional()],
    )
    disability = NhsSelectField(
        "Do you consider yourself disabled? (optional)",
        choices=[
            SelectChoice("not_stated", "Not stated"),
            SelectChoice("yes", "Yes"),
            SelectChoice("no", "No"),
            SelectChoice("prefer_not_to_say", "Prefer not to say"),
        ],
        validators=[Optional()],
    )
    sex = NhsSelectField(
        "Sex (optional)",
        choices=[
            SelectChoice("not_stated", "Not stated"),
            SelectChoice("female", "Female"),
            SelectChoice("male", "Male"),
            SelectChoice("prefer_not_to_say", "Prefer not to say"),
        ],
        validators=[Optional()],
    )
    age_band = NhsSelectField(
        "Age (optional)",
        choices=[
            SelectChoice("not_stated", "Not stated"),
            SelectChoice("under_45", "Under 45"),
            SelectChoice("45_to_54", "45 to 54"),
            SelectChoice("55_to_64", "55 to 64"),
            SelectChoice("65_and_over", "65 and over"),
            SelectChoice("prefer_not_to_say", "Prefer not to say"),
        ],
        validators=[Optional()],
    )


class PanelMemberForm(NhsForm):
    person_id = HiddenField()
    panel_role = NhsRadiosField(
        "Role on the panel",
        choices=[SelectChoice(role.value, role.label) for role in PanelRole],
        validators=[InputRequired("Select their role on the panel")],
    )
    interests_declared = NhsTextareaField(
        "Their declaration of interests (optional)", validators=[Optional(), Length(max=4000)]
    )


class ConflictForm(NhsForm):
    reason = NhsTextareaField(
        "What is the conflict?",
        description="For example, a former colleague, a relative or a business relationship",
        validators=[InputRequired("Say what the conflict is"), Length(max=2000)],
    )


class ShortlistForm(NhsForm):
    shortlisted = NhsCheckboxesField("Candidates to shortlist", coerce=int, validators=[Optional()])
    reasons = NhsTextareaField(
        "The panel's reasons",
        validators=[InputRequired("Give the panel's reasons"), Length(max=4000)],
    )


class FinalDecisionForm(NhsForm):
    preferred = NhsRadiosField(
        "Preferred candidate", coerce=str, validators=[InputRequired("Choose the preferred candidate")]
    )
    reserve = NhsSelectField("Reserve candidate (optional)", coerce=str, validators=[Optional()])
    reasons = NhsTextareaField(
        "The panel's reasons",
        validators=[InputRequired("Give the panel's reasons"), Length(max=4000)],
    )


def score_form(criteria):
    """A form with a 0 to 4 score and evidence notes for each of a vacancy's criteria."""

    class ScoreForm(NhsForm):
        pass

    for criterion in criteria:
        setattr(
            ScoreForm,
            f"criterion_{criterion.id}",
            NhsRadiosField(
                f"{criterion.title} (weight {criterion.weight})",
                choices=[SelectChoice(str(value), f"{value}: {label}") for value, label in SCORE_LABELS.items()],
                validators=[InputRequired(f"Score {criterion.title}")],
            ),
        )
        setattr(
            ScoreForm,
            f"evidence_{criterion.id}",
            NhsTextareaField(f"Evidence for {criterion.title}", validators=[Optional(), Length(max=2000)]),
        )
    return ScoreForm


def _term_months():
    return NhsIntegerField(
        "Term in months",
        description="From 12 to 48 months; terms of three or four years are usual",
        validators=[InputRequired("Enter the term in months"), NumberRange(12, 48, "Terms are from 12 to 48 months")],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-3"}},
    )


def _tenure_fields():
    return (
        NhsTextareaField(
            "Rigorous review (needed past six years on the board)",
            description="Who reviewed the reappointment, when, and what they found",
            validators=[Optional(), Length(max=4000)],
        ),
        NhsTextareaField(
            "Extension approved by the appointing body (needed past nine years)",
            description="Who approved it, when, its reference and the reason",
            validators=[Optional(), Length(max=4000)],
        ),
    )


class AppointmentForm(NhsForm):
    version = version_field()
    application_id = NhsRadiosField(
        "Who is appointed", coerce=str, validators=[InputRequired("Choose who is appointed")]
    )
    starts_on = NhsDateField("Start date", validators=[InputRequired("Enter the start date")])
    term_months = _term_months()
    supplement_pounds = NhsIntegerField(
        "Supplement for extra responsibilities, £ a year (optional)",
        description="For example, chairing the audit committee",
        validators=[Optional(), NumberRange(0, 50_000, "Enter a supplement from £0 to £50,000")],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-5"}},
    )
    supplement_for = NhsTextInputField(
        "What the supplement is for (optional)", validators=[Optional(), Length(max=200)]
    )
    tenure_review, extension_approval = _tenure_fields()
    override_reason = NhsTextareaField(
        "Reason to appoint without the prerequisites (optional)",
        description="Only if the appointee has not completed what the board band requires",
        validators=[Optional(), Length(max=500)],
    )


class ReappointForm(NhsForm):
    version = version_field()
    term_months = _term_months()
    tenure_review, extension_approval = _tenure_fields()


class EndTermForm(NhsForm):
    version = version_field()
    reason = NhsRadiosField(
        "How did the term end?",
        choices=[
            SelectChoice(TermEnd.RESIGNED.value, TermEnd.RESIGNED.label),
            SelectChoice(TermEnd.REMOVED.value, TermEnd.REMOVED.label),
            SelectChoice(TermEnd.END_OF_TERM.value, "The term ended and was not renewed"),
        ],
        validators=[InputRequired("Choose how the term ended")],
    )
    last_day = NhsDateField("Last day in office", validators=[InputRequired("Enter the last day in office")])
    note = NhsTextareaField(
        "Notes",
        description="For a removal, why and who decided it",
        validators=[Optional(), Length(max=2000)],
    )


class ScoreChangeForm(NhsForm):
    to_score = NhsRadiosField(
        "Score agreed at moderation",
        choices=[SelectChoice(str(value), f"{value}: {label}") for value, label in SCORE_LABELS.items()],
        validators=[InputRequired("Choose the score agreed at moderation")],
    )
    reason = NhsTextareaField(
        "Why the score changed",
        description="What the panel discussed and agreed",
        validators=[InputRequired("Say why the score changed"), Length(max=2000)],
    )


class CandidatePoolForm(NhsForm):
    version = version_field()
    scheme = NhsRadiosField(
        "Are you on a development scheme for board roles?",
        choices=[SelectChoice(scheme.value, scheme.label) for scheme in CandidateScheme],
        validators=[InputRequired("Choose a scheme, or neither")],
    )
    summary = NhsTextareaField(
        "What would you bring to a board?",
        description="Your experience, and the kind of board you would like to join",
        validators=[InputRequired("Say what you would bring to a board"), Length(max=4000)],
    )
    skills = NhsCheckboxesField("Skills you bring", choices=_skills_choices(), validators=[Optional()])
    interested_in_chair = NhsCheckboxField("I am interested in chair roles", validators=[Optional()])
