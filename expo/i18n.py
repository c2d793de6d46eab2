"""Reading the Chinese or English form of a record's name in the reader's language."""

from django.utils.translation import get_language


def prefers_chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


def localized(obj, field: str) -> str:
    """Return ``obj.<field>_zh`` for Chinese readers and ``obj.<field>_en`` otherwise,
    falling back to the other language when one is empty."""
    zh = getattr(obj, f"{field}_zh", "") or ""
    en = getattr(obj, f"{field}_en", "") or ""
    return (zh or en) if prefers_chinese() else (en or zh)


class BilingualName:
    """For models with ``name_zh`` and ``name_en``: ``name`` and ``str()`` in the reader's language."""

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self):
        return self.name
