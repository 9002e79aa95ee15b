"""``submit_form``: the one way an HTML view runs a service for a form, the counterpart of the
API's ``api_route``.

On a valid POST it runs the service call in one savepoint (``transactions.service_call``), so a
refusal half-way through undoes that service's writes; a refusal (``RuleViolation``,
``Forbidden``, ``Conflict``, ``NotFound``) goes into the form's error summary, against the field
it names where it names one, and the view re-renders the form; on success the view's ``then``
answers, usually :func:`done` (a flash and a redirect). Views therefore read::

    form = SomeForm()
    finished = submit_form(form, lambda: services.do_it(obj, ...), then=done("Saved", "module.view", id=obj.id))
    if finished:
        return finished
    return render_template("module/page.html", form=form)
"""

from collections.abc import Callable
from typing import Any

from flask import Response, flash, redirect, url_for
from flask_wtf import FlaskForm

from talent.errors import Conflict, Forbidden, NotFound, RuleViolation
from talent.transactions import service_call

#: Service errors that a form shows to the person, rather than an error page.
REFUSALS = (RuleViolation, Conflict, Forbidden, NotFound)


class FormErrors(Exception):  # noqa: N818 (a signal, like the service errors)
    """Raised inside an action once it has put errors on the form itself (parsing nested fields);
    the form is shown again with them and nothing is written."""


def submit_form(form: FlaskForm, action: Callable[[], Any], *, then: Callable[[Any], Response]) -> Response | None:
    """Run ``action`` for a valid POST of ``form``.

    :returns: ``then(result)`` when the action succeeds; None when the form is not posted, is
        invalid, or the service refused (its message is on the form), so the view re-renders.
    """
    if not form.validate_on_submit():
        return None
    try:
        with service_call():
            result = action()
    except FormErrors:
        return None
    except REFUSALS as error:
        form.add_service_error(error)
        return None
    return then(result)


def done(message: str | Callable[[Any], str] | None, endpoint: str, **values) -> Callable[[Any], Response]:
    """A ``then`` that flashes ``message`` and redirects to ``endpoint``. The message and any URL
    value may be a function of the service's result (a new record's id, say)."""

    def answer(result) -> Response:
        text = message(result) if callable(message) else message
        if text:
            flash(text)
        return redirect(url_for(endpoint, **{k: v(result) if callable(v) else v for k, v in values.items()}))

    return answer
