"""Every CSV the service writes goes through here, so that no cell can run as a spreadsheet formula.

A directorate or a name typed as ``=HYPERLINK(...)`` would otherwise run when someone opens the
download in Excel (CSV injection). Cells starting with a character a spreadsheet reads as the
start of a formula get a leading apostrophe, as OWASP advises; numbers are left as they are.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_download(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> Response:
    """A CSV attachment with a header row and each cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return Response(
        out.getvalue(), mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={filename}"}
    )
