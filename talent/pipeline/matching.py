"""Matching leaders to challenged posts: a score a talent lead can read line by line, hard
filters that say why someone was left out, and the region-wide assignment that maximises total
fit.

Everything here is pure: it scores from plain dictionaries of inputs (what the database said
about a candidate when the run was made, with the versions of the records read) and a post's
requirements, so a saved run can be scored again from what it saved and give the same answer.
Protected characteristics are never inputs.
"""

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

#: (code, what the talent lead reads, default weight).
CRITERIA = [
    ("standards", "Standards fit (latest behaviours rating)", 3),
    ("programmes", "Leadership programmes completed", 1),
    ("readiness", "Readiness", 3),
    ("target", "Target band and role", 2),
    ("experience", "Experience the post asks for", 2),
    ("aspiration", "Wants to work in a challenged organisation", 1),
    ("distance", "Travel distance to the trust", 1),
]
LABELS = {code: label for code, label, _ in CRITERIA}
DEFAULT_WEIGHTS = {code: weight for code, _, weight in CRITERIA}
#: Beyond this distance the travel criterion adds nothing (within a person's own limit).
DISTANCE_SCALE_KM = 200
#: Programmes counted towards the programmes criterion at most.
PROGRAMMES_FOR_FULL_MARKS = 2


def check_weights(weights: dict) -> dict[str, int]:
    """Every criterion with a whole-number weight from 0 to 10, at least one above 0."""
    cleaned = {}
    for code in DEFAULT_WEIGHTS:
        value = weights.get(code, DEFAULT_WEIGHTS[code])
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
            raise ValueError(f"{LABELS[code]}: weights are whole numbers from 0 to 10")
        cleaned[code] = value
    if not any(cleaned.values()):
        raise ValueError("At least one criterion needs a weight above 0")
    return cleaned


def distance_km(a: tuple[int, int] | None, b: tuple[int, int] | None) -> float | None:
    """Straight-line distance between two British National Grid points (metres), in km."""
    if a is None or b is None or None in a or None in b:
        return None
    return round(math.hypot(a[0] - b[0], a[1] - b[1]) / 1000, 1)


@dataclass
class Evaluation:
    person_id: int
    score: float | None
    #: code → (value 0 to 1, weight, contribution to the score out of 100, explanation).
    contributions: dict = field(default_factory=dict)
    filtered_because: str | None = None

    @property
    def eligible(self) -> bool:
        return self.filtered_because is None


def _filters(person: dict, post: dict) -> str | None:
    """Why ``person`` cannot be considered for ``post`` at all, or None."""
    if not person["eligible"]:
        return f"Does not meet the prerequisites for a {post['band_label'].lower()} post: {person['missing']}"
    if person.get("placed_elsewhere"):
        return person["placed_elsewhere"]
    conflict = (person.get("conflicts") or {}).get(str(post.get("organisation_id")))
    if conflict is not None:
        return f"Declared a conflict of interest with {conflict}"
    limit, km = person.get("max_travel_km"), person.get("km")
    if limit is not None and km is not None and km > limit:
        return f"Will travel up to {limit} km; the trust is {km:g} km away"
    regions = person.get("regions") or {}
    if regions and str(post["region_id"]) not in regions:
        return f"Would work only in {', '.join(sorted(regions.values()))}"
    minimum = post.get("min_behaviours_rating")
    rating = person.get("behaviours_rating")
    if minimum is not None and (rating is None or rating < minimum):
        had = "has no signed-off appraisal rating" if rating is None else f"was rated {rating}"
        return f"The post asks for a behaviours rating of at least {minimum}; their latest appraisal {had}"
    return None


