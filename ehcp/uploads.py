"""Checking uploaded evidence: size, and the real type sniffed from the content (never the file name)."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

# What families, schools and advisers may upload, by the type found in the content.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG image",
    "image/png": "PNG image",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document (.docx)",
    "application/msword": "Word 97-2003 document (.doc)",
    "application/vnd.oasis.opendocument.text": "OpenDocument text (.odt)",
}
# Pictures, recordings and videos a child, family or setting may add to a plan (section A, progress).
MEDIA_TYPES = {
    **ALLOWED_TYPES,
    "image/gif": "GIF image",
    "image/webp": "WebP image",
    "audio/mpeg": "MP3 recording",
    "audio/x-wav": "WAV recording",
    "audio/mp4": "M4A recording",
    "audio/ogg": "Ogg recording",
    "video/mp4": "MP4 video",
    "video/webm": "WebM video",
    "video/quicktime": "QuickTime video",
}
EXTENSION_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".mp3": "audio/mpeg",
    ".wav": "audio/x-wav",
    ".m4a": "audio/mp4",
    ".ogg": "audio/ogg",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mov": "video/quicktime",
}


def max_upload_bytes() -> int:
    return getattr(settings, "EHCP_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)


def _sniff(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    return "application/msword" if kind.mime == "application/x-ole-storage" else kind.mime


def check_upload(upload: UploadedFile, *, field: str = "file", media: bool = False) -> str:
    """Return the content type found in the file, or raise ValidationError naming the problem.

    ``media`` also admits pictures, recordings and videos (for plans and progress updates)."""
    types = MEDIA_TYPES if media else ALLOWED_TYPES
    limit = max_upload_bytes()
    if upload.size == 0:
        raise ValidationError({field: ["The selected file is empty"]})
    if upload.size > limit:
        raise ValidationError({field: [f"The selected file must be smaller than {_size(limit)}"]})
    found = _sniff(upload)
    name = (upload.name or "").lower()
    claimed = next((mime for ext, mime in EXTENSION_TYPES.items() if name.endswith(ext)), None)
    allowed = ", ".join(sorted(set(types.values())))
    if found not in types:
        raise ValidationError({field: [f"The selected file must be a {allowed}"]})
    if claimed is not None and claimed != found:
        raise ValidationError(
            {field: [f"The selected file is not what its name says: its content is a {types[found]}"]}
        )
    return found


def _size(limit: int) -> str:
    """A limit as people read it: 20MB, 1.5MB, 500KB."""
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):.1f}".removesuffix(".0") + "MB"
    return f"{max(1, round(limit / 1024))}KB"
