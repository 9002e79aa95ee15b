"""Service-level tests (no test client); the page tests are in
tests/integration/test_standards.py.

Standards as versioned data: three frameworks seeded, a new version never disturbs the old.
"""

import pytest

from talent.errors import RuleViolation
from talent.standards import services as standard_services
from tests.integration.test_standards import seeded  # noqa: F401 (fixtures and helpers shared with the page tests)


def test_the_three_frameworks_arrive_with_their_own_scales(db_session):
    frameworks = seeded()
    lcf, hlm, mls = frameworks["lcf"], frameworks["hlm"], frameworks["mls"]
    assert len(lcf.domains) == 6
    assert [(p.label, p.is_rating) for p in lcf.scale][-1] == ("No chance to demonstrate", False)
    assert [d.title for d in hlm.domains][0] == "Inspiring shared purpose"
    assert len(hlm.domains) == 9
    assert [p.label for p in hlm.scale] == ["Essential", "Proficient", "Strong", "Exemplary"]
    levels = {standard.level for domain in mls.domains for standard in domain.standards}
    assert levels == {1, 2, 3, 4, 5}
    assert standard_services.seed_frameworks() == 0


def test_only_one_draft_at_a_time(db_session):
    lcf = seeded()["lcf"]
    standard_services.start_new_version(lcf)
    with pytest.raises(RuleViolation, match="already a draft"):
        standard_services.start_new_version(lcf)
