"""Writes on a plan's content: the working version, its sections, and issuing versions that never change.

A plan has at most one working version, which the LA edits section by section with optimistic locking: a
save names the revision its form was loaded at, and if someone else has saved that section since, the
save is refused with both versions so the person can merge (``EditConflict``). Issuing freezes the
working version (a database trigger refuses any later change) and, where the plan will change again,
starts a new working copy based on it (docs/adr/0012).
"""

from __future__ import annotations

import copy
from datetime import date

from django.core.exceptions import PermissionDenied as AccessDenied
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from partnerships.models import Setting
from partnerships.models.people import User
from redress import services as redress_services

from . import audit, deadlines, plan_content, plan_sections, policy, quality, selectors_plans, uploads
from .models import AdviceRequest, AssessmentRequest, Plan, PlanAttachment, PlanVersion

Stage = AssessmentRequest.Stage
Kind = PlanVersion.Kind
VStatus = PlanVersion.Status


class EditConflict(Exception):
    """Someone else saved the section after this person's form was loaded."""

    def __init__(self, *, version: PlanVersion, code: str, theirs: dict, yours: dict, saved_by: str):
        super().__init__(f"Section {code} was changed by {saved_by} while you were editing it")
        self.version = version
        self.code = code
        self.theirs = theirs
        self.yours = yours
        self.saved_by = saved_by


_context = audit.context


def _check_date(on: date, *, field: str, not_before: date | None = None) -> None:
    if on > deadlines.today():
        raise ValidationError({field: ["The date must be today or in the past"]})
    if not_before is not None and on < not_before:
        raise ValidationError({field: [f"The date must be on or after {not_before:%-d %B %Y}"]})


def _require_editor(actor: User, plan: Plan) -> None:
    if not policy.can_edit_plan(actor, plan):
        raise AccessDenied("Only the partnership's caseworkers and SEND managers can change a plan")


def working_version(plan: Plan, *, lock: bool = False) -> PlanVersion | None:
    versions = PlanVersion.objects.filter(plan=plan, status=VStatus.WORKING)
    if lock:
        versions = versions.select_for_update()
    return versions.first()


def _new_working(
    actor: User, plan: Plan, *, kind: str, based_on: PlanVersion | None, content: dict
) -> PlanVersion:
    last = plan.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return PlanVersion.objects.create(
        partnership_id=plan.partnership_id,
        plan=plan,
        number=last + 1,
        kind=kind,
        status=VStatus.WORKING,
        content=content,
        schema_version=plan_content.SCHEMA_VERSION,
        section_revisions={},
        quality_issues=[f.as_dict() for f in quality.run(content)],
        based_on=based_on,
        created_by=actor,
        updated_by=actor,
    )


def _advice_items(request: AssessmentRequest) -> list[dict]:
    """Section K starts with the advice gathered during the assessment (reg 12(1)(l))."""
    items = []
    advice = request.advice_requests.filter(status=AdviceRequest.Status.SUBMITTED).order_by(
        "submitted_at", "pk"
    )
    for a in advice:
        items.append(
            {
                "id": plan_content.new_id(),
                "title": a.get_advice_type_display(),
                "author": a.adviser_name or (a.setting.name if a.setting_id else ""),
                "dated": a.submitted_at.date().isoformat() if a.submitted_at else None,
                "document_id": a.document_id,
            }
        )
    return items


@transaction.atomic
def plan_start(*, actor: User, request: AssessmentRequest) -> Plan:
    """Start writing the draft plan once the LA has decided to issue one (idempotent)."""
    if not policy.can_manage(actor, request):
        raise AccessDenied("Only the partnership's caseworkers can write a plan")
    existing = Plan.objects.filter(request=request).first()
    if existing is not None:
        return existing
    if request.stage != Stage.ASSESSING or request.issue_decision != AssessmentRequest.IssueDecision.ISSUE:
        raise ValidationError({"plan": ["A plan can be written only after deciding to issue one"]})
    content = plan_content.empty_content()
    content["K"] = plan_content.clean_section("K", {"items": _advice_items(request)})
    with _context(actor, "plan_start"):
        plan = Plan.objects.create(
            partnership_id=request.partnership_id,
            request=request,
            child=request.child,
            caseworker=request.caseworker or actor,
            created_by=actor,
        )
        _new_working(actor, plan, kind=Kind.DRAFT, based_on=None, content=content)
    return plan


