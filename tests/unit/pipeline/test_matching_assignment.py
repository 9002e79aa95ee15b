"""The region-wide assignment is optimal: checked against brute force on small cases, including
more posts than candidates, more candidates than posts, and posts nobody may fill."""

import itertools
import random

import numpy as np
import pytest

from talent.pipeline import matching


def brute_force(scores: np.ndarray, allowed: np.ndarray) -> float:
    """The best total over every way of giving each post at most one allowed candidate, no
    candidate twice."""
    posts, candidates = scores.shape
    best = 0.0
    options = [[None] + [c for c in range(candidates) if allowed[p, c]] for p in range(posts)]
    for choice in itertools.product(*options):
        chosen = [c for c in choice if c is not None]
        if len(chosen) != len(set(chosen)):
            continue
        best = max(best, sum(scores[p, c] for p, c in enumerate(choice) if c is not None))
    return best


@pytest.mark.parametrize("seed", range(60))
def test_the_assignment_matches_brute_force(seed):
    rng = random.Random(seed)
    posts, candidates = rng.randint(1, 4), rng.randint(1, 5)
    scores = np.array([[round(rng.uniform(0, 100), 2) for _ in range(candidates)] for _ in range(posts)])
    allowed = np.array([[rng.random() > 0.35 for _ in range(candidates)] for _ in range(posts)])
    if seed % 7 == 0:
        allowed[0, :] = False  # a post nobody may fill
    result = matching.assign(scores, allowed)
    assert result.total == pytest.approx(brute_force(scores, allowed))
    assert all(allowed[p, c] for p, c in result.pairs)
    assert len({p for p, _ in result.pairs}) == len(result.pairs)
    assert len({c for _, c in result.pairs}) == len(result.pairs)


def test_a_big_fit_is_not_traded_for_two_small_ones():
    # Filling both posts (1 + 1) would use more people but less fit than the one strong pair.
    scores = np.array([[90.0, 1.0], [1.0, 0.0]])
    allowed = np.array([[True, True], [True, False]])
    assert matching.assign(scores, allowed).pairs == [(0, 0)]


def test_more_posts_than_candidates_leaves_the_weakest_posts_unfilled():
    scores = np.array([[10.0], [80.0], [50.0]])
    allowed = np.ones((3, 1), dtype=bool)
    assert matching.assign(scores, allowed).pairs == [(1, 0)]


def test_weights_must_be_whole_numbers_from_0_to_10():
    with pytest.raises(ValueError, match="whole numbers"):
        matching.check_weights({"standards": 11})
    with pytest.raises(ValueError, match="above 0"):
        matching.check_weights(dict.fromkeys(matching.DEFAULT_WEIGHTS, 0))
    assert matching.check_weights({}) == matching.DEFAULT_WEIGHTS


def _random_person(rng, person_id):
    return {
        "person_id": person_id,
        "eligible": True,
        "missing": "",
        "behaviours_rating": rng.choice([None, 1, 2, 3, 4]),
        "scale_size": 4,
        "programmes_completed": rng.randint(0, 3),
        "readiness_position": rng.choice([None, 1, 2, 3, 4]),
        "readiness_levels": 4,
        "readiness_label": "Ready",
        "target_band": rng.choice([None, "8c", "9", "vsm"]),
        "target_role": rng.choice([None, "chief_executive", "chief_operating_officer"]),
        "experience": rng.sample(["turnaround", "financial_recovery", "elective_recovery"], rng.randint(0, 2)),
        "willing_challenged": rng.random() < 0.5,
        "max_travel_km": rng.choice([None, 20, 80]),
        "regions": rng.choice([{}, {"1": "North West"}, {"2": "London"}]),
        "hq": rng.choice([[None, None], [rng.randint(300_000, 400_000), rng.randint(300_000, 400_000)]]),
        "base": "their organisation's headquarters",
        "conflicts": rng.choice([{}, {"3": "Trust 3: a relative on its board"}]),
    }


@pytest.mark.parametrize("seed", range(5))
def test_the_region_wide_scores_are_the_ones_each_pair_is_explained_with(seed):
    rng = random.Random(seed)
    people = [_random_person(rng, i) for i in range(40)]
    posts = [
        {
            "id": index,
            "band": rng.choice(["8c", "9", "vsm"]),
            "band_label": "Band 9",
            "role_type": rng.choice(["chief_executive", "chief_operating_officer"]),
            "experience": rng.sample(["turnaround", "financial_recovery"], rng.randint(0, 2)),
            "min_behaviours_rating": rng.choice([None, 2, 3]),
            "region_id": 1,
            "organisation_id": rng.choice([3, 4]),
            "hq": [rng.randint(300_000, 400_000), rng.randint(300_000, 400_000)],
        }
        for index in range(6)
    ]
    weights = matching.check_weights({"distance": 2, "experience": 3})
    eligible = np.array([[rng.random() > 0.2 for _ in people] for _ in posts])
    scores, allowed = matching.score_matrix(people, posts, weights, eligible)
    for row, post in enumerate(posts):
        for column, person in enumerate(people):
            facts = dict(person, eligible=bool(eligible[row, column]), missing="x")
            facts["km"] = matching.distance_km(tuple(person["hq"]), tuple(post["hq"]))
            evaluation = matching.evaluate(facts, post, weights)
            assert allowed[row, column] == evaluation.eligible, (row, column, evaluation.filtered_because)
            if evaluation.eligible:
                assert scores[row, column] == pytest.approx(evaluation.score, abs=0.05)
