"""Helpers shared by the assessment journey's page views (each area's views module uses them)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.views.decorators.http import require_http_methods

from partnerships import services as partnership_services
from partnerships.policy import AccessDenied

from . import policy
from .models import AssessmentRequest, Plan


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


def step_page(view):
    """Signed in, GET or POST; a refusal by the access policy (in the view or a service) is a 403."""

    @login_required
    @require_http_methods(["GET", "POST"])
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc

    return wrapped


def open_plan(request, plan_id: int, *, allowed=None, denied: str = "", channel: str = "page") -> Plan:
    """The plan through the access policy: 404 when it is not theirs to see, 403 for DfE users and, when
    ``allowed(user, plan)`` says no, for this step. The read of the child's record is logged."""
    try:
        plan = policy.access_plan(request.user, plan_id)
    except AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    if allowed is not None and not allowed(request.user, plan):
        raise PermissionDenied(denied or "You cannot do this on this plan")
    partnership_services.child_record_viewed(
        actor=request.user, child=plan.child, channel=channel, path=request.path
    )
    return plan
