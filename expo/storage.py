"""Where uploads and generated reports are kept.

On the local disk under ``MEDIA_ROOT`` (Django's ``FileSystemStorage``), the embedded default;
or, with ``AWS_STORAGE_BUCKET_NAME`` set, in a private bucket of an S3-compatible object store
(``PrivateS3Storage``, through django-storages and boto3), which every web machine and Celery
worker reads and writes alike: a file uploaded through one machine is served by any other.

Every reader goes through the storage (``storage.open(name)``, ``FieldFile.open``), never
through a path on the disk, so the code is the same for both. ``expo.backup`` archives either
the media folder or, when ``media_is_local()`` is false, the bucket's objects read through the
storage, and restores them the same way.

Access is still the product's: a file's ``.url`` stays ``MEDIA_URL`` + its name, the view of
``expo.media_views`` that checks who may see it, and the bucket is never addressed by a
browser. Why streamed and not redirected to a signed URL, see ``expo.media_views``.
"""

from urllib.parse import urljoin

from boto3.s3.transfer import TransferConfig
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """A private bucket whose files are reached only through the product's permission views.

    - ``url()`` is the product's ``/media/<name>``, never the bucket's address (signed or not);
    - no ACL is sent with the objects: they take the bucket's own, which must stay private
      (no public policy, "block public access" on);
    - a name already taken gets a new one instead of replacing the file (as on the disk);
    - transfers run in the calling thread (a file is a logo, a picture, an attachment or a
      report: no need for parallel parts), which also keeps within the address-space limit an
      import worker sets itself (``expo.import_runs.memory_limit``);
    - a file read is spooled in memory up to ``max_memory_size`` and on the disk beyond.
    """

    default_acl = None
    file_overwrite = False

    def __init__(self, **options):
        options.setdefault("transfer_config", TransferConfig(use_threads=False))
        options.setdefault("file_overwrite", False)
        options.setdefault("default_acl", None)
        super().__init__(**options)

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))


def media_is_local() -> bool:
    """True when uploads are files under ``MEDIA_ROOT`` (the default storage is the disk's)."""
    return isinstance(storages["default"], FileSystemStorage)
