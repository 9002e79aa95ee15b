"""URL converters shared by every blueprint."""

from werkzeug.routing import IntegerConverter

#: The largest value of a PostgreSQL integer column; any larger id cannot name a row.
MAX_ID = 2_147_483_647


class IdConverter(IntegerConverter):
    """A row id in a URL: 1 up to the database's integer limit. Anything else is a 404, rather
    than a query that overflows the column type."""

    def __init__(self, map, *args, **kwargs):
        super().__init__(map, min=1, max=MAX_ID)
