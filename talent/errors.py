"""Errors that services raise; views and the API turn them into pages and JSON."""


class TalentError(Exception):
    status_code = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        #: The form field or JSON path the message is about, when there is one.
        self.field = field


class RuleViolation(TalentError):
    """A business rule refuses the request (bad input or an illegal state move)."""

    status_code = 400


class NotFound(TalentError):
    status_code = 404


class Forbidden(TalentError):
    status_code = 403


class Conflict(TalentError):
    """Someone else changed the record since it was read."""

    status_code = 409
