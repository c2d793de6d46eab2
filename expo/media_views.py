"""Uploaded files, served only after a check of who may see each one.

Nothing under ``MEDIA_ROOT`` is served as it lies: ``MEDIA_URL`` routes here, so a file's
``.url`` (in templates and in the admin) leads through the rule of its kind of upload, which
the app that owns it registers at start-up (``exhibitors.media_rules``: logos and exhibits'
pictures; ``expo.committee.media_rules``: progress reports' attachments). A kind without a
rule is served to nobody.

Anyone else gets 404, so a private file's existence is not revealed. Pictures are served
inline with their detected type and ``X-Content-Type-Options: nosniff``, anything else as
an attachment.

The file is read through the default storage, the disk or a private S3 bucket
(``expo.storage``), and streamed by this view after the check, also from a bucket: no
redirect to a signed URL. Streaming keeps every promise of this view whatever the storage:
the bucket stays private and need not be reachable from browsers at all (an object store on
the machines' own network); the Content-Security-Policy keeps ``img-src 'self'``; a refused
or missing file is the same 404; the caching headers are ours (public pictures for an hour,
personal files ``no-store``), while a signed URL would be a bearer link, usable by whoever
gets it for its lifetime, and one more moving part (clocks, expiry, the store's own caching).
Its cost, the bytes passing through a web worker, is small here: logos, pictures and
attachments are limited to a few megabytes, read in one request from a store on the same
network, spooled in memory up to ``AWS_S3_MAX_MEMORY_SIZE`` and on the disk beyond.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from expo import uploads

PUBLIC_MAX_AGE = 3600


@dataclass(frozen=True)
class Grant:
    public: bool = False
    filename: str | None = None  # given: downloaded under this name
    content_type: str | None = None


# folder of an upload kind -> rule(user, name) giving a Grant, or None for "not for this user".
# The apps that own the uploads register their rules at start-up.
RULES: dict[str, Callable[[object, str], Grant | None]] = {}


def register_media_rule(kind: uploads.UploadKind, rule: Callable[[object, str], Grant | None]) -> None:
    RULES[kind.folder] = rule


@require_safe
def media_file(request, name: str):
    kind = uploads.kind_of(name)
    rule = RULES.get(kind.folder) if kind is not None else None
    grant = rule(request.user, name) if rule is not None else None
    if grant is None:
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError):
        raise Http404 from None
    response = file_response(handle, name=name, filename=grant.filename, content_type=grant.content_type)
    if grant.public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)  # personal files stay out of caches
    return response


def file_response(handle, *, name: str, filename: str | None = None, content_type: str | None = None) -> FileResponse:
    """Pictures inline with their type, anything else downloaded; never sniffed by the browser."""
    content_type = content_type or uploads.content_type_of(name)
    inline = content_type in uploads.INLINE_TYPES and filename is None
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename or name.rsplit("/", 1)[-1], content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
