"""Keeps the online exhibition current: an exhibitor's or exhibit's search vector is
recomputed when it is saved (by a service, the portal's forms or the admin), and any change
to what the public pages show bumps a version kept in the cache, which is part of the key of
every cached page (``exhibitors.views.online``). Bulk inserts (imports, seeding) send no
signals: they call ``exhibitors.search.search_index_rebuild`` and ``online_changed``."""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save

from exhibitors import search
from exhibitors.enums import ONLINE_MODES, ApplicationStatus
from exhibitors.models import BoothApplication, Exhibit, Exhibitor, LiveBroadcast, Participation, Pavilion
from expo.models import Edition

ONLINE_VERSION_KEY = "exhibitors:online-version"


# A process trusts the version it read for this long: an anonymous page served from its own
# memory (``exhibitors.page_cache``) then needs no round trip to the cache. A change made by
# another process shows within this time; one made by this process at once.
VERSION_MAX_AGE = 1.0


class _Known:
    version: int | None = None
    read_at = 0.0


def online_version() -> int:
    now = time.monotonic()
    if _Known.version is not None and now - _Known.read_at < VERSION_MAX_AGE:
        return _Known.version
    version = cache.get(ONLINE_VERSION_KEY)
    if version is None:
        version = time.time_ns()
        if not cache.add(ONLINE_VERSION_KEY, version, timeout=None):
            version = cache.get(ONLINE_VERSION_KEY, version)
    _Known.version, _Known.read_at = version, now
    return version


def online_changed() -> None:
    version = time.time_ns()
    cache.set(ONLINE_VERSION_KEY, version, timeout=None)
    _Known.version, _Known.read_at = version, time.monotonic()


def online_version_forget() -> None:
    """Read the version from the cache on the next call (tests clear the cache)."""
    _Known.version = None


def _changed(sender, **kwargs):
    # After the commit, so that a page rendered meanwhile from the old rows is not kept.
    transaction.on_commit(online_changed)
    online_changed()


def _exhibitor_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and (update_fields is None or {"name", "name_en", "description"} & set(update_fields)):
        search.exhibitor_index(instance)


def _exhibit_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and (update_fields is None or {"name", "name_en", "description", "description_en"} & set(update_fields)):
        search.exhibit_index(instance)


post_save.connect(_exhibitor_saved, sender=Exhibitor, dispatch_uid="exhibitors.search.exhibitor")
post_save.connect(_exhibit_saved, sender=Exhibit, dispatch_uid="exhibitors.search.exhibit")
# Booth applications and participations change all day long (every hold makes a held application
# and an offline participation), but the public pages show only confirmed booths and online
# participations: a change that was not and is not shown leaves the version alone, or each hold
# of the morning rush would empty the cache of every online page and recount its facets.
SHOWN_ONLINE = {
    BoothApplication: ("status", lambda status: status == ApplicationStatus.CONFIRMED),
    Participation: ("mode", lambda mode: mode in ONLINE_MODES),
}


def _shown_online(sender, instance) -> bool:
    """Whether the public pages show this row; a deferred field (not loaded) counts as shown."""
    field, shown = SHOWN_ONLINE[sender]
    return field not in instance.__dict__ or shown(instance.__dict__[field])


def _remember_shown(sender, instance, **kwargs):
    instance._expo_shown_online = _shown_online(sender, instance)


def _changed_if_shown(sender, instance, **kwargs):
    was = getattr(instance, "_expo_shown_online", True)
    instance._expo_shown_online = shown = _shown_online(sender, instance)
    if was or shown:
        _changed(sender, instance=instance, **kwargs)


for _model in (Exhibit, Exhibitor, Pavilion, LiveBroadcast, Edition):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"exhibitors.online.saved.{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"exhibitors.online.deleted.{_model.__name__}")
for _model in SHOWN_ONLINE:
    post_init.connect(_remember_shown, sender=_model, dispatch_uid=f"exhibitors.online.init.{_model.__name__}")
    post_save.connect(_changed_if_shown, sender=_model, dispatch_uid=f"exhibitors.online.saved.{_model.__name__}")
    post_delete.connect(_changed_if_shown, sender=_model, dispatch_uid=f"exhibitors.online.deleted.{_model.__name__}")