def _locked_working(plan: Plan) -> PlanVersion:
    version = working_version(plan, lock=True)
    if version is None:
        raise ValidationError(
            {"plan": ["This plan has no version being written: issued versions never change"]}
        )
    return version


@transaction.atomic
def section_save(*, actor: User, plan: Plan, code: str, data: dict, base_revision: int) -> PlanVersion:
    """Save one section of the working version (the editor's save and autosave).

    ``base_revision`` is the version's revision when the editor was loaded. If another person has saved
    this section since, nothing is saved and ``EditConflict`` carries both versions for merging.
    """
    _require_editor(actor, plan)
    version = _locked_working(plan)
    if code not in plan_content.SECTION_CODES:
        raise ValidationError({"section": [f"There is no section {code} in a plan"]})
    if code == "I" and version.kind == Kind.DRAFT:
        raise ValidationError({"I": ["A draft plan must not name a setting: section I is left blank"]})
    if version.section_revisions.get(code, 0) > base_revision:
        raise EditConflict(
            version=version,
            code=code,
            theirs=version.content.get(code, {}),
            yours=data,
            saved_by=version.updated_by.full_name if version.updated_by else "someone else",
        )
    content = plan_content.with_section(version.content, code, data)
    if content[code] == version.content.get(code):
        return version  # nothing changed: an autosave of the same form keeps the revision
    version.content = content
    version.revision += 1
    version.section_revisions = {**version.section_revisions, code: version.revision}
    version.quality_issues = [f.as_dict() for f in quality.run(content)]
    version.updated_by = actor
    with _context(actor, f"plan_section_save:{code}"):
        version.save()
    return version


@transaction.atomic
def content_replace(*, actor: User, plan: Plan, content: dict, base_revision: int) -> PlanVersion:
    """Replace the whole working content (the API's PUT, imports); refused if anything changed since."""
    _require_editor(actor, plan)
    version = _locked_working(plan)
    if version.revision > base_revision:
        changed = sorted(c for c, r in version.section_revisions.items() if r > base_revision)
        raise EditConflict(
            version=version,
            code=",".join(changed),
            theirs={c: version.content.get(c) for c in changed},
            yours={c: content.get(c) for c in changed},
            saved_by=version.updated_by.full_name if version.updated_by else "someone else",
        )
    cleaned = plan_content.clean_content(content)
    if version.kind == Kind.DRAFT and not plan_content.is_empty(cleaned, "I"):
        raise ValidationError({"I": ["A draft plan must not name a setting: section I is left blank"]})
    version.revision += 1
    for code in plan_content.SECTION_CODES:
        if cleaned[code] != version.content.get(code):
            version.section_revisions = {**version.section_revisions, code: version.revision}
    version.content = cleaned
    version.quality_issues = [f.as_dict() for f in quality.run(cleaned)]
    version.updated_by = actor
    with _context(actor, "plan_content_replace"):
        version.save()
    return version


def _freeze(actor: User, version: PlanVersion, *, kind: str, on: date) -> PlanVersion:
    version.kind = kind
    version.status = VStatus.ISSUED
    version.issued_on = on
    version.issued_by = actor
    version.quality_issues = [f.as_dict() for f in quality.run(version.content)]
    version.save()
    return version


