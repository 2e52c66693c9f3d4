"""The plan editor: the working version's sections A to K, for the partnership's caseworkers and SEND managers.

``plan-edit`` is the overview (every section with what is written, its quality findings and a link to change
it). ``plan-edit-section`` is one section's GOV.UK form. It works without JavaScript: each list shows its
items and one blank item, and submit buttons save and add another, remove an item or save and return.

Saving names the version's revision at load (a hidden ``base_revision``). If someone else saved the same
section since, the service refuses with ``EditConflict`` and the page shows the merge view: who saved, their
version beside the person's own changes, and the form filled with the person's changes and the current
revision, so that saving it saves the merge. The merge view answers 409 Conflict: the browser shows the page
and its form as usual, and scripts and tests can tell a merge from a page with field errors (200). Nothing
is saved over another person's work and nothing typed is lost.

With JavaScript, ``js/plan-autosave.js`` also saves the form through the API a moment after typing stops.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from . import forms_plan_editor as editor
from . import plan_content, plan_sections, policy, services_plans, views_common
from .models import Plan, PlanVersion
from .views_common import step_page

DENIED = "Only the partnership's caseworkers and SEND managers can change a plan"
DRAFT_I = (
    "Section I is left blank in a draft plan: the draft must not name a school or other institution, or a "
    "type of institution. The family can ask for one to be named when they comment on the draft, and the "
    "setting is named when the final plan is issued."
)


def open_plan(request, plan_id: int, *, channel: str = "page") -> Plan:
    """The plan if this person may edit it: 404 when it is not theirs to see, 403 for DfE users and for anyone
    who sees it but may not write it. The read of the child's record is logged."""
    return views_common.open_plan(
        request, plan_id, allowed=policy.can_edit_plan, denied=DENIED, channel=channel
    )


def _section(code: str) -> plan_sections.Section:
    for section in plan_sections.written():
        if section.code == code:
            return section
    raise Http404("No such section")


def plan_home(plan: Plan) -> str:
    """Where the editor's "Back" goes from the overview: the plan's own page."""
    return reverse("plan-detail", kwargs={"plan_id": plan.pk})


def _findings(version: PlanVersion | None, code: str) -> list[dict]:
    if version is None:
        return []
    return [f for f in version.quality_issues if f.get("section") == code]


def _last_saved(version: PlanVersion) -> dict:
    return {
        "by": version.updated_by.full_name if version.updated_by else "",
        "at": version.updated_at,
    }


# Overview -------------------------------------------------------------------------------------------------


@step_page
def plan_edit(request, plan_id: int):
    plan = open_plan(request, plan_id)
    version = services_plans.working_version(plan)
    sections = []
    for section in plan_sections.written():
        lines = plan_content.section_lines(version.content, section.code) if version else []
        sections.append(
            {
                "section": section,
                "lines": lines[:3],
                "more": max(0, len(lines) - 3),
                "findings": _findings(version, section.code),
                "url": reverse("plan-edit-section", kwargs={"plan_id": plan.pk, "code": section.code}),
                "blocked": section.code == "I"
                and version is not None
                and version.kind == PlanVersion.Kind.DRAFT,
            }
        )
    return render(
        request,
        "ehcp/plans/editor/overview.html",
        {
            "plan": plan,
            "version": version,
            "sections": sections,
            "last_saved": _last_saved(version) if version else None,
            "back_url": plan_home(plan),
            "draft_i": DRAFT_I,
        },
    )


# One section ----------------------------------------------------------------------------------------------


def _choices(plan: Plan, version: PlanVersion) -> dict:
    return editor.link_choices(version.content, attachments=plan.attachments.all())


def _section_page(request, plan, version, section, *, state, errors, base_revision, status=200, **extra):
    code = section.code
    messages_by_key = editor.error_messages(code, errors)
    upload_errors = extra.pop("upload_errors", {})
    summary = editor.summary_items(code, messages_by_key) + [
        {"href": f"#{name}", "text": text} for name, text in upload_errors.items()
    ]
    return render(
        request,
        "ehcp/plans/editor/section.html",
        {
            "plan": plan,
            "version": version,
            "section": section,
            "form": editor.render(code, state, messages_by_key, _choices(plan, version)),
            "errors": summary,
            "upload_errors": upload_errors,
            "upload_values": extra.pop("upload_values", {}),
            "base_revision": base_revision,
            "findings": _findings(version, code),
            "cited_standards": plan_content.standards_cited_in(version.content or {}, code),
            "overview_url": reverse("plan-edit", kwargs={"plan_id": plan.pk}),
            "autosave_url": reverse("api-plan-working-section", kwargs={"plan_id": plan.pk, "code": code}),
            "blocked": extra.pop("blocked", ""),
            **extra,
        },
        status=status,
    )


def _count(saved: dict, prefix: str) -> int:
    """How many items the saved section has in the list named by a form prefix ("outcomes-0-steps")."""
    parts = prefix.split("-")
    node = saved.get(parts[0], [])
    rest = parts[1:]
    while len(rest) >= 2 and rest[0].isdecimal() and int(rest[0]) < len(node):
        node = node[int(rest[0])].get(rest[1], [])
        rest = rest[2:]
    return len(node) if isinstance(node, list) else 0