def _values(person: dict, post: dict) -> dict[str, tuple[float, str]]:
    """Each criterion's value from 0 to 1 with the words that explain it."""
    values = {}
    rating, scale = person.get("behaviours_rating"), person.get("scale_size")
    if rating is None or not scale:
        values["standards"] = (0.0, "No signed-off appraisal with a behaviours rating")
    else:
        values["standards"] = (rating / scale, f"Rated {rating} of {scale} in their latest signed-off appraisal")
    done = person.get("programmes_completed", 0)
    values["programmes"] = (
        min(done, PROGRAMMES_FOR_FULL_MARKS) / PROGRAMMES_FOR_FULL_MARKS,
        f"{done} leadership programme{'s' if done != 1 else ''} completed",
    )
    position, levels = person.get("readiness_position"), person.get("readiness_levels") or 1
    if position is None:
        values["readiness"] = (0.0, "No current talent conversation")
    else:
        value = 1.0 if levels <= 1 else 1 - (position - 1) / (levels - 1)
        values["readiness"] = (value, f"{person['readiness_label']} (from the talent conversation)")
    band_fits = person.get("target_band") == post["band"]
    role_fits = person.get("target_role") == post["role_type"]
    target = 1.0 if band_fits and role_fits else 0.5 if band_fits or role_fits else 0.0
    values["target"] = (
        target,
        "Aims for this band and role"
        if target == 1
        else "Aims for this band"
        if band_fits
        else "Aims for this kind of role"
        if role_fits
        else "Aims for a different band and role",
    )
    wanted = set(post.get("experience") or [])
    has = wanted & set(person.get("experience") or [])
    values["experience"] = (
        1.0 if not wanted else len(has) / len(wanted),
        "The post asks for no particular experience"
        if not wanted
        else f"{len(has)} of {len(wanted)} asked for: {', '.join(sorted(has)) or 'none'}",
    )
    values["aspiration"] = (
        (1.0, "Said they would work in a challenged organisation")
        if person.get("willing_challenged")
        else (0.0, "Did not say they would work in a challenged organisation")
    )
    km = person.get("km")
    if km is None:
        values["distance"] = (0.0, "Distance not known (no grid reference)")
    else:
        values["distance"] = (
            max(0.0, 1 - km / DISTANCE_SCALE_KM),
            f"{km:g} km from {person.get('base', 'their base')}",
        )
    return values


def evaluate(person: dict, post: dict, weights: dict) -> Evaluation:
    """Score ``person`` for ``post``: each criterion's value times its weight, out of 100."""
    reason = _filters(person, post)
    if reason is not None:
        return Evaluation(person["person_id"], None, {}, reason)
    total = sum(weights.values())
    contributions = {}
    score = 0.0
    for code, (value, words) in _values(person, post).items():
        weight = weights[code]
        contribution = round(100 * value * weight / total, 2)
        contributions[code] = (round(value, 3), weight, contribution, words)
        score += contribution
    return Evaluation(person["person_id"], round(score, 2), contributions)


def rank(evaluations: list[Evaluation]) -> list[Evaluation]:
    """Best score first; people filtered out after everyone who was not; ties by person id so a
    re-run orders them the same."""
    return sorted(evaluations, key=lambda e: (e.score is None, -(e.score or 0), e.person_id))


@dataclass
class Assignment:
    #: (post index, candidate index) pairs proposed.
    pairs: list[tuple[int, int]]
    total: float


def assign(scores: np.ndarray, allowed: np.ndarray) -> Assignment:
    """The assignment of candidates (columns) to posts (rows) with the greatest total score
    over allowed pairs, each post and each candidate used at most once.

    A pair that is not allowed costs nothing, so the solver is free to use it as "unfilled";
    such pairs are dropped afterwards, which leaves the best total over allowed pairs (scores
    are never negative, so leaving a post empty never beats a real fit).
    """
    if scores.size == 0:
        return Assignment([], 0.0)
    gain = np.where(allowed, scores, 0.0)
    rows, columns = linear_sum_assignment(gain, maximize=True)
    pairs = [(int(r), int(c)) for r, c in zip(rows, columns, strict=True) if allowed[r, c]]
    return Assignment(pairs, float(sum(scores[r, c] for r, c in pairs)))


# --- The same scores for a whole region at once ---------------------------------------------


def _tag_mask(tags, bits: dict[str, int]) -> int:
    """Tags as one bit each (``bits`` numbers them as they are met), so shared tags are a bitwise and."""
    mask = 0
    for tag in tags or []:
        mask |= 1 << bits.setdefault(tag, len(bits))
    return mask


def _popcount(values: np.ndarray) -> np.ndarray:
    counts = np.zeros(values.shape, dtype=np.int64)
    remaining = values.copy()
    while remaining.any():
        counts += remaining & 1
        remaining >>= 1
    return counts