@transaction.atomic
def draft_plan_issue(*, actor: User, plan: Plan, served_on: date | None = None) -> PlanVersion:
    """Serve the draft plan: the family has 15 days, beginning with the day of service, to comment and
    to ask for a setting (reg 13(1)). The draft must not name a setting. The served draft is kept as
    issued; a working copy carries the changes made after the family's comments."""
    request = plan.request
    if request is None or not policy.can_manage(actor, request):
        raise AccessDenied("Only the partnership's caseworkers can issue a draft plan")
    served_on = served_on or deadlines.today()
    if request.stage != Stage.ASSESSING or plan.status != Plan.Status.DRAFT:
        raise ValidationError({"plan": ["The draft plan has already been issued"]})
    version = _locked_working(plan)
    missing = [
        code
        for code in plan_sections.required_in_draft()
        if selectors_plans.section_empty(version.content, code)
    ]
    if missing:
        raise ValidationError({code: [f"Write section {code} before issuing the draft"] for code in missing})
    if not plan_content.is_empty(version.content, "I"):
        raise ValidationError({"I": ["A draft plan must not name a setting: section I is left blank"]})
    _check_date(served_on, field="served_on", not_before=request.issue_decided_on)
    with _context(actor, "draft_plan_issue"):
        _freeze(actor, version, kind=Kind.DRAFT, on=served_on)
        _new_working(actor, plan, kind=Kind.FINAL, based_on=version, content=copy.deepcopy(version.content))
        plan.draft_issued_on = served_on
        plan.save(update_fields=["draft_issued_on", "updated_at"])
        request.stage = Stage.DRAFT_PLAN
        request.save(update_fields=["stage", "updated_at"])
        deadlines.create("draft_plan_issued", served_on, request=request)
        deadlines.refresh_next_due(request)
    return version


def _section_i(named_setting: Setting | None, setting_type: str) -> dict:
    return plan_content.clean_section(
        "I",
        {
            "setting_type": setting_type,
            "setting_name": named_setting.name if named_setting else "",
            "setting_urn": str(named_setting.urn or "") if named_setting else "",
        },
    )


@transaction.atomic
def final_plan_issue(
    *,
    actor: User,
    plan: Plan,
    named_setting: Setting | None,
    setting_type: str,
    issued_on: date | None = None,
) -> PlanVersion:
    """Issue the final plan, naming the setting (or type) in section I (reg 13(2): within 20 weeks of
    the request). The first annual review is due within 12 months (CFA s.44)."""
    request = plan.request
    if request is None or not policy.can_manage(actor, request):
        raise AccessDenied("Only the partnership's caseworkers can issue the final plan")
    issued_on = issued_on or deadlines.today()
    errors = {}
    if plan.status != Plan.Status.DRAFT or request.stage != Stage.DRAFT_PLAN:
        errors["named_setting"] = ["The final plan can be issued only after the draft has been served"]
    if not setting_type.strip():
        errors["setting_type"] = ["Enter the type of school, college or other institution for section I"]
    if errors:
        raise ValidationError(errors)
    _check_date(issued_on, field="issued_on", not_before=plan.draft_issued_on)
    version = _locked_working(plan)
    content = {**version.content, "I": _section_i(named_setting, setting_type)}
    with _context(actor, "final_plan_issue"):
        version.content = content
        _freeze(actor, version, kind=Kind.FINAL, on=issued_on)
        plan.status = Plan.Status.FINAL
        plan.current_version = version
        plan.named_setting = named_setting
        plan.final_issued_on = issued_on
        plan.save()
        deadlines.close(deadlines.open_for(request, "final_plan_due"), issued_on)
        # Consultations and comments still open when the plan is made no longer need an answer.
        deadlines.not_needed(request.deadlines.filter(code__in=["comments_due", "consultation_response_due"]))
        request.stage = Stage.FINAL
        request.final_issued_on = issued_on
        request.closed_on = issued_on
        request.save()
        deadlines.refresh_next_due(request)
        schedule_next_review(plan=plan, from_date=issued_on)
        _appealable_contents(actor, plan, issued_on)
    return version


def _appealable_contents(actor: User, plan: Plan, on: date) -> None:
    """The plan's sections B, F and I (or no institution named) can be appealed (CFA s.51(2)(c)): recorded
    for redress in the same transaction (docs/adr/0015)."""
    kind = "plan_contents" if plan.named_setting_id else "no_setting_named"
    redress_services.record_appealable_decision(
        actor=actor,
        child=plan.child,
        kind=kind,
        decided_on=on,
        plan=plan,
        request=plan.request,
        sections="B,F,I",
    )


