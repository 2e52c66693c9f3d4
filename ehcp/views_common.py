"""Helpers shared by the assessment journey's page views (each area's views module uses them)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404

from partnerships import services as partnership_services
from partnerships.policy import AccessDenied

from . import policy
from .models import AssessmentRequest


def add_service_errors(form, exc: ValidationError, renames: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError on the form: each message on its field when the form has it
    (after ``renames``, or the form's own ``service_field`` mapping), otherwise at the top."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    mapping = getattr(form, "service_field", None)
    for key, errors in exc.message_dict.items():
        if mapping is not None:
            target = mapping(key)
        else:
            field = (renames or {}).get(key, key)
            target = field if field in form.fields else None
        for error in errors:
            form.add_error(target, error)


def access_case(request, pk: int) -> AssessmentRequest:
    """The case, if this person may see it: 404 when not theirs, 403 for DfE users."""
    try:
        return policy.access_request(request.user, pk)
    except AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc


def log_case_read(request, case: AssessmentRequest) -> None:
    """Opening a case page is a read of the child's record, logged like any other."""
    if case.child_id:
        partnership_services.child_record_viewed(
            actor=request.user, child=case.child, channel="page", path=request.path
        )


def file_download(stored) -> FileResponse:
    """A stored upload (case document, plan attachment) as a download, with the type sniffed when it was
    uploaded; never cached by shared caches, never re-sniffed by the browser."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
