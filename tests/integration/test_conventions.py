"""Conventions checked by machine: permissions on every route, typed URL parameters, and the
route list, so that adding or removing a URL is a visible decision."""

import re
from pathlib import Path

import pytest

from talent.auth.policy import PERMISSIONS, can

SNAPSHOT = Path(__file__).with_name("routes.txt")


def _view_routes(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def test_every_route_declares_a_permission_or_is_public(app):
    undeclared = []
    for rule in _view_routes(app):
        view = app.view_functions[rule.endpoint]
        permission = getattr(view, "required_permission", None)
        if not (getattr(view, "is_public", False) or permission in PERMISSIONS):
            undeclared.append(rule.endpoint)
    assert undeclared == []


def test_every_url_parameter_has_a_converter(app):
    untyped = [rule.rule for rule in _view_routes(app) if re.search(r"<(?![a-z]+:)[^>]+>", rule.rule)]
    assert untyped == []


def test_routes_match_the_committed_snapshot(app):
    """Update tests/integration/routes.txt when a URL is added or removed on purpose."""
    current = sorted(
        f"{rule.rule} {','.join(sorted(rule.methods - {'HEAD', 'OPTIONS'}))} {rule.endpoint}"
        for rule in _view_routes(app)
    )
    assert current == SNAPSHOT.read_text().split("\n")[:-1]


def test_unknown_permissions_are_a_bug_not_a_denial():
    with pytest.raises(ValueError, match="unknown permission"):
        can(None, "appraisal.view_everything")


def test_templates_use_no_unknown_permissions():
    templates = Path(__file__).resolve().parents[2] / "templates"
    used = set()
    for template in templates.rglob("*.html"):
        used |= set(re.findall(r"""can\(["']([a-z_.]+)["']""", template.read_text()))
    assert used <= PERMISSIONS.keys()
