"""Progress between reviews: the family, the child, the setting and the LA record progress towards the
outcomes in the plan in force (section E), with a picture, recording or video if they like.

Who may post, and as whom, is the access policy's (``policy.progress_author_kinds``); the outcome must be
one in the plan in force, and its wording is kept with the update so that it still reads true after an
amendment rewords or removes the outcome.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as AccessDenied
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from partnerships.models.people import User

from . import audit, policy, services_plans, uploads
from .models import Plan, ProgressUpdate

TEXT_MAX = 5000
DESCRIPTION_MAX = 1000


def plan_outcomes(plan: Plan) -> list[dict]:
    """The outcomes of the plan in force (section E), each with its label (E1, E2...)."""
    if plan.current_version is None:
        return []
    outcomes = (plan.current_version.content or {}).get("E", {}).get("outcomes", [])
    return [{**outcome, "label": f"E{index}"} for index, outcome in enumerate(outcomes, start=1)]


@transaction.atomic
def progress_post(
    *,
    actor: User,
    plan: Plan,
    outcome_id: str,
    text: str,
    rating: str = "",
    upload: UploadedFile | None = None,
    author_kind: str | None = None,
    upload_description: str = "",
) -> ProgressUpdate:
    """Record progress towards one outcome of the plan in force.

    ``author_kind`` is who is speaking: a parent may post the child's own words (``child``); when not
    given it is the person's own kind (a young person: ``child``; a parent: ``family``; the setting:
    ``setting``; LA staff: ``la``). Raises ``AccessDenied`` for anyone who may only read, and
    ``ValidationError`` naming the fields for bad input.
    """
    kinds = policy.progress_author_kinds(actor, plan)
    if not kinds:
        if plan.status != Plan.Status.FINAL or plan.current_version_id is None:
            raise ValidationError({"plan": ["Progress can be recorded only against a plan in force"]})
        raise AccessDenied("Only the family, the setting and the local authority can record progress")
    errors: dict[str, list[str]] = {}
    outcome = next((o for o in plan_outcomes(plan) if o["id"] == outcome_id), None)
    if outcome is None:
        errors["outcome_id"] = ["Choose an outcome from section E of the plan"]
    text = (text or "").strip()
    if not text:
        errors["text"] = ["Enter the progress made"]
    elif len(text) > TEXT_MAX:
        errors["text"] = [f"The progress must be {TEXT_MAX} characters or fewer"]
    rating = rating or ""
    if rating and rating not in ProgressUpdate.Rating.values:
        errors["rating"] = ["Choose how the outcome is going"]
    kind = author_kind or kinds[0]
    if kind not in kinds:
        errors["author_kind"] = ["Choose who the update is from"]
    upload_description = (upload_description or "").strip()
    if len(upload_description) > DESCRIPTION_MAX:
        errors["upload_description"] = [f"The description must be {DESCRIPTION_MAX} characters or fewer"]
    if upload is not None:
        try:
            uploads.check_upload(upload, field="upload", media=True)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    attachment = None
    if upload is not None:
        attachment = services_plans.attachment_add(
            actor=actor,
            plan=plan,
            upload=upload,
            title=f"Progress on outcome {outcome['label']}",
            description=upload_description,
            field="upload",
        )
    update = ProgressUpdate(
        partnership_id=plan.partnership_id,
        plan=plan,
        outcome_id=outcome_id,
        outcome_text=outcome["text"],
        author_kind=kind,
        rating=rating,
        text=text,
        attachment=attachment,
        posted_by=actor,
    )
    with audit.context(actor, "progress_post"):
        update.save()
    return update
