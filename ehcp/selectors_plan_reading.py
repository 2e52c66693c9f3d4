"""Reads for the pages that show a plan: which version a person reads, the versions they may compare, and
the difference between two of them.

The plan in force is the last final or amended version issued (``Plan.current_version``). Before the final
plan is made, the last version issued (the served draft) is shown instead. Only the local authority sees
the version being written, through a link of its own (``policy.can_see_working_version``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from partnerships.models.people import User

from . import plan_content, policy, selectors_plans
from .models import Plan, PlanVersion


def shown_version(*, user: User, plan: Plan) -> PlanVersion | None:
    """The plan in force, or before the final plan the last version issued; ``None`` if none is issued."""
    issued = (
        policy.versions_visible(user, plan)
        .filter(status=PlanVersion.Status.ISSUED)
        .select_related("issued_by")
    )
    if plan.current_version_id:
        return issued.filter(pk=plan.current_version_id).first()
    return issued.order_by("-number").first()


def in_force(plan: Plan, version: PlanVersion | None) -> bool:
    """Whether this is the plan in force: the current version of a plan still maintained."""
    return version is not None and version.pk == plan.current_version_id and plan.status == Plan.Status.FINAL


def working_version_for(*, user: User, plan: Plan) -> PlanVersion | None:
    """The version being written, for the local authority only (without its content: for a link)."""
    if not policy.can_see_working_version(user, plan):
        return None
    return (
        plan.versions.filter(status=PlanVersion.Status.WORKING)
        .defer("content", "quality_issues", "section_revisions")
        .first()
    )


@dataclass(frozen=True)
class Comparison:
    before: PlanVersion
    after: PlanVersion
    sections: list[plan_content.SectionDiff]

    @property
    def changed_sections(self) -> int:
        return sum(1 for s in self.sections if s.changed)


def comparison(*, user: User, plan: Plan, before: int, after: int) -> Comparison:
    """The difference, section by section, between two versions this person may read.

    Raises ``ValidationError`` keyed ``from`` / ``to`` for a version they cannot read or the same version twice.
    """
    versions = {
        v.number: v
        for v in policy.versions_visible(user, plan)
        .filter(number__in=[before, after])
        .select_related("issued_by")
    }
    errors: dict[str, list[str]] = {}
    if before not in versions:
        errors["from"] = ["Choose a version of this plan to compare from"]
    if after not in versions:
        errors["to"] = ["Choose a version of this plan to compare with"]
    if not errors and before == after:
        errors["to"] = ["Choose a different version from the one you are comparing from"]
    if errors:
        raise ValidationError(errors)
    old, new = versions[before], versions[after]
    return Comparison(before=old, after=new, sections=selectors_plans.version_diff(old, new))


def default_pair(versions: list[PlanVersion]) -> tuple[int, int] | None:
    """The two newest versions (oldest first), to compare when nothing has been chosen yet."""
    if len(versions) < 2:
        return None
    newest = sorted(v.number for v in versions)[-2:]
    return newest[0], newest[1]