def _conflict(version: PlanVersion, code: str, exc: services_plans.EditConflict, yours: dict) -> dict:
    theirs_content = dict(version.content)
    yours_content = {**version.content, code: yours}
    theirs = plan_content.section_lines(theirs_content, code)
    mine = plan_content.section_lines(yours_content, code)
    return {
        "saved_by": exc.saved_by,
        "saved_at": exc.version.updated_at,
        # Each line, and whether the other version lacks it (shown with a "Different" tag).
        "theirs": [(line, line not in mine) for line in theirs],
        "yours": [(line, line not in theirs) for line in mine],
        "changes": next(
            (d.changes for d in plan_content.diff(theirs_content, yours_content) if d.code == code), ()
        ),
    }


def _upload(request, plan) -> tuple[dict[str, str], dict[str, str]]:
    """Section A's file upload: the problems by field name, and what was typed (kept on an error)."""
    values = {
        "upload_title": request.POST.get("upload_title", ""),
        "upload_description": request.POST.get("upload_description", ""),
    }
    upload = request.FILES.get("upload_file")
    if upload is None:
        problems = {"upload_file": "Choose a picture, recording or video to upload"}
        if not values["upload_title"].strip():
            problems["upload_title"] = "Enter a title for the file"
        return problems, values
    try:
        attachment = services_plans.attachment_add(
            actor=request.user,
            plan=plan,
            upload=upload,
            title=values["upload_title"],
            description=values["upload_description"],
            field="upload_file",
        )
    except ValidationError as exc:
        names = {"title": "upload_title", "description": "upload_description", "file": "upload_file"}
        return {names.get(k, k): " ".join(v) for k, v in exc.message_dict.items()}, values
    messages.success(request, f"“{attachment.title}” has been added. Tick it under a view to show it there.")
    return {}, {}


@step_page
def plan_edit_section(request, plan_id: int, code: str):
    plan = open_plan(request, plan_id)
    section = _section(code)
    version = services_plans.working_version(plan)
    if version is None:
        return render(
            request,
            "ehcp/plans/editor/no_working.html",
            {"plan": plan, "section": section, "back_url": plan_home(plan)},
            status=409 if request.method == "POST" else 200,
        )
    blocked = DRAFT_I if code == "I" and version.kind == PlanVersion.Kind.DRAFT else ""
    if request.method == "GET" or blocked:
        return _section_page(
            request,
            plan,
            version,
            section,
            state=editor.state_from_data(code, version.content.get(code)),
            errors={},
            base_revision=version.revision,
            blocked=blocked,
            status=409 if blocked and request.method == "POST" else 200,
        )

    action = request.POST.get("action", "save")
    removed = action.removeprefix("remove:") if action.startswith("remove:") else ""
    try:
        base_revision = int(request.POST.get("base_revision", ""))
    except ValueError:
        base_revision = 0
    state = editor.state_from_post(code, request.POST, removed=removed)
    data, errors = editor.data_from_state(code, state)
    upload_errors, upload_values = {}, {}
    if action == "upload" and section.code == "A":
        upload_errors, upload_values = _upload(request, plan)
    try:
        cleaned = plan_content.clean_section(code, data)
    except ValidationError as exc:
        errors = {**exc.message_dict, **errors}
        cleaned = None
    if cleaned is not None and not errors:
        try:
            saved = services_plans.section_save(
                actor=request.user, plan=plan, code=code, data=data, base_revision=base_revision
            )
        except services_plans.EditConflict as exc:
            current = services_plans.working_version(plan)
            return _section_page(
                request,
                plan,
                current,
                section,
                state=state,
                errors={},
                base_revision=current.revision,
                conflict=_conflict(current, code, exc, cleaned),
                upload_errors=upload_errors,
                upload_values=upload_values,
                status=409,
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            if not upload_errors:
                return _after_save(request, plan, section, saved, action, removed)
            version, base_revision = saved, saved.revision
    return _section_page(
        request,
        plan,
        version,
        section,
        state=state,
        errors=errors,
        base_revision=base_revision,
        upload_errors=upload_errors,
        upload_values=upload_values,
    )


def _after_save(request, plan, section, saved: PlanVersion, action: str, removed: str):
    here = reverse("plan-edit-section", kwargs={"plan_id": plan.pk, "code": section.code})
    if action == "return":
        messages.success(request, f"{section.label} has been saved")
        return redirect(reverse("plan-edit", kwargs={"plan_id": plan.pk}))
    if action.startswith("add:"):
        prefix = action.removeprefix("add:")
        messages.success(request, f"{section.label} has been saved. Add the next one below.")
        return redirect(f"{here}#{prefix}-{_count(saved.content.get(section.code, {}), prefix)}")
    if removed:
        messages.success(
            request, f"The item has been removed and {section.label[:1].lower()}{section.label[1:]} saved"
        )
        return redirect(here)
    if action != "upload":
        messages.success(request, f"{section.label} has been saved")
    return redirect(here)
