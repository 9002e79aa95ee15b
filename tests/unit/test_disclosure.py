"""Disclosure control: nothing under the minimum is published, counts are rounded, and no
suppressed cell can be worked out from the cells and totals that are published."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from talent.insights.disclosure import TOTAL, DisclosurePolicy, _determined, _lines, protect
from talent.insights.services import p_band, relative_likelihood

POLICY = DisclosurePolicy(min_cell=10, round_to=5, secondary=True)


def hidden_entries(table) -> set:
    hidden = {key for key, cell in table.cells.items() if cell.suppressed}
    hidden |= {(r, TOTAL) for r, cell in table.row_totals.items() if cell.suppressed}
    hidden |= {(TOTAL, c) for c, cell in table.column_totals.items() if cell.suppressed}
    return hidden | ({(TOTAL, TOTAL)} if table.total.suppressed else set())


def recoverable(table) -> set:
    """Hidden entries an attacker can work out exactly, found independently of the service.

    A two-way table with its totals is a bipartite graph (rows and the total row on one side,
    columns and the total column on the other; each entry an edge), and the line sums fix a
    hidden entry exactly when it is a bridge of the graph of hidden entries. A one-way table
    is one equation: a hidden entry is fixed when it is the only one.
    """
    hidden = hidden_entries(table)
    if not table.row_totals:
        return hidden if len(hidden) == 1 else set()

    def ends(entry):
        r, c = entry
        return ("row", r), ("column", c)

    def connected(start, goal, edges) -> bool:
        seen, frontier = {start}, [start]
        while frontier:
            node = frontier.pop()
            for edge in edges:
                a, b = ends(edge)
                for here, there in ((a, b), (b, a)):
                    if here == node and there not in seen:
                        seen.add(there)
                        frontier.append(there)
        return goal in seen

    return {entry for entry in hidden if not connected(*ends(entry), hidden - {entry})}


def published_values(table) -> list[int]:
    cells = [*table.cells.values(), *table.row_totals.values(), *table.column_totals.values(), table.total]
    return [cell.value for cell in cells if not cell.suppressed]


def test_a_small_count_is_suppressed_with_the_smallest_neighbour_so_the_total_cannot_reveal_it():
    table = protect({("all", "a"): 3, ("all", "b"): 50, ("all", "c"): 40}, ["all"], ["a", "b", "c"], POLICY)
    assert [str(table.cell("all", c)) for c in "abc"] == ["*", "50", "*"]
    assert table.total.value == 95  # 93, rounded


def test_counts_are_rounded_to_the_nearest_five_and_totals_come_from_true_counts():
    counts = {("all", "a"): 12, ("all", "b"): 13, ("all", "c"): 17, ("all", "d"): 18}
    table = protect(counts, ["all"], ["a", "b", "c", "d"], POLICY)
    assert [table.cell("all", c).value for c in "abcd"] == [10, 15, 15, 20]
    assert table.total.value == 60
    table = protect({("all", "a"): 12, ("all", "b"): 12, ("all", "c"): 12}, ["all"], ["a", "b", "c"], POLICY)
    # The true total, 36, rounds to 35; the rounded cells would have summed to 30.
    assert ([table.cell("all", c).value for c in "abc"], table.total.value) == ([10, 10, 10], 35)


def test_one_small_cell_in_a_two_way_table_hides_a_rectangle_of_four():
    rows, columns = ["band 5", "band 6", "band 7"], ["white", "bme", "not stated"]
    counts = {(r, c): 40 for r in rows for c in columns}
    counts[("band 7", "bme")] = 4
    counts[("band 6", "not stated")] = 25
    table = protect(counts, rows, columns, POLICY)
    assert table.cell("band 7", "bme").suppressed
    assert len(hidden_entries(table)) == 4
    assert recoverable(table) == set()
    assert table.row_totals["band 5"].value == 120


def test_a_pattern_with_two_hidden_cells_in_every_line_can_still_leak_and_is_closed():
    """Two blocks of small cells joined by one small cell: every row and column has at least
    two hidden cells, yet the joining cell is the difference of two sums of totals."""
    rows, columns = ["r1", "r2", "r3", "r4"], ["c1", "c2", "c3", "c4"]
    counts = {(r, c): 50 for r in rows for c in columns}
    small = [("r1", "c1"), ("r1", "c2"), ("r2", "c1"), ("r2", "c2")]
    small += [("r3", "c3"), ("r3", "c4"), ("r4", "c3"), ("r4", "c4"), ("r1", "c3")]
    for entry in small:
        counts[entry] = 3
    table = protect(counts, rows, columns, POLICY)
    primary_only = protect(counts, rows, columns, DisclosurePolicy(secondary=False))
    assert ("r1", "c3") in recoverable(primary_only)
    assert recoverable(table) == set()


@settings(max_examples=300, deadline=None)
@given(
    shape=st.tuples(st.integers(1, 4), st.integers(1, 5)),
    data=st.data(),
)
def test_no_output_holds_a_count_under_the_minimum_or_a_recoverable_one(shape, data):
    rows = [f"r{i}" for i in range(shape[0])]
    columns = [f"c{j}" for j in range(shape[1])]
    counts = {
        (r, c): data.draw(st.one_of(st.integers(0, 12), st.integers(0, 200)), label=f"{r}{c}")
        for r in rows
        for c in columns
    }
    table = protect(counts, rows, columns, POLICY)
    assert all(value >= POLICY.min_cell and value % POLICY.round_to == 0 for value in published_values(table))
    assert all(table.cell(r, c).suppressed for (r, c), count in counts.items() if count < POLICY.min_cell)
    assert recoverable(table) == set()


def fixed_by_elimination(lines, hidden: set) -> set:
    """Every hidden entry the published entries fix, by solving the line equations exactly:
    reduced to row echelon form, an entry is fixed when some row has it alone. Slow (fractions,
    cubic), but a different method from the service's bridges, so each checks the other."""
    unknowns = sorted(hidden, key=repr)
    index = {entry: i for i, entry in enumerate(unknowns)}
    matrix = []
    for cells, total in lines:
        row = [Fraction(0)] * len(unknowns)
        for entry in cells:
            if entry in index:
                row[index[entry]] += 1
        if total in index:
            row[index[total]] -= 1
        if any(row):
            matrix.append(row)
    pivot = 0
    for column in range(len(unknowns)):
        found = next((i for i in range(pivot, len(matrix)) if matrix[i][column] != 0), None)
        if found is None:
            continue
        matrix[pivot], matrix[found] = matrix[found], matrix[pivot]
        matrix[pivot] = [value / matrix[pivot][column] for value in matrix[pivot]]
        for i in range(len(matrix)):
            if i != pivot and matrix[i][column] != 0:
                factor = matrix[i][column]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[pivot], strict=True)]
        pivot += 1
    fixed = set()
    for row in matrix[:pivot]:
        nonzero = [i for i, value in enumerate(row) if value != 0]
        if len(nonzero) == 1:
            fixed.add(unknowns[nonzero[0]])
    return fixed


