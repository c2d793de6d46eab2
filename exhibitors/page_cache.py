"""The anonymous pages of the online exhibition, kept in this process's memory.

A page that every anonymous visitor of a language gets alike is kept in the shared cache
(Redis) by ``exhibitors.views.online``; a web process also keeps the pages it served last
here, so that the next request for one costs no round trip at all: with the version of the
online exhibition (``exhibitors.signals.online_version``, trusted for ``VERSION_MAX_AGE``
seconds) in the key, a hit is a dictionary lookup. Under load the round trips were what an
anonymous page cost beyond the floor: each wait for Redis let another process take the core.

Bounded by size (least recently used out first), so made-up addresses cannot grow it."""

from expo.local_pages import LocalPages

pages = LocalPages()
