"""What an uploaded attachment may be, decided from its content, never from its name."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# MIME type -> what the applicant is told it is.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPG",
    "image/png": "PNG",
    "application/msword": "DOC",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.ms-excel": "XLS",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/rtf": "RTF",
}
# Enough bytes for every signature above (office formats are recognised inside the zip).
HEAD_BYTES = 8192


def allowed_names() -> str:
    return ", ".join(sorted(set(ALLOWED_TYPES.values())))


def max_bytes() -> int:
    return settings.GRANTS_ATTACHMENT_MAX_BYTES


def detect_type(upload) -> str:
    """The upload's MIME type from its first bytes; ValidationError if not allowed."""
    if upload.size > max_bytes():
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("This file's content is not an allowed type (%(types)s), whatever its name says.")
            % {"types": allowed_names()},
            code="type",
        )
    return kind.mime
