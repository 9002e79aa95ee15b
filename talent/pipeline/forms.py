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
from talent.people.models import Band, ProfessionalGroup
from talent.pipeline.models import Axis, GrowthDirection, LeavingReason, TargetRole, TravelFrom

_AXIS_HINTS = {
    "impact": {
        Axis.LOW: "Still building capability or contribution in the role",
        Axis.MEDIUM: "Fully effective: delivers what the role needs, in the way it needs",
        Axis.HIGH: "Contribution and capability beyond what the role needs",
    },
    "growth": {
        Axis.LOW: "Happy where they are for now",
        Axis.MEDIUM: "Wants to grow, at their own pace",
        Axis.HIGH: "Wants to grow soon, into a bigger or broader role",
    },
}


def _axis_choices(axis: str) -> list[SelectChoice]:
    return [SelectChoice(level.value, level.label, render_kw={"hint": _AXIS_HINTS[axis][level]}) for level in Axis]


def _optional(choices) -> list[SelectChoice]:
    return [SelectChoice("", "Not set")] + choices


#: A version number the page was showing, so two people saving at once are told, not overwritten.
def _version_field():
    return HiddenField(validators=[Optional(), Regexp(r"^\d{1,9}$", message="Reload the page and try again")])


class ConversationForm(NhsForm):
    held_on = NhsDateField("Date of the conversation", validators=[InputRequired("Enter the date of the conversation")])
    impact = NhsRadiosField(
        "Impact",
        description="Capability and contribution: what they achieve and how",
        choices=_axis_choices("impact"),
        validators=[InputRequired("Select their impact")],
    )
    growth = NhsRadiosField(
        "Growth ambition",
        description="Their own ambition to grow",
        choices=_axis_choices("growth"),
        validators=[InputRequired("Select their growth ambition")],
    )
    direction = NhsRadiosField(
        "How do they want to grow?",
        choices=[SelectChoice(item.value, item.label) for item in GrowthDirection],
        validators=[InputRequired("Select how they want to grow")],
    )
    readiness_id = NhsRadiosField(
        "Readiness for their next role", coerce=str, validators=[InputRequired("Select their readiness")]
    )
    target_band = NhsSelectField(
        "Target level (optional)",
        choices=_optional([SelectChoice(band.value, band.label) for band in Band]),
        validators=[Optional()],
    )
    target_role = NhsSelectField(
        "Target role (optional)",
        choices=_optional([SelectChoice(role.value, role.label) for role in TargetRole]),
        validators=[Optional()],
    )
    target_professional_group = NhsSelectField(
        "Professional group of the target role (optional)",
        choices=_optional([SelectChoice(group.value, group.label) for group in ProfessionalGroup]),
        validators=[Optional()],
    )
    aspirations = NhsTextareaField("Aspirations", validators=[Optional(), Length(max=4000)])
    willing_challenged = NhsRadiosField(
        "Would they work in an organisation in special measures or recovery support?",
        choices=[SelectChoice("yes", "Yes"), SelectChoice("no", "No")],
        validators=[InputRequired("Say whether they would work in a challenged organisation")],
    )
    region_ids = NhsCheckboxesField("Regions they would work in (optional)", coerce=int, validators=[Optional()])
    max_travel_km = NhsIntegerField(
        "Or the furthest they would travel, in kilometres (optional)",
        validators=[Optional(), NumberRange(min=1, max=1000, message="Maximum travel must be between 1 and 1,000 km")],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-4", "inputmode": "numeric"}},
    )
    travel_from = NhsRadiosField(
        "Measured from (if a distance is given)",
        choices=[SelectChoice(item.value, item.label) for item in TravelFrom],
        validators=[Optional()],
    )
    home_postcode_district = NhsTextInputField(
        "Home postcode district (if measured from home)",
        description="The first half of the postcode only, for example LS1",
        validators=[Optional(), Length(max=4)],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-4"}},
    )
    development_plan = NhsTextareaField("Aspirational development plan", validators=[Optional(), Length(max=4000)])
    programme_ids = NhsCheckboxesField("Programmes in the plan (optional)", coerce=int, validators=[Optional()])


class RespondForm(NhsForm):
    response = NhsRadiosField(
        "Does this record match your conversation?",
        choices=[
            SelectChoice("agree", "Yes, I agree it"),
            SelectChoice("differ", "No, I see some things differently"),
        ],
        validators=[InputRequired("Select whether you agree")],
    )
    comment = NhsTextareaField(
        "Where do you differ? (needed if you do)",
        description="Your words are kept with the record, and your manager sees them",
        validators=[Optional(), Length(max=2000)],
    )
    version = _version_field()


