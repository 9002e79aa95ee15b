"""Shared shape of import reports: every bad row with its row number, field and reason."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.field}: {self.reason}"


@dataclass
class ImportReport:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    #: Rows deliberately not loaded (for example trusts outside England).
    skipped: list[RowProblem] = field(default_factory=list)
    #: Rows refused because something in them is wrong.
    errors: list[RowProblem] = field(default_factory=list)

    @property
    def loaded(self) -> int:
        return self.inserted + self.updated + self.unchanged

    def summary(self) -> str:
        return (
            f"{self.inserted} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.skipped)} skipped, {len(self.errors)} with errors"
        )


def batched(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]
