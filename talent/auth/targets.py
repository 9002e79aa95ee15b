"""Where an object sits, for the policy's scope checks.

Each model that a permission can be checked against says where it sits with a ``policy_target``
method returning a :class:`Target`, so the policy needs no knowledge of other modules' models:
a new module's models join the policy by defining the method.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """The person, organisation and region an object belongs to (None where it has none)."""

    person_id: int | None = None
    organisation_id: int | None = None
    region_id: int | None = None
    #: For things owned by an account rather than a person (notifications, API tokens).
    account_id: int | None = None
    #: Further regions whose region-wide roles reach the object (a person who nominated
    #: themselves into another region's talent pool is seen by that region's talent lead too).
    other_region_ids: frozenset[int] = frozenset()
    #: People on the appointment panel for it (a NED vacancy and its applications): the NED
    #: panel member role reaches exactly these.
    panel_person_ids: frozenset[int] = frozenset()


#: National reference data (frameworks, programmes, cohorts, rules): no person or organisation.
NATIONAL = Target()
