from wtforms import HiddenField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from talent.edi.models import QUESTIONS
from talent.forms import NhsCheckboxField, NhsDateField, NhsForm, NhsRadiosField

QUESTION_TEXT = {
    "ethnicity": "What is your ethnic group?",
    "disability": "Do you have a physical or mental health condition or illness lasting or expected to last "
    "12 months or more, that reduces your ability to carry out day-to-day activities?",
    "sex": "What is your sex?",
    "gender_identity": "Is the gender you identify with the same as your sex registered at birth?",
    "sexual_orientation": "Which of the following best describes your sexual orientation?",
    "religion": "What is your religion or belief?",
}


def _radios(name: str, answer_enum) -> NhsRadiosField:
    return NhsRadiosField(
        QUESTION_TEXT[name],
        choices=[SelectChoice(answer.value, answer.label) for answer in answer_enum],
        validators=[Optional()],
        description="Optional",
    )


class EdiProfileForm(NhsForm):
    ethnicity = _radios(*QUESTIONS[0])
    disability = _radios(*QUESTIONS[1])
    sex = _radios(*QUESTIONS[2])
    gender_identity = _radios(*QUESTIONS[3])
    sexual_orientation = _radios(*QUESTIONS[4])
    religion = _radios(*QUESTIONS[5])
    date_of_birth = NhsDateField(
        "What is your date of birth?",
        description="Used only to place you in an age band, such as 35 to 44. For example, 27 3 1985",
        validators=[Optional()],
    )
    date_of_birth_withheld = NhsCheckboxField("Prefer not to say my date of birth")
    consent = NhsCheckboxField(
        "I agree that my answers can be used, without my name, in statistics about fairness in the NHS workforce",
        render_kw={"legend": "Your consent"},
    )
    #: The version the person saw; empty when they had no answers yet.
    version = HiddenField()
