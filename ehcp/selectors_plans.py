"""Reads about plans: readiness to issue, versions and the difference between two of them."""

from __future__ import annotations

from dataclasses import dataclass

from partnerships.models.people import User

from . import plan_content, plan_sections, policy, quality
from .models import Plan, PlanAttachment, PlanVersion


def section_empty(content: dict, code: str) -> bool:
    """A stored section (H is H1 and H2 together) with nothing in it."""
    section = next(s for s in plan_sections.stored() if s.code == code)
    codes = section.combines or (code,)
    return all(plan_content.is_empty(content, c) for c in codes)


@dataclass(frozen=True)
class IssueReadiness:
    checklist: list[dict]
    missing_sections: list[str]

    @property
    def quality_passed(self) -> bool:
        return all(item["passed"] for item in self.checklist)


def readiness(version: PlanVersion) -> IssueReadiness:
    """What the caseworker sees before issuing: the quality checklist and any sections still empty."""
    return IssueReadiness(
        checklist=quality.checklist(version.content),
        missing_sections=[c for c in plan_sections.required_in_draft() if section_empty(version.content, c)],
    )


def versions_for(*, user: User, plan: Plan) -> list[PlanVersion]:
    """The versions this person may read, newest first (without their content, for lists)."""
    return list(
        policy.versions_visible(user, plan)
        .defer("content", "quality_issues")
        .select_related("issued_by")
        .order_by("-number")
    )


def version_for(*, user: User, plan: Plan, number: int) -> PlanVersion | None:
    return policy.versions_visible(user, plan).filter(number=number).first()


def version_diff(before: PlanVersion, after: PlanVersion) -> list[plan_content.SectionDiff]:
    return plan_content.diff(before.content, after.content)


def attachments_for(version: PlanVersion | None) -> dict[int, dict]:
    """The files section A of this version names (one query whatever the plan's size)."""
    ids = plan_content.attachment_ids(version.content) if version is not None else []
    if not ids:
        return {}
    rows = PlanAttachment.objects.filter(plan_id=version.plan_id, pk__in=ids).values(
        "id", "title", "description", "content_type"
    )
    return {row["id"]: row for row in rows}


def attachment_for(*, user: User, plan: Plan, attachment_id: int) -> PlanAttachment | None:
    """A file of section A, for someone who may read a version naming it (LA staff: any of the plan's)."""
    attachment = PlanAttachment.objects.filter(plan=plan, pk=attachment_id).first()
    if attachment is None:
        return None
    if policy.can_see_working_version(user, plan):
        return attachment
    named = policy.versions_visible(user, plan).filter(
        content__A__entries__contains=[{"attachment_ids": [attachment_id]}]
    )
    return attachment if named.exists() else None


def family_plans(*, user: User) -> list[Plan]:
    """The plans of a family's children that have a version issued to them, for the portal home."""
    return list(
        policy.plans_visible_to(user)
        .filter(versions__status=PlanVersion.Status.ISSUED)
        .exclude(status=Plan.Status.TRANSFERRED)
        .select_related("child", "named_setting")
        .distinct()
        .order_by("child__first_name", "pk")
    )
