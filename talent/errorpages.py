"""Error pages in the design system, and service errors turned into the right status."""

from flask import Flask, jsonify, render_template, request

from talent.errors import TalentError


def init_app(app: Flask) -> None:
    def page(template: str, status: int):
        def handler(error):
            # Under /api/ every answer is JSON in the documented error shape, even for a URL that
            # matches no route (an id of -1 fails the <id:> converter) or a method it lacks.
            if request.path.startswith("/api/"):
                message = {404: "Not found", 405: "Method not allowed"}.get(status, "Bad request")
                if status >= 500:
                    message = "Something went wrong"
                return jsonify(message=message, errors=[]), status
            return render_template(f"errors/{template}.html"), status

        return handler

    for status, template in ((400, "400"), (403, "403"), (404, "404"), (405, "400"), (409, "409"), (500, "500")):
        app.register_error_handler(status, page(template, status))

    @app.errorhandler(413)
    def too_large(error):
        # Flask refuses a body over MAX_CONTENT_LENGTH before any view parses it.
        limit = app.config["MAX_CONTENT_LENGTH"]
        message = f"The request is too large: send at most {limit // 1024:,} KB"
        if request.path.startswith("/api/"):
            return jsonify(message=message, errors=[]), 413
        return render_template("errors/400.html", message=message), 413

    @app.errorhandler(TalentError)
    def service_error(error: TalentError):
        template = {403: "403", 404: "404", 409: "409"}.get(error.status_code, "400")
        return render_template(f"errors/{template}.html", message=error.message), error.status_code
