"""The registry of demo and scale data (expo.seeding): each app registers its generator, the
seed commands and expo.scale run them without importing an app, and the data the demo and
scale editions share is defined once."""

import ast
import math
from pathlib import Path

from exhibitors.demo import FREE_BOOTHS_PER_PAVILION, OFFLINE_EXHIBITORS, PAVILIONS, booth_layout
from expo import reference
from expo.enums import MemberUnitKind
from expo.seeding import Plan, apportion, seeders

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_APPS = {"exhibitors", "events", "delegations", "projects", "matchmaking"}


def test_every_app_registers_its_part_in_the_order_the_demo_needs():
    names = [s.name for s in seeders()]

    assert names == ["committee", "exhibitors", "events", "delegations", "projects", "matchmaking"]
    assert [s.name for s in seeders() if s.scale] == names[:-1]  # matchmaking has no scale data
    assert all(s.purge and s.has_data and s.checksum for s in seeders() if s.scale)


def test_the_seed_commands_and_the_scale_package_import_no_domain_app():
    files = [
        "expo/seeding.py",
        "expo/scale/__init__.py",
        "expo/management/commands/seed_demo.py",
        "expo/management/commands/seed_scale.py",
    ]
    for name in files:
        tree = ast.parse((ROOT / name).read_text())
        imported = {
            (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom)) and (not isinstance(node, ast.ImportFrom) or node.module)
            for alias in node.names
        }
        assert not imported & DOMAIN_APPS, (name, imported & DOMAIN_APPS)
    assert sorted(p.name for p in (ROOT / "expo/scale").glob("*.py")) == ["__init__.py"]


def test_the_municipalities_are_the_member_units_of_that_kind():
    units = [row[0] for row in reference.MEMBER_UNITS if row[1] == MemberUnitKind.MUNICIPALITY]

    assert list(reference.MUNICIPALITIES) == units


def _overlap(a, b) -> bool:
    ax, ay, aw, ad = a
    bx, by, bw, bd = b
    return ax < bx + bw and bx < ax + aw and ay < by + bd and by < ay + ad


def test_the_booth_layout_fits_every_pavilion_at_the_demo_size_and_ten_times_it():
    for factor in (1, 10):
        plan = Plan(number=99, factor=factor)
        offline = apportion(plan.count(OFFLINE_EXHIBITORS), [spec[6] for spec in PAVILIONS])
        grow = math.sqrt(factor)
        for spec, count in zip(PAVILIONS, offline, strict=True):
            width, depth = math.ceil(spec[5][0] * grow), math.ceil(spec[5][1] * grow)
            raw = (min(plan.count(spec[7][0]), count), spec[7][1], spec[7][2])
            rows = booth_layout(1, width, depth, raw, count + plan.count(FREE_BOOTHS_PER_PAVILION) - raw[0])
            boxes = [(int(x), int(y), int(w), int(d)) for _p, _c, _k, _a, x, y, w, d, _price in rows]

            assert len({row[1] for row in rows}) == len(rows) == count + plan.count(FREE_BOOTHS_PER_PAVILION)
            assert all(x >= 5 and y >= 5 and x + w <= width - 5 and y + d <= depth - 5 for x, y, w, d in boxes)
            if factor == 1:  # pairwise at the demo's size: ~200 booths a pavilion
                assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
