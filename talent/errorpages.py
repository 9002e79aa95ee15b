"""Error pages in the design system, and service errors turned into the right status."""

from flask import Flask, render_template

from talent.errors import TalentError


def init_app(app: Flask) -> None:
    def page(template: str, status: int):
        def handler(error):
            return render_template(f"errors/{template}.html"), status

        return handler

    for status, template in ((400, "400"), (403, "403"), (404, "404"), (405, "400"), (409, "409"), (500, "500")):
        app.register_error_handler(status, page(template, status))

    @app.errorhandler(TalentError)
    def service_error(error: TalentError):
        template = {403: "403", 404: "404", 409: "409"}.get(error.status_code, "400")
        return render_template(f"errors/{template}.html", message=error.message), error.status_code