def schedule_next_review(*, plan: Plan, from_date: date, event: str = "plan_issued") -> None:
    """Store the next annual review deadline: 12 months from the plan being made or last reviewed.

    Reviews that are still open are replaced; the plan keeps the date for its work queue.
    """
    deadlines.not_needed(plan.deadlines.filter(code="annual_review_due"))
    created = deadlines.create(event, from_date, plan=plan, codes=["annual_review_due"])
    plan.next_review_due_on = created[0].due_on if created else None
    plan.save(update_fields=["next_review_due_on", "updated_at"])
    deadlines.refresh_next_due(plan)


@transaction.atomic
def amendment_start(*, actor: User, plan: Plan) -> PlanVersion:
    """Start amending the plan in force: a working copy of it (idempotent)."""
    _require_editor(actor, plan)
    existing = working_version(plan, lock=True)
    if existing is not None:
        return existing
    if plan.status != Plan.Status.FINAL or plan.current_version is None:
        raise ValidationError({"plan": ["Only a plan in force can be amended"]})
    with _context(actor, "amendment_start"):
        return _new_working(
            actor,
            plan,
            kind=Kind.PROPOSED,
            based_on=plan.current_version,
            content=copy.deepcopy(plan.current_version.content),
        )


@transaction.atomic
def proposed_amendments_issue(*, actor: User, plan: Plan, sent_on: date) -> PlanVersion:
    """Freeze the proposed amendments as sent with the amendment notice (reg 22(2)); a working copy
    carries any changes made after the family's representations."""
    _require_editor(actor, plan)
    version = _locked_working(plan)
    if version.kind != Kind.PROPOSED:
        raise ValidationError({"plan": ["There are no proposed amendments being written"]})
    if version.content == plan.current_version.content:
        raise ValidationError({"plan": ["The proposed amendments do not change the plan"]})
    with _context(actor, "proposed_amendments_issue"):
        _freeze(actor, version, kind=Kind.PROPOSED, on=sent_on)
        _new_working(actor, plan, kind=Kind.AMENDED, based_on=version, content=copy.deepcopy(version.content))
    return version


@transaction.atomic
def amended_plan_issue(
    *, actor: User, plan: Plan, issued_on: date, named_setting: Setting | None = None, setting_type: str = ""
) -> PlanVersion:
    """Issue the final amended plan: it becomes the plan in force; the earlier versions are kept."""
    _require_editor(actor, plan)
    version = _locked_working(plan)
    if version.kind != Kind.AMENDED:
        raise ValidationError(
            {"plan": ["Send the proposed amendments to the family before issuing the amended plan"]}
        )
    if setting_type.strip():
        version.content = {**version.content, "I": _section_i(named_setting, setting_type)}
    with _context(actor, "amended_plan_issue"):
        _freeze(actor, version, kind=Kind.AMENDED, on=issued_on)
        plan.current_version = version
        if setting_type.strip():
            plan.named_setting = named_setting
        plan.save()
        # An amended plan's contents can be appealed again (CFA s.51(3)).
        _appealable_contents(actor, plan, issued_on)
    return version


@transaction.atomic
def attachment_add(
    *, actor: User, plan: Plan, upload: UploadedFile, title: str, description: str = "", field: str = "file"
) -> PlanAttachment:
    """Attach a picture, recording, video or document (the type sniffed from its content)."""
    can_attach = (
        policy.can_edit_plan(actor, plan)
        or policy.is_plan_family(actor, plan)
        or policy.is_plan_setting(actor, plan)
    )
    if not can_attach:
        raise AccessDenied("Only the family, the setting and the local authority can add to this plan")
    errors = {}
    if not title.strip():
        errors["title"] = ["Enter a title for the file"]
    content_type = None
    try:
        content_type = uploads.check_upload(upload, field=field, media=True)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    attachment = PlanAttachment(
        partnership_id=plan.partnership_id,
        plan=plan,
        title=title.strip(),
        description=description.strip(),
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.file.save(upload.name, upload, save=False)
    with _context(actor, "plan_attachment_add"):
        attachment.save()
    return attachment
