"""Portal-only writes on a draft request that ``services.request_update_draft`` does not take yet: who is
asking, and which child the request is for. Both are answered on the family's question pages after the
draft exists (the check answers page links back to them). Atomic, keyword-only, policy-checked and
audited like ``ehcp.services``; the lead may fold them into ``request_update_draft``.
"""

from datetime import date

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction

from partnerships.models import Child, User
from partnerships.policy import AccessDenied

from . import policy, services
from .models import AssessmentRequest

FAMILY_REQUESTERS = (AssessmentRequest.Requester.PARENT, AssessmentRequest.Requester.YOUNG_PERSON)


def _check_can_edit(actor: User, request: AssessmentRequest) -> None:
    if not policy.can_edit_draft(actor, request):
        raise AccessDenied("Only the person who started this request can change it before it is sent")


@transaction.atomic
def request_set_requester(*, actor: User, request: AssessmentRequest, requester: str) -> AssessmentRequest:
    """Change who is asking (the parent or carer, or the young person) on a draft."""
    _check_can_edit(actor, request)
    if requester not in FAMILY_REQUESTERS:
        raise ValidationError(
            {"requester": ["Choose whether you are the parent or carer, or the young person"]}
        )
    request.requester = requester
    with pghistory.context(user=actor.pk, action="assessment_request_update"):
        request.save(update_fields=["requester", "updated_at"])
    return request


@transaction.atomic
def request_set_child(
    *,
    actor: User,
    request: AssessmentRequest,
    child: Child | None,
    child_first_name: str = "",
    child_last_name: str = "",
    child_date_of_birth: date | None = None,
) -> AssessmentRequest:
    """Say who the request is for: a child linked to the person, or someone else (named here; their
    record is made when the request is sent)."""
    _check_can_edit(actor, request)
    if child is not None:
        linked = policy.children_visible_to(actor).filter(pk=child.pk, partnership_id=request.partnership_id)
        if not linked.exists():
            raise AccessDenied("You are not linked to this child")
        child_first_name, child_last_name, child_date_of_birth = "", "", None
    request.child = child
    with pghistory.context(user=actor.pk, action="assessment_request_update"):
        request.save(update_fields=["child", "updated_at"])
    return services.request_update_draft(
        actor=actor,
        request=request,
        child_first_name=child_first_name.strip(),
        child_last_name=child_last_name.strip(),
        child_date_of_birth=child_date_of_birth,
    )


@transaction.atomic
def request_update_answers(*, actor: User, request: AssessmentRequest, **answers) -> AssessmentRequest:
    """Save any of a draft's answers at once (the API's PATCH): who is asking, the child, and the rest
    through ``services.request_update_draft``. All or nothing."""
    _check_can_edit(actor, request)
    setting = answers.get("setting")
    if setting is not None and setting.partnership_id != request.partnership_id:
        raise ValidationError({"setting": ["Choose a school or college in this partnership"]})
    if "requester" in answers:
        request_set_requester(actor=actor, request=request, requester=answers.pop("requester"))
    if "child" in answers:
        request_set_child(
            actor=actor,
            request=request,
            child=answers.pop("child"),
            child_first_name=answers.pop("child_first_name", request.child_first_name),
            child_last_name=answers.pop("child_last_name", request.child_last_name),
            child_date_of_birth=answers.pop("child_date_of_birth", request.child_date_of_birth),
        )
    if answers:
        services.request_update_draft(actor=actor, request=request, **answers)
    return request
