"""Uploaded and generated files: kept outside every served URL, under unguessable names, and handed out only by
views that have passed the record's own access check (security.md §3).

Every FileField and ImageField uses the default storage, which is :class:`PrivateStorage`: files live under
``settings.PRIVATE_FILES_ROOT`` (``var/private`` by default), no URL serves that directory, and ``.url`` refuses
to answer. A view that has found the record through its ``access_<noun>`` door sends the file with
:func:`private_file_response`::

    roll_import = access_roll_import(request.user, pk)
    return private_file_response(roll_import.report, filename=f"rejected-rows-{roll_import.pk}.xlsx")
"""

from __future__ import annotations

import mimetypes
import posixpath
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.text import get_valid_filename

TOKEN_BYTES = 24  # 192 bits: a name nobody guesses, and nothing in it says whose file it is


def unguessable_name(filename: str) -> str:
    """A random name keeping only the (cleaned) extension, which readers use to tell CSV from XLSX."""
    extension = posixpath.splitext(get_valid_filename(posixpath.basename(filename) or "file"))[1].lower()
    if not extension[1:].isalnum() or len(extension) > 10:
        extension = ""
    return secrets.token_urlsafe(TOKEN_BYTES) + extension


@deconstructible(path="tamkeen.core.files.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """The file system under PRIVATE_FILES_ROOT; never served, never named after what the user uploaded."""

    def __init__(self, location=None, **kwargs) -> None:
        kwargs.pop("base_url", None)
        super().__init__(location=location, **kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_FILES_ROOT)

    def generate_filename(self, filename: str) -> str:
        # The field's upload_to folder stays (it sorts files by kind); the file's own name is replaced, so a
        # name never reveals a person nor the next file's name.
        directory = posixpath.dirname(filename.replace("\\", "/"))
        return (
            posixpath.join(directory, unguessable_name(filename)) if directory else unguessable_name(filename)
        )

    def url(self, name):
        raise ValueError("Private files have no URL; a view serves them after its access check.")


def _private_root_changed(*, setting, **kwargs) -> None:
    """Tests point PRIVATE_FILES_ROOT at a temporary folder; the default storage follows."""
    if setting != "PRIVATE_FILES_ROOT":
        return
    from django.core.files.storage import default_storage

    storage = default_storage._wrapped if hasattr(default_storage, "_wrapped") else None
    if isinstance(storage, PrivateStorage):
        storage.__dict__.pop("base_location", None)
        storage.__dict__.pop("location", None)


setting_changed.connect(_private_root_changed)


def private_file_response(
    file: FieldFile, *, filename: str, as_attachment: bool = True, content_type: str | None = None
) -> FileResponse:
    """Send a private file to a user the calling view has already checked.

    The download carries ``filename`` (give the original name the model kept, or a descriptive one), is never
    stored by a browser or a proxy (``Cache-Control: no-store``), and is never sniffed into something
    executable. A missing file answers 404 like a missing record.
    """
    if not file:
        raise Http404
    try:
        handle = file.storage.open(file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # A file opened in the browser (an image, a PDF) runs nothing of its own and frames nothing.
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    )
    return response
