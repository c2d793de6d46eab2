"""The workspaces of the base layout's navigation that the apps add at start-up.

The core knows the organizers' offices and the member units; an app that has users of its
own (exhibitors, merchants) registers a provider in its ``AppConfig.ready``. A provider takes
the user and the places found so far and returns its places as ``(label, url)`` pairs.
"""

from collections.abc import Callable, Sequence

Place = tuple[str, str]
Provider = Callable[[object, Sequence[Place]], list[Place]]

PROVIDERS: list[Provider] = []


def register_workspace(provider: Provider) -> None:
    PROVIDERS.append(provider)


def workspaces_of(user, found: Sequence[Place]) -> list[Place]:
    """The places the registered providers give ``user``, in the order they registered."""
    places = list(found)
    for provider in PROVIDERS:
        places += provider(user, places)
    return places[len(found) :]
