"""The to-do list on every home page: what needs this person's action now, with due dates and
links, gathered from each module through one interface.

A task source is a function ``(principal, today) -> list[Task]`` that asks the database a fixed
number of questions, however much data there is. Sources are listed here by name, like the
scheduled jobs in ``talent.jobs.registry``: a new module (talent pools, panels, board returns)
adds a line and its users see its tasks. A task stops being listed as soon as it is done, because
sources read the current state rather than stored reminders.
"""

from dataclasses import dataclass
from datetime import date
from importlib import import_module

from talent.dates import nhs_date


@dataclass(frozen=True)
class Task:
    #: What to do, in the imperative: "Complete your self-assessment".
    title: str
    href: str
    #: Which record it is about, when the title does not say.
    hint: str = ""
    due_on: date | None = None


TASK_SOURCES = [
    "talent.appraisals.tasks:appraisal_steps",
    "talent.appraisals.tasks:feedback_to_give",
    "talent.appraisals.tasks:escalations_to_settle",
    "talent.appraisals.tasks:endorsements_waiting",
    "talent.programmes.tasks:outcomes_to_record",
    "talent.pipeline.tasks:conversation_to_agree",
    "talent.pipeline.tasks:nominations_to_decide",
]


def tasks_for(principal, today: date) -> list[Task]:
    """Every task for ``principal``, soonest due first (those without a date last)."""
    tasks: list[Task] = []
    for source in TASK_SOURCES:
        module, name = source.split(":")
        tasks += getattr(import_module(module), name)(principal, today)
    return sorted(tasks, key=lambda task: (task.due_on is None, task.due_on or date.max, task.title))


def as_task_list(tasks: list[Task], today: date) -> list[dict]:
    """The design system's task list items for ``tasks``: the due date (or "Overdue") as a tag."""
    items = []
    for task in tasks:
        if task.due_on is None:
            status = {"tag": {"text": "To do", "classes": "nhsuk-tag--blue"}}
        elif task.due_on < today:
            status = {"tag": {"text": f"Overdue: was due {nhs_date(task.due_on)}", "classes": "nhsuk-tag--red"}}
        else:
            status = {"tag": {"text": f"Due {nhs_date(task.due_on)}", "classes": "nhsuk-tag--blue"}}
        items.append({"title": {"text": task.title}, "href": task.href, "hint": task.hint, "status": status})
    return items