class PoolForm(NhsForm):
    name = NhsTextInputField(
        "Name of the pool",
        description="For example, Aspiring directors: North West",
        validators=[InputRequired("Enter the name of the pool"), Length(max=120)],
    )
    region_id = NhsSelectField("Region", coerce=str, validators=[InputRequired("Select the region")])
    level = NhsSelectField(
        "Level it prepares people for",
        description="Members must meet the prerequisites for posts at this level",
        choices=[SelectChoice(band.value, band.label) for band in Band],
        validators=[InputRequired("Select the level")],
    )
    min_band = NhsSelectField(
        "Lowest band that can join",
        choices=[SelectChoice(band.value, band.label) for band in Band],
        validators=[InputRequired("Select the lowest band")],
    )
    max_band = NhsSelectField(
        "Highest band that can join",
        choices=[SelectChoice(band.value, band.label) for band in Band],
        validators=[InputRequired("Select the highest band")],
    )
    readiness_id = NhsSelectField("Readiness needed (optional)", coerce=str, validators=[Optional()])
    conversation_within_months = NhsIntegerField(
        "Talent conversation needed within this many months (optional)",
        validators=[Optional(), NumberRange(min=1, max=60, message="Enter a number of months from 1 to 60")],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-4", "inputmode": "numeric"}},
    )
    review_on = NhsDateField("Review date", validators=[InputRequired("Enter the review date")])
    description = NhsTextareaField("Description (optional)", validators=[Optional(), Length(max=2000)])


class NominateForm(NhsForm):
    pool_id = NhsRadiosField("Talent pool", coerce=str, validators=[InputRequired("Select a talent pool")])
    case = NhsTextareaField(
        "Why should they join?",
        description="What they have shown and what the pool would give them",
        validators=[InputRequired("Say why they should join the pool"), Length(max=2000)],
    )


class DecideForm(NhsForm):
    decision = NhsRadiosField(
        "Your decision",
        choices=[SelectChoice("approve", "Approve: they join the pool"), SelectChoice("decline", "Do not approve")],
        validators=[InputRequired("Select your decision")],
    )
    reason = NhsTextareaField(
        "Reason",
        description="The person sees it",
        validators=[InputRequired("Give the reason for your decision"), Length(max=2000)],
    )
    review_on = NhsDateField(
        "Review their membership on (optional)",
        description="The pool's review date if left empty",
        validators=[Optional()],
    )
    version = _version_field()


class LeaveForm(NhsForm):
    reason = NhsRadiosField(
        "Why are they leaving the pool?",
        choices=[SelectChoice(item.value, item.label) for item in LeavingReason],
        validators=[InputRequired("Select why they are leaving")],
    )
    comment = NhsTextareaField("Comment (optional)", validators=[Optional(), Length(max=2000)])
    version = _version_field()


class ReviewForm(NhsForm):
    title = NhsTextInputField(
        "Title of the review",
        description="For example, Aspiring directors: spring 2027 talent review",
        validators=[InputRequired("Enter the title"), Length(max=200)],
    )
    pool_id = NhsSelectField("Talent pool", coerce=str, validators=[Optional()])
    ods_code = NhsTextInputField(
        "Or an organisation's band 8a and above: its ODS code",
        description="For example, RW6",
        validators=[Optional(), Length(max=10)],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-5"}},
    )


class MoveForm(NhsForm):
    readiness_id = NhsRadiosField("Readiness", coerce=str, validators=[InputRequired("Select the readiness")])
    impact = NhsRadiosField("Impact", choices=_axis_choices("impact"), validators=[InputRequired("Select the impact")])
    growth = NhsRadiosField(
        "Growth ambition", choices=_axis_choices("growth"), validators=[InputRequired("Select the growth ambition")]
    )
    reason = NhsTextareaField(
        "Why did the meeting move them?",
        description="Kept with the review, so the move can be explained later",
        validators=[InputRequired("Say why the meeting moved them"), Length(max=2000)],
    )
    version = _version_field()


class CloseReviewForm(NhsForm):
    summary = NhsTextareaField(
        "Summary of the meeting",
        description="What was agreed, and any actions on fairness",
        validators=[InputRequired("Write a summary of what the meeting agreed"), Length(max=4000)],
    )
    version = _version_field()
