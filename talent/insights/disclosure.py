"""Disclosure control: which cells of a table of counts may be published, and how.

Primary suppression hides every count under the minimum cell size (zero included: "no Black
staff at band 9" discloses as much about a known person as "one"). Secondary suppression then
hides further cells until no hidden cell can be worked out from the published cells and
totals. A table's cells and totals form a system of linear equations (each row and column sums
to its total); a hidden cell can be recovered exactly when that system fixes its value, which
:func:`_determined` checks by row reduction. Published counts are rounded to the nearest
multiple of ``round_to``; totals are rounded from the true totals, not summed from rounded
cells.
"""

from dataclasses import dataclass

TOTAL = "__total__"


@dataclass(frozen=True)
class DisclosurePolicy:
    min_cell: int = 10
    round_to: int = 5
    secondary: bool = True

    @classmethod
    def from_config(cls, config) -> "DisclosurePolicy":
        return cls(
            min_cell=config["INSIGHTS_MIN_CELL"],
            round_to=config["INSIGHTS_ROUND_TO"],
            secondary=config["INSIGHTS_SECONDARY_SUPPRESSION"],
        )

    def publish(self, raw: int) -> int:
        """A count that passed suppression, rounded half up to the nearest ``round_to``."""
        if self.round_to <= 1:
            return raw
        return (raw + self.round_to // 2) // self.round_to * self.round_to


@dataclass(frozen=True)
class Cell:
    """A published count: ``value`` is None when suppressed. Raw counts never leave this module."""

    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return "*" if self.value is None else f"{self.value:,}"


SUPPRESSED = Cell(None)


def _lines(rows: list, columns: list) -> list[tuple[list, object]]:
    """Each line of the table as (its entries, the entry that is their total).

    A table with one row or one column is a single line whose total is the grand total (its
    other totals would only repeat the cells).
    """
    if len(rows) <= 1 or len(columns) <= 1:
        return [([(r, c) for r in rows for c in columns], (TOTAL, TOTAL))]
    lines = [([(r, c) for c in columns], (r, TOTAL)) for r in rows]
    lines += [([(r, c) for r in rows], (TOTAL, c)) for c in columns]
    lines.append(([(r, TOTAL) for r in rows], (TOTAL, TOTAL)))
    lines.append(([(TOTAL, c) for c in columns], (TOTAL, TOTAL)))
    return lines


def _determined(lines: list[tuple[list, object]], hidden: set) -> object | None:
    """A hidden entry whose value the published entries fix, or None if there is none; of
    several, the first in ``repr`` order, so the result never depends on set order.

    A one-line table is one equation: its hidden entry is fixed when it is the only one. A
    two-way table with its totals is a bipartite graph (each row and the total row on one side,
    each column and the total column on the other, each entry an edge between its row and its
    column), whose line equations fix a hidden entry exactly when that entry is a bridge of the
    graph of hidden entries: found in one pass (Tarjan's bridges), where solving the equations
    took seconds for a national table of 200 organisations. The unit tests check it against
    solving the equations by elimination.
    """
    if len(lines) == 1:
        cells, total = lines[0]
        in_line = [entry for entry in [*cells, total] if entry in hidden]
        return in_line[0] if len(in_line) == 1 else None
    bridges = _bridges(sorted(hidden, key=repr))
    return min(bridges, key=repr) if bridges else None


def _bridges(entries: list) -> list:
    """The entries, each an edge ``(row, column)``, that are bridges of the graph they make."""
    neighbours: dict = {}
    for number, (row, column) in enumerate(entries):
        neighbours.setdefault(("row", row), []).append((("column", column), number))
        neighbours.setdefault(("column", column), []).append((("row", row), number))
    order: dict = {}
    low: dict = {}
    found = []
    for start in neighbours:
        if start in order:
            continue
        order[start] = low[start] = len(order)
        # Each frame: (node, the edge it was reached by, its neighbours still to visit).
        stack = [(start, None, iter(neighbours[start]))]
        while stack:
            node, via, pending = stack[-1]
            step = next(pending, None)
            if step is not None:
                there, edge = step
                if edge == via:
                    continue
                if there in order:
                    low[node] = min(low[node], order[there])
                else:
                    order[there] = low[there] = len(order)
                    stack.append((there, edge, iter(neighbours[there])))
                continue
            stack.pop()
            if stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    found.append(entries[via])
    return found


def _cheapest(line: tuple[list, object], hidden: set, raw: dict) -> object | None:
    """The entry to hide next in a line: its smallest visible cell, else its total."""
    cells, total = line
    visible = [entry for entry in cells if entry not in hidden]
    if visible:
        return min(visible, key=lambda entry: raw[entry])
    return total if total not in hidden else None


def suppress(raw: dict, rows: list, columns: list, policy: DisclosurePolicy) -> set:
    """The entries (cells and totals, keyed as in :data:`raw`) that must not be published."""
    hidden = {entry for entry, count in raw.items() if count < policy.min_cell}
    if not policy.secondary or not hidden:
        return hidden
    lines = _lines(rows, columns)
    while True:
        changed = False
        for line in lines:
            cells, total = line
            if len([entry for entry in [*cells, total] if entry in hidden]) == 1:
                extra = _cheapest(line, hidden, raw)
                if extra is not None:
                    hidden.add(extra)
                    changed = True
        if changed:
            continue
        exposed = _determined(lines, hidden)
        if exposed is None:
            return hidden
        # Hide one more entry in a line through the exposed one; repeat until none is fixed.
        choices = [_cheapest(line, hidden, raw) for line in lines if exposed in line[0] or exposed == line[1]]
        choices = [entry for entry in choices if entry is not None]
        if not choices:
            return hidden | set(raw)
        hidden.add(min(choices, key=lambda entry: raw[entry]))


@dataclass(frozen=True)
class Table:
    """A published table of counts: every cell and total already suppressed or rounded."""

    rows: list
    columns: list
    cells: dict
    #: Empty when the table has one column (the grand total says it all).
    row_totals: dict
    #: Empty when the table has one row.
    column_totals: dict
    total: Cell

    def cell(self, row, column) -> Cell:
        return self.cells[(row, column)]

    @property
    def all_suppressed(self) -> bool:
        """Every cell withheld: the page explains why rather than showing a table of stars."""
        return bool(self.cells) and all(cell.suppressed for cell in self.cells.values())

    @property
    def has_suppression(self) -> bool:
        return any(
            cell.suppressed
            for cell in [*self.cells.values(), *self.row_totals.values(), *self.column_totals.values(), self.total]
        )


def protect(counts: dict, rows: list, columns: list, policy: DisclosurePolicy) -> Table:
    """Turn raw counts keyed by (row, column) into a publishable :class:`Table`.

    Combinations missing from ``counts`` are zero. ``rows`` and ``columns`` fix the order.
    """
    raw = {(r, c): counts.get((r, c), 0) for r in rows for c in columns}
    two_way = len(rows) > 1 and len(columns) > 1
    if two_way:
        for r in rows:
            raw[(r, TOTAL)] = sum(raw[(r, c)] for c in columns)
        for c in columns:
            raw[(TOTAL, c)] = sum(raw[(r, c)] for r in rows)
    raw[(TOTAL, TOTAL)] = sum(raw[(r, c)] for r in rows for c in columns)
    hidden = suppress(raw, rows, columns, policy)

    def published(entry) -> Cell:
        return SUPPRESSED if entry in hidden else Cell(policy.publish(raw[entry]))

    return Table(
        rows=list(rows),
        columns=list(columns),
        cells={(r, c): published((r, c)) for r in rows for c in columns},
        row_totals={r: published((r, TOTAL)) for r in rows} if two_way else {},
        column_totals={c: published((TOTAL, c)) for c in columns} if two_way else {},
        total=published((TOTAL, TOTAL)),
    )
