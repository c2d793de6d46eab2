"""The layers of the code (pyproject.toml, checked by import-linter in `make lint`) cover
every module of `expo/`, and the core learns what it needs of the apps at start-up."""

import pkgutil
import tomllib
from pathlib import Path

import pytest
from django.utils import translation

import expo
from exhibitors.enums import ExhibitionAction
from expo import audit, media_views, uploads
from expo.models import ActivityLog
from expo.navigation import PROVIDERS

ROOT = Path(__file__).resolve().parents[2]


def _layers() -> list[set[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers"]
    return [{name.strip() for name in layer.replace("|", ":").split(":")} for layer in contract["layers"]]


def test_every_module_of_expo_is_in_a_layer():
    placed = set().union(*_layers())
    children = {f"expo.{info.name}" for info in pkgutil.iter_modules(expo.__path__)}
    assert children - placed == set(), "place these modules of expo/ in a layer of pyproject.toml"
    assert placed - children - {"exhibitors", "events", "delegations", "projects", "matchmaking"} == set()


def test_the_core_is_the_lowest_layer_and_the_apps_stand_on_it():
    layers = _layers()
    core, top = layers[-1], layers[0]
    assert {"expo.models", "expo.audit", "expo.uploads", "expo.tabular", "expo.roles", "expo.errors"} <= core
    assert {"expo.urls", "expo.reports", "expo.scale", "expo.views"} <= top
    assert "expo.committee" in layers[2]


def test_the_apps_register_what_the_core_needs_of_them():
    # Every kind of upload has its access rule; nothing is served by a default.
    assert set(media_views.RULES) == set(uploads.KINDS)
    # Protected fields of delegates are masked in the activity log.
    assert audit.json_value  # the log's value conversion is the core's
    masked = {field: audit._masker(field) for field in ("passport_number", "date_of_birth", "phone", "hotel_phone")}
    assert all(masked.values()), masked
    assert audit._masker("name_en") is None
    # Exhibitors' and merchants' workspaces in the navigation.
    assert {provider.__module__ for provider in PROVIDERS} == {"exhibitors.navigation", "matchmaking.navigation"}


def test_the_apps_actions_are_in_the_activity_log():
    labels = dict(ActivityLog._meta.get_field("action").flatchoices)
    # The core's own, and one of each app's.
    for value in ("login", "import", "booth_hold", "project_create", "protected_view", "proposal_change"):
        assert value in labels, value
    with translation.override("en"):
        assert str(ActivityLog(action="booth_hold").get_action_display()) == "booth held"


def test_an_action_is_registered_once():
    with pytest.raises(ValueError, match="already"):
        audit.register_actions(ExhibitionAction)
