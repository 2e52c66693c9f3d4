"""Plans for the tests of the plan-reading pages and API: built directly (fast), with every section populated
(``plan_samples.complete_plan``), a served draft (version 1) and a final plan in force (version 2), and
optionally a working version being written (version 3)."""

from __future__ import annotations

import copy
from datetime import date

from ehcp import plan_content, plan_samples
from ehcp.models import Plan, PlanVersion

DRAFT_ON = date(2027, 1, 10)
FINAL_ON = date(2027, 2, 5)
REVIEW_BY = date(2028, 2, 5)


def final_content(area, *, child: str = "pupil", size: int = 1) -> dict:
    content = plan_samples.complete_plan(
        first_name=area.children[child].first_name, size=size, today=date(2027, 1, 5)
    )
    content["I"] = plan_content.clean_section(
        "I", {"setting_type": "Mainstream primary school", "setting_name": area.school.name}
    )
    return content


def make_plan(area, *, child: str = "pupil", size: int = 1, working: bool = False) -> Plan:
    caseworker = area.people["caseworker"]
    final = final_content(area, child=child, size=size)
    draft = copy.deepcopy(final)
    draft["I"] = plan_content.clean_section("I", {})
    # The draft differs from the final plan: one outcome reworded, one provision line fewer.
    draft["E"]["outcomes"][0]["text"] = "Will follow a one-step instruction given to the class"
    draft["F"]["provision"] = draft["F"]["provision"][:-1]
    draft["F"]["provision"][0]["frequency"] = "Once a fortnight"
    plan = Plan.objects.create(
        partnership=area.partnership,
        child=area.children[child],
        status=Plan.Status.FINAL,
        caseworker=caseworker,
        named_setting=area.school,
        draft_issued_on=DRAFT_ON,
        final_issued_on=FINAL_ON,
        next_review_due_on=REVIEW_BY,
        created_by=caseworker,
    )
    common = {"partnership": area.partnership, "plan": plan, "created_by": caseworker}
    first = PlanVersion.objects.create(
        **common,
        number=1,
        kind=PlanVersion.Kind.DRAFT,
        status=PlanVersion.Status.ISSUED,
        content=draft,
        issued_on=DRAFT_ON,
        issued_by=caseworker,
    )
    second = PlanVersion.objects.create(
        **common,
        number=2,
        kind=PlanVersion.Kind.FINAL,
        status=PlanVersion.Status.ISSUED,
        content=final,
        based_on=first,
        issued_on=FINAL_ON,
        issued_by=caseworker,
    )
    plan.current_version = second
    plan.save(update_fields=["current_version"])
    if working:
        changed = copy.deepcopy(final)
        changed["A"]["summary"] = "Being rewritten after the annual review."
        PlanVersion.objects.create(
            **common,
            number=3,
            kind=PlanVersion.Kind.PROPOSED,
            status=PlanVersion.Status.WORKING,
            content=changed,
            based_on=second,
        )
    return plan


def draft_only_plan(area, *, child: str = "pupil") -> Plan:
    """A plan whose draft has been served (version 1, issued) and is being finalised (version 2, working)."""
    caseworker = area.people["caseworker"]
    content = final_content(area, child=child)
    content["I"] = plan_content.clean_section("I", {})
    plan = Plan.objects.create(
        partnership=area.partnership,
        child=area.children[child],
        status=Plan.Status.DRAFT,
        caseworker=caseworker,
        draft_issued_on=DRAFT_ON,
        created_by=caseworker,
    )
    common = {"partnership": area.partnership, "plan": plan, "created_by": caseworker, "content": content}
    first = PlanVersion.objects.create(
        **common,
        number=1,
        kind=PlanVersion.Kind.DRAFT,
        status=PlanVersion.Status.ISSUED,
        issued_on=DRAFT_ON,
        issued_by=caseworker,
    )
    PlanVersion.objects.create(
        **common, number=2, kind=PlanVersion.Kind.FINAL, status=PlanVersion.Status.WORKING, based_on=first
    )
    return plan