@settings(max_examples=400, deadline=None)
@given(shape=st.tuples(st.integers(1, 5), st.integers(1, 5)), data=st.data())
def test_the_service_finds_a_fixed_entry_exactly_when_solving_the_equations_does(shape, data):
    """Any pattern of hidden entries (cells and totals): the bridge method names a fixed entry,
    the first in repr order, exactly when elimination finds one, and the same one."""
    rows = [f"r{i}" for i in range(shape[0])]
    columns = [f"c{j}" for j in range(shape[1])]
    lines = _lines(rows, columns)
    entries = sorted({entry for cells, total in lines for entry in [*cells, total]}, key=repr)
    hidden = set(data.draw(st.lists(st.sampled_from(entries), unique=True, max_size=len(entries))))
    fixed = fixed_by_elimination(lines, hidden)
    assert _determined(lines, hidden) == (min(fixed, key=repr) if fixed else None)


def test_a_national_table_of_organisations_leaves_no_withheld_count_recoverable():
    """The table an admin's completion page publishes: 220 organisations by three states, some
    small (the time it takes is in bench/national_pages.py, not here)."""
    rows = [f"Organisation {i:03d}" for i in range(220)]
    columns = ["signed_off", "in_progress", "not_started"]
    counts = {(r, c): (i * 7 + j * 13) % 300 for i, r in enumerate(rows) for j, c in enumerate(columns)}
    table = protect(counts, rows, columns, POLICY)
    assert fixed_by_elimination(_lines(rows, columns), hidden_entries(table)) == set()
    assert recoverable(table) == set()


def test_relative_likelihood_matches_a_hand_calculation_and_keeps_its_counts():
    # White applicants: 47 appointed of 100 shortlisted (0.47); BME: 15 of 102 (0.1471).
    # 0.47 / (15 / 102) = 47 * 102 / (100 * 15) = 4794 / 1500 = 3.196
    result = relative_likelihood(("white", 47, 100), ("bme", 15, 102), policy=POLICY)
    # Published to two decimals only: 3.196 beside the rounded counts would pin the exact ones.
    assert result.value == 3.2
    assert str(result) == "3.20"
    # Rates come from the published counts (45 of 100, 15 of 100), not the exact ones.
    assert (result.reference.rate, result.comparison.rate) == (0.45, 0.15)
    assert (result.reference.numerator.value, result.reference.denominator.value) == (45, 100)
    assert (result.comparison.numerator.value, result.comparison.denominator.value) == (15, 100)


def test_relative_likelihood_is_not_available_for_an_empty_group_or_small_numbers():
    empty = relative_likelihood(("white", 0, 0), ("bme", 15, 102), policy=POLICY)
    assert (empty.value, empty.reason, str(empty)) == (None, "No one in one of the groups", "Not available")
    small = relative_likelihood(("white", 47, 100), ("bme", 3, 40), policy=POLICY)
    assert small.value is None
    assert small.comparison.numerator.suppressed
    assert small.comparison.denominator.suppressed
    none_appointed = relative_likelihood(("white", 47, 100), ("bme", 0, 40), policy=POLICY)
    assert none_appointed.value is None


def test_the_significance_test_matches_a_hand_calculation():
    # 47/100 v 15/102: pooled 62/202; z = (0.47 - 0.14706) / sqrt(0.30693 * 0.69307 * (1/100 + 1/102)) = 4.98
    result = relative_likelihood(("white", 47, 100), ("bme", 15, 102), policy=POLICY)
    # p is about 6.4e-7: published only as the band it falls in.
    assert result.p_band == "< 0.001"
    assert not hasattr(result, "p_value")
    assert result.significant
    close = relative_likelihood(("white", 30, 100), ("bme", 28, 100), policy=POLICY)
    assert (close.p_band, close.significant) == ("0.05 or more", False)
    assert [p_band(p) for p in (0.0009, 0.009, 0.049, 0.05)] == ["< 0.001", "< 0.01", "< 0.05", "0.05 or more"]


def test_an_empty_table_publishes_a_suppressed_zero_total_and_nothing_else():
    table = protect({}, [], ["white", "bme"], POLICY)
    assert (table.cells, table.total.suppressed) == ({}, True)
