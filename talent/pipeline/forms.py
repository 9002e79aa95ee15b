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
from talent.people.models import Band, ProfessionalGroup
from talent.pipeline.models import Axis, ExperienceTag, GrowthDirection, LeavingReason, TargetRole, TravelFrom

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
    experience = NhsCheckboxesField(
        "Experience they bring (optional)",
        description="What challenged posts ask for",
        choices=[SelectChoice(tag.value, tag.label) for tag in ExperienceTag],
        validators=[Optional()],
    )
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
    version = version_field()


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
    version = version_field()


class LeaveForm(NhsForm):
    reason = NhsRadiosField(
        "Why are they leaving the pool?",
        choices=[SelectChoice(item.value, item.label) for item in LeavingReason],
        validators=[InputRequired("Select why they are leaving")],
    )
    comment = NhsTextareaField("Comment (optional)", validators=[Optional(), Length(max=2000)])
    version = version_field()


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
    version = version_field()


class CloseReviewForm(NhsForm):
    summary = NhsTextareaField(
        "Summary of the meeting",
        description="What was agreed, and any actions on fairness",
        validators=[InputRequired("Write a summary of what the meeting agreed"), Length(max=4000)],
    )
    version = version_field()


# --- Challenged posts, packages and matching ------------------------------------------------


class ChallengedPostForm(NhsForm):
    ods_code = NhsTextInputField(
        "Organisation's ODS code",
        description="The organisation must be challenged today: oversight segment 4 or above, or recovery support",
        validators=[InputRequired("Enter the organisation's ODS code"), Length(max=10)],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-5"}},
    )
    title = NhsTextInputField("Title of the post", validators=[InputRequired("Enter the title"), Length(max=200)])
    band = NhsSelectField("Band", validators=[InputRequired("Select the band")])
    role_type = NhsSelectField(
        "Kind of role",
        choices=[SelectChoice(role.value, role.label) for role in TargetRole],
        validators=[InputRequired("Select the kind of role")],
    )
    min_behaviours_rating = NhsIntegerField(
        "Least behaviours rating from the latest appraisal (optional)",
        description="On the framework's scale, 1 to 5",
        validators=[Optional(), NumberRange(1, 5, "A minimum rating is from 1 to 5")],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-2"}},
    )
    experience = NhsCheckboxesField(
        "Experience it asks for",
        choices=[SelectChoice(tag.value, tag.label) for tag in ExperienceTag],
        validators=[Optional()],
    )
    interim = NhsRadiosField(
        "Interim or substantive?",
        choices=[SelectChoice("substantive", "Substantive"), SelectChoice("interim", "Interim")],
        validators=[InputRequired("Say whether the post is interim or substantive")],
    )
    closing_on = NhsDateField("Closing date", validators=[InputRequired("Enter the closing date")])
    starts_on = NhsDateField("Start date", validators=[InputRequired("Enter the start date")])
    package_id = NhsSelectField("Incentive package", coerce=str, validators=[Optional()])


class PackageForm(NhsForm):
    name = NhsTextInputField("Name of the package", validators=[InputRequired("Name the package"), Length(max=200)])
    base_salary_pounds = NhsIntegerField(
        "Base salary, £ a year",
        validators=[InputRequired("Enter the base salary"), NumberRange(20_000, 500_000, "Enter £20,000 to £500,000")],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-10"}},
    )
    uplift_percent = NhsIntegerField(
        "Temporary pay uplift, %",
        validators=[Optional(), NumberRange(0, 50, "A temporary uplift is from 0% to 50%")],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-3"}},
    )
    uplift_months = NhsIntegerField(
        "For how many months",
        validators=[Optional(), NumberRange(0, 60, "From 0 to 60 months")],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-3"}},
    )
    relocation_pounds = NhsIntegerField(
        "Relocation support, £",
        validators=[Optional(), NumberRange(0, 100_000, "From £0 to £100,000")],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-10"}},
    )
    protected_development_days = NhsIntegerField(
        "Protected development time, days a year",
        validators=[Optional(), NumberRange(0, 60, "From 0 to 60 days")],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-3"}},
    )
    bonus_percent = NhsIntegerField(
        "Performance bonus, % (very senior manager posts only, up to 10)",
        validators=[Optional(), NumberRange(0, 10, "A performance bonus is at most 10%")],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-3"}},
    )
    ceo_mentoring = NhsCheckboxField("Mentoring by an experienced chief executive", validators=[Optional()])
    return_guarantee = NhsCheckboxField("A guaranteed return to their previous organisation", validators=[Optional()])


class PackageDecisionForm(NhsForm):
    decision = NhsRadiosField(
        "Decision",
        choices=[SelectChoice("approve", "Approve the package"), SelectChoice("refuse", "Refuse the package")],
        validators=[InputRequired("Choose approve or refuse")],
    )
    note = NhsTextareaField("Reason", validators=[InputRequired("Give the reason for the decision"), Length(max=2000)])


def weights_form(criteria):
    """A whole-number weight from 0 to 10 for each matching criterion."""

    class WeightsForm(NhsForm):
        pass

    for code, label, _ in criteria:
        setattr(
            WeightsForm,
            code,
            NhsIntegerField(
                label,
                validators=[InputRequired(f"Enter a weight for {label.lower()}"), NumberRange(0, 10, "From 0 to 10")],
                render_kw={"nhsuk": {"classes": "nhsuk-input--width-2"}},
            ),
        )
    return WeightsForm


class ShortlistForm(NhsForm):
    person_ids = NhsCheckboxesField("Shortlist", coerce=int, validators=[Optional()])
    reason = NhsTextareaField(
        "Why the shortlist differs from the ranking (if it does)",
        description="Needed when you pass over someone ranked higher than a person you shortlist",
        validators=[Optional(), Length(max=2000)],
    )


class InterviewForm(NhsForm):
    outcome = NhsRadiosField(
        "Outcome",
        choices=[SelectChoice("selected", "Selected"), SelectChoice("not_selected", "Not selected")],
        validators=[InputRequired("Choose the outcome")],
    )
    notes = NhsTextareaField("Notes", validators=[Optional(), Length(max=4000)])


class PlacementForm(NhsForm):
    starts_on = NhsDateField("Start date in the post", validators=[InputRequired("Enter the start date")])


class LeavingForm(NhsForm):
    left_on = NhsDateField("Last day in the post", validators=[InputRequired("Enter the last day")])
    reason = NhsTextareaField("Why they left", validators=[InputRequired("Say why they left"), Length(max=2000)])


class ConflictForm(NhsForm):
    person_id = NhsSelectField("Candidate", coerce=str, validators=[InputRequired("Choose the candidate")])
    reason = NhsTextareaField(
        "What is the conflict of interest?",
        description="For example, a relative on its board or a recent business relationship with it",
        validators=[InputRequired("Say what the conflict of interest is"), Length(max=2000)],
    )