def score_matrix(people: list[dict], posts: list[dict], weights: dict, eligible: np.ndarray) -> tuple:
    """Every person's score for every post (posts are rows), and which pairs pass the filters,
    computed as arrays: the same rules as :func:`evaluate` (which explains the pairs kept), so
    that a region of thousands of candidates and hundreds of posts is scored in well under a
    second. ``eligible`` is the prerequisites check, posts by people."""
    total = sum(weights.values())
    n = len(people)

    def column(name, default=np.nan):
        return np.array([default if p.get(name) is None else p[name] for p in people], dtype=float)

    rating, scale = column("behaviours_rating"), column("scale_size")
    standards = np.where(np.isnan(rating) | np.isnan(scale) | (scale == 0), 0.0, rating / np.where(scale, scale, 1))
    programmes = np.minimum(column("programmes_completed", 0), PROGRAMMES_FOR_FULL_MARKS) / PROGRAMMES_FOR_FULL_MARKS
    position, levels = column("readiness_position"), column("readiness_levels", 1)
    readiness = np.where(
        np.isnan(position), 0.0, np.where(levels <= 1, 1.0, 1 - (position - 1) / np.maximum(levels - 1, 1))
    )
    aspiration = np.array([1.0 if p.get("willing_challenged") else 0.0 for p in people])
    per_person = (
        weights["standards"] * standards
        + weights["programmes"] * programmes
        + weights["readiness"] * readiness
        + weights["aspiration"] * aspiration
    )
    # Bands and roles as whole-number codes, so the comparisons run in numpy rather than Python.
    codes: dict[str, int] = {}

    def coded(values) -> np.ndarray:
        return np.array([codes.setdefault(value, len(codes)) if value else -1 for value in values], dtype=np.int64)

    post_band, post_role = coded(post["band"] for post in posts), coded(post["role_type"] for post in posts)
    target_band = coded(p.get("target_band") for p in people)
    target_role = coded(p.get("target_role") for p in people)
    band_fits = (target_band[None, :] == post_band[:, None]) & (target_band[None, :] >= 0)
    role_fits = (target_role[None, :] == post_role[:, None]) & (target_role[None, :] >= 0)
    target = np.where(band_fits & role_fits, 1.0, np.where(band_fits | role_fits, 0.5, 0.0))
    bits: dict[str, int] = {}
    has = np.array([_tag_mask(p.get("experience"), bits) for p in people], dtype=np.int64)
    wanted = np.array([_tag_mask(post.get("experience"), bits) for post in posts], dtype=np.int64)
    wanted_count = _popcount(wanted)
    shared = _popcount(wanted[:, None] & has[None, :])
    experience = np.where(wanted_count[:, None] == 0, 1.0, shared / np.maximum(wanted_count[:, None], 1))
    hq = np.array([[np.nan, np.nan] if None in (p.get("hq") or [None, None]) else p["hq"] for p in people], dtype=float)
    post_hq = np.array([[np.nan, np.nan] if None in post["hq"] else post["hq"] for post in posts], dtype=float)
    km = np.round(np.hypot(post_hq[:, None, 0] - hq[None, :, 0], post_hq[:, None, 1] - hq[None, :, 1]) / 1000, 1)
    distance = np.where(np.isnan(km), 0.0, np.maximum(0.0, 1 - km / DISTANCE_SCALE_KM))
    scores = (
        per_person[None, :]
        + weights["target"] * target
        + weights["experience"] * experience
        + weights["distance"] * distance
    ) * (100 / total)
    limit = column("max_travel_km")
    too_far = ~np.isnan(limit)[None, :] & ~np.isnan(km) & (km > limit[None, :])
    # Whether each person would work in each post's region (the same row for posts in one region).
    by_region = {
        region: np.array([not p.get("regions") or str(region) in p["regions"] for p in people], dtype=bool)
        for region in {post["region_id"] for post in posts}
    }
    region_ok = np.array([by_region[post["region_id"]] for post in posts], dtype=bool).reshape(-1, n)
    minimum = np.array(
        [np.nan if post.get("min_behaviours_rating") is None else post["min_behaviours_rating"] for post in posts]
    )
    below = ~np.isnan(minimum)[:, None] & (np.isnan(rating)[None, :] | (rating[None, :] < minimum[:, None]))
    placed = np.array([bool(p.get("placed_elsewhere")) for p in people])
    conflicted = np.zeros((len(posts), n), dtype=bool)
    post_organisations = np.array([str(post.get("organisation_id")) for post in posts], dtype=object)
    for column, person in enumerate(people):
        if person.get("conflicts"):  # few people declare any, so only they are looked at
            conflicted[:, column] = np.isin(post_organisations, list(person["conflicts"]))
    allowed = eligible & ~too_far & region_ok & ~below & ~placed[None, :] & ~conflicted
    return np.round(scores, 2), allowed
