"""The public programme is rendered once per language and version and kept in the cache
(events/views/programme.py). Its key holds the edition's event count and latest event
change, read from the database; a change to what the programme shows around the events
(speakers, rooms, venues, organizers, roles) bumps a version kept in the cache."""

import time

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from events.models import Event, EventRole, Person, Room, Venue
from expo.models import MemberUnit

PROGRAMME_VERSION_KEY = "events:programme-version"


def programme_version() -> int:
    version = cache.get(PROGRAMME_VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(PROGRAMME_VERSION_KEY, version, timeout=None)
    return version


def programme_changed() -> None:
    cache.set(PROGRAMME_VERSION_KEY, time.time_ns(), timeout=None)


def _programme_changed(sender, **kwargs):
    programme_changed()


for _model in (Event, EventRole, Person, Room, Venue, MemberUnit):
    post_save.connect(_programme_changed, sender=_model, dispatch_uid=f"events.programme.saved.{_model.__name__}")
    post_delete.connect(_programme_changed, sender=_model, dispatch_uid=f"events.programme.deleted.{_model.__name__}")
