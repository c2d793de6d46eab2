"""Demo data of the expo app: the 12th and 13th editions, the 47 member units and the demo
accounts of shared/DESIGN.md. Run by ``manage.py seed_demo``; idempotent."""

from django.contrib.auth import get_user_model
from django.db import transaction

from expo import reference
from expo.enums import Office
from expo.models import Edition, MemberUnit
from expo.roles import sync_office_groups
from expo.services import edition_set_current

# username -> (given name, family name, staff?, superuser?, offices, member unit code)
DEMO_ACCOUNTS = {
    "organizer": ("磊", "王", True, True, [Office.SECRETARIAT], None),
    "protocol": ("娜", "李", True, False, [Office.PROTOCOL], None),
    "commerce": ("伟", "张", False, False, [], "commerce"),
    "changchun": ("洋", "刘", False, False, [], "changchun"),
    "exhibitor1": ("静", "陈", False, False, [], None),
    "exhibitor2": ("Min-jun", "Kim", False, False, [], None),
}


@transaction.atomic
def seed(*, password: str | None, log=print, light: bool = False) -> None:
    units = _seed_member_units()
    editions = _seed_editions(units)
    _seed_accounts(password=password)
    log(f"expo: {len(editions)} editions, {len(units)} member units, {len(DEMO_ACCOUNTS)} demo accounts")


def _seed_member_units() -> list[MemberUnit]:
    units = []
    for order, (code, kind, name_zh, name_en, short_zh, short_en) in enumerate(reference.MEMBER_UNITS, 1):
        unit, _ = MemberUnit.objects.update_or_create(
            code=code,
            defaults={
                "kind": kind,
                "name_zh": name_zh,
                "name_en": name_en,
                "short_name_zh": short_zh,
                "short_name_en": short_en,
                "email": f"{code}@committee.expo.example",
                "sort_order": order,
            },
        )
        units.append(unit)
    return units


def _seed_editions(units: list[MemberUnit]) -> list[Edition]:
    editions, previous = [], None
    for data in reference.EDITIONS:
        edition, _ = Edition.objects.update_or_create(number=data["number"], defaults={**data, "previous": previous})
        edition.committee_units.set(units)
        editions.append(edition)
        previous = edition
    edition_set_current(edition=Edition.objects.get(number=reference.CURRENT_EDITION))
    return editions


def _seed_accounts(*, password: str | None) -> None:
    groups = sync_office_groups()
    units = {u.code: u for u in MemberUnit.objects.all()}
    User = get_user_model()
    for username, (first, last, staff, superuser, offices, unit_code) in DEMO_ACCOUNTS.items():
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.expo.example",
                "is_staff": staff,
                "is_superuser": superuser,
                "is_active": True,
                "member_unit": units.get(unit_code),
            },
        )
        if password:
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.save()
        user.groups.set([groups[o.value] for o in offices])
