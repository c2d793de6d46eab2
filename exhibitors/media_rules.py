"""Who may see an exhibitor's uploads (registered with ``expo.media_views`` at start-up):

- an exhibitor's logo: everyone once the exhibitor shows a published exhibit in the online
  exhibition, else only its own exhibitor users and organizers;
- an exhibit's picture: everyone while the exhibit is published, else the same people.
"""

from exhibitors.models import Exhibit, Exhibitor
from expo import uploads
from expo.media_views import Grant, register_media_rule
from expo.roles import is_organizer


def _own_exhibitor_id(user) -> int | None:
    if not user.is_authenticated or not user.is_active:
        return None
    member = getattr(user, "exhibitor_member", None)
    return member.exhibitor_id if member is not None else None


def exhibitor_logo(user, name: str) -> Grant | None:
    exhibitor = Exhibitor.objects.filter(logo=name).only("pk").first()
    if exhibitor is None:
        return None
    if Exhibit.objects.filter(exhibitor=exhibitor, is_published=True).exists():
        return Grant(public=True)
    return Grant() if is_organizer(user) or _own_exhibitor_id(user) == exhibitor.pk else None


def exhibit_image(user, name: str) -> Grant | None:
    exhibit = Exhibit.objects.filter(image=name).only("pk", "exhibitor_id", "is_published").first()
    if exhibit is None:
        return None
    if exhibit.is_published:
        return Grant(public=True)
    return Grant() if is_organizer(user) or _own_exhibitor_id(user) == exhibit.exhibitor_id else None


def register() -> None:
    register_media_rule(uploads.LOGO, exhibitor_logo)
    register_media_rule(uploads.EXHIBIT_IMAGE, exhibit_image)
