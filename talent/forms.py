"""WTForms fields that render themselves with the NHS.UK design system macros.

``{{ form.field }}`` produces the label, hint, error message and aria wiring the design system
expects, so templates never hand-build form markup. Form pages show one error summary built
from :func:`error_summary_items`.
"""

from datetime import date

from flask import current_app
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.utils import unset_value
from wtforms.validators import Optional, Regexp


def _render_macro(component: str, macro: str, params: dict) -> Markup:
    template = current_app.jinja_env.get_template(f"nhsuk/components/{component}/macro.jinja")
    # The macro template is autoescaped (see templating.init_app), so its output is safe markup.
    return Markup(getattr(template.module, macro)(params))  # noqa: S704 (autoescaped macro output, above)


def _common_params(field, **extra) -> dict:
    params = {
        "id": field.id,
        "name": field.name,
        "label": {"text": field.label.text},
        "hint": {"text": field.description} if field.description else None,
        "errorMessage": {"text": field.errors[0]} if field.errors else None,
    }
    params.update(extra)
    params.update((field.render_kw or {}).get("nhsuk", {}))
    return {key: value for key, value in params.items() if value is not None}


class NhsInputWidget:
    def __init__(self, input_type: str = "text", component: str = "input", macro: str = "input"):
        self.input_type = input_type
        self.component = component
        self.macro = macro

    def __call__(self, field, **kwargs):
        value = "" if self.input_type == "password" else field._value()
        params = _common_params(field, type=self.input_type, value=value)
        return _render_macro(self.component, self.macro, params)


class NhsTextInputField(StringField):
    widget = NhsInputWidget()


class NhsEmailField(StringField):
    widget = NhsInputWidget("email")


class NhsPasswordField(PasswordField):
    widget = NhsInputWidget("password", component="password-input", macro="passwordInput")


class NhsTextareaWidget:
    def __call__(self, field, **kwargs):
        return _render_macro("textarea", "textarea", _common_params(field, value=field._value()))


class NhsTextareaField(StringField):
    widget = NhsTextareaWidget()


class NhsIntegerField(IntegerField):
    widget = NhsInputWidget("text")


def _is_chosen(field, choice: SelectChoice) -> bool:
    return field.data is not None and str(field.data) == str(choice.value)


class NhsSelectWidget:
    def __call__(self, field, **kwargs):
        items = [
            {"value": choice.value, "text": choice.label, "selected": _is_chosen(field, choice)}
            for choice in field.choices
        ]
        return _render_macro("select", "select", _common_params(field, items=items))


class NhsSelectField(SelectField):
    widget = NhsSelectWidget()


class NhsRadiosWidget:
    def __call__(self, field, **kwargs):
        items = [
            {"value": choice.value, "text": choice.label, "checked": _is_chosen(field, choice)}
            | ({"hint": {"text": choice.render_kw["hint"]}} if (choice.render_kw or {}).get("hint") else {})
            for choice in field.choices
        ]
        params = _common_params(field, items=items)
        label = params.pop("label")
        params["fieldset"] = {"legend": {"text": label["text"], "size": "s"}}
        return _render_macro("radios", "radios", params)


class NhsRadiosField(RadioField):
    widget = NhsRadiosWidget()


class NhsCheckboxWidget:
    """One checkbox whose label is the field's label (for "I agree" and "Prefer not to say")."""

    def __call__(self, field, **kwargs):
        params = _common_params(field)
        label = params.pop("label")
        params.pop("id")
        params["idPrefix"] = field.id
        params["items"] = [{"value": "y", "text": label["text"], "checked": bool(field.data)}]
        legend = (field.render_kw or {}).get("legend")
        if legend:
            params["fieldset"] = {"legend": {"text": legend, "size": "s"}}
        return _render_macro("checkboxes", "checkboxes", params)


class NhsCheckboxField(BooleanField):
    widget = NhsCheckboxWidget()


class NhsCheckboxesWidget:
    """Several checkboxes in a fieldset, one per choice."""

    def __call__(self, field, **kwargs):
        chosen = {str(value) for value in (field.data or [])}
        params = _common_params(field)
        label = params.pop("label")
        params.pop("id")
        params["idPrefix"] = field.id
        params["fieldset"] = {"legend": {"text": label["text"], "size": "s"}}
        params["items"] = [
            {"value": choice.value, "text": choice.label, "checked": str(choice.value) in chosen}
            for choice in field.choices
        ]
        return _render_macro("checkboxes", "checkboxes", params)


class NhsCheckboxesField(SelectMultipleField):
    widget = NhsCheckboxesWidget()


class NhsDateWidget:
    def __call__(self, field, **kwargs):
        raw = field.raw_parts or {}
        if not raw and field.data:
            raw = {"day": field.data.day, "month": field.data.month, "year": field.data.year}
        params = _common_params(
            field,
            namePrefix=field.name,
            items=[
                {"name": "day", "value": raw.get("day", ""), "classes": "nhsuk-input--width-2"},
                {"name": "month", "value": raw.get("month", ""), "classes": "nhsuk-input--width-2"},
                {"name": "year", "value": raw.get("year", ""), "classes": "nhsuk-input--width-4"},
            ],
        )
        label = params.pop("label")
        params["fieldset"] = {"legend": {"text": label["text"], "size": "s"}}
        return _render_macro("date-input", "dateInput", params)


class NhsDateField(Field):
    """A day, month and year input posted as ``name[day]``, ``name[month]``, ``name[year]``."""

    widget = NhsDateWidget()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.raw_parts: dict[str, str] = {}

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        self.data = None if data is unset_value else data
        if data is unset_value and self.default is not None:
            self.data = self.default() if callable(self.default) else self.default
        if formdata is None:
            return
        parts = {part: formdata.get(f"{self.name}[{part}]", "").strip() for part in ("day", "month", "year")}
        if not any(parts.values()):
            self.data = None
            self.raw_data = []
            return
        self.raw_parts = parts
        # Validators such as InputRequired read raw_data.
        self.raw_data = ["-".join(parts[part] for part in ("year", "month", "day"))]
        try:
            self.data = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            self.data = None
            self.process_errors.append(f"{self.label.text} must be a real date")


class NhsForm(FlaskForm):
    """Base form: collects errors for the page's error summary."""

    def error_summary_items(self) -> list[dict]:
        items = [{"text": message} for message in self.form_errors]
        items += getattr(self, "elsewhere_errors", [])
        for field in self:
            for message in field.errors:
                anchor = f"{field.id}-day" if isinstance(field, NhsDateField) else field.id
                items.append({"text": message, "href": f"#{anchor}"})
        return items

    def add_error_elsewhere(self, message: str, href: str) -> None:
        """An error fixed on another page (a section of a long form): the summary links there."""
        self.elsewhere_errors = [*getattr(self, "elsewhere_errors", []), {"text": message, "href": href}]

    def add_service_error(self, error) -> None:
        """Show a service's RuleViolation against the field it names, or the form as a whole."""
        field = getattr(self, error.field, None) if error.field else None
        if field is not None:
            field.errors = [*field.errors, error.message]
        else:
            self.form_errors.append(error.message)


def version_field() -> HiddenField:
    """The version of the record the page was showing, so two people saving at once are told
    rather than one silently overwriting the other."""
    return HiddenField(validators=[Optional(), Regexp(r"^\d{1,9}$", message="Reload the page and try again")])


def expected_version(form) -> int | None:
    """What :func:`version_field` carried back, for the service's ``expected_version``."""
    return int(form.version.data) if form.version.data else None
