"""Build assessment cases at any stage of the journey, through the same services the pages use.

case = journey.at_stage(north, "draft_plan")          # a case with a draft plan served today
case = journey.at_stage(north, "assessing", received_on=date(2026, 1, 5))
"""

from datetime import date, datetime, time

from django.utils import timezone

from ehcp import plan_samples, services, services_plans
from ehcp.models import AdviceRequest, AssessmentRequest, PanelMember
from partnerships.models import Child

# Who in the family answers for each of the areas' children (the unlinked child has nobody).
FAMILY_OF = {"pupil": "parent", "ap_pupil": "young_person"}

STAGES = (
    "received",
    "panel",
    "refused",
    "assessing",
    "advice_requested",
    "advice_submitted",
    "not_issuing",
    "decided_to_issue",
    "draft_plan",
    "commented",
    "consulted",
    "final",
)


def received(area, *, child: str = "pupil", received_on: date | None = None) -> AssessmentRequest:
    return services.request_record(
        actor=area.people["caseworker"],
        child=Child.objects.get(pk=area.children[child].pk),
        requester=AssessmentRequest.Requester.PARENT,
        requester_name="Pat Parent",
        received_on=received_on or timezone.localdate(),
        reasons="Not making progress despite SEN support over two years.",
        family_views="We would like a specialist assessment.",
    )


def panel_meeting(area, *, when: date | None = None):
    when = when or timezone.localdate()
    return services.panel_meeting_create(
        actor=area.people["caseworker"],
        partnership=area.partnership,
        meets_at=timezone.make_aware(datetime.combine(when, time(10, 0))),
        location="Civic Centre, room 2",
        agenda="Requests for EHC needs assessment",
        members=[
            {
                "name": "Chris Chair",
                "perspective": PanelMember.Perspective.CHAIR,
                "user": area.people["manager"],
            },
            {
                "name": "Hana Health",
                "perspective": PanelMember.Perspective.HEALTH,
                "user": area.people["health"],
            },
            {
                "name": "Sam Social",
                "perspective": PanelMember.Perspective.SOCIAL_CARE,
                "user": area.people["social_care"],
            },
            {"name": "Erin Education", "perspective": PanelMember.Perspective.EDUCATION},
            {"name": "Parent Forum Rep", "perspective": PanelMember.Perspective.PARENT_REPRESENTATIVE},
        ],
    )


def at_stage(area, stage: str, *, child: str = "pupil", received_on: date | None = None) -> AssessmentRequest:
    """A case of ``area``'s ``child`` at ``stage`` (see STAGES), every step done on its earliest day."""
    assert stage in STAGES, stage
    request = received(area, child=child, received_on=received_on)
    if stage == "received":
        return request
    meeting = panel_meeting(area)
    panel_case = services.panel_add_case(actor=area.people["caseworker"], meeting=meeting, request=request)
    if stage == "panel":
        return _reload(request)
    manager = area.people["manager"]
    caseworker = area.people["caseworker"]
    if stage == "refused":
        services.panel_record_recommendation(
            actor=caseworker,
            panel_case=panel_case,
            recommendation="not_assess",
            reasons="Needs met at SEN support.",
        )
        services.decide_whether_to_assess(
            actor=manager,
            request=_reload(request),
            decision="not_assess",
            reasons="Needs can be met at SEN support.",
        )
        return _reload(request)
    services.panel_record_recommendation(
        actor=caseworker,
        panel_case=panel_case,
        recommendation="assess",
        reasons="May need provision by a plan.",
    )
    services.decide_whether_to_assess(
        actor=manager,
        request=_reload(request),
        decision="assess",
        reasons="The legal test in s.36(8) is met.",
    )
    if stage == "assessing":
        return _reload(request)
    advice = [
        services.advice_request_create(
            actor=caseworker,
            request=_reload(request),
            advice_type=AdviceRequest.AdviceType.EDUCATIONAL,
            setting=area.school,
            questions="Attainment, attendance and support so far.",
        ),
        services.advice_request_create(
            actor=caseworker,
            request=_reload(request),
            advice_type=AdviceRequest.AdviceType.HEALTH,
            icb=area.partnership.icbs.first(),
            questions="Health needs and provision.",
        ),
        services.advice_request_create(
            actor=caseworker,
            request=_reload(request),
            advice_type=AdviceRequest.AdviceType.SOCIAL_CARE,
            questions="Social care needs.",
        ),
    ]
    if stage == "advice_requested":
        return _reload(request)
    for item, persona in zip(advice, ("senco", "health", "social_care"), strict=True):
        services.advice_submit(actor=area.people[persona], advice=item, text=f"Advice from the {persona}.")
    if stage == "advice_submitted":
        return _reload(request)
    if stage == "not_issuing":
        services.decide_whether_to_issue(
            actor=manager,
            request=_reload(request),
            decision="not_issue",
            reasons="Needs can be met without a plan.",
        )
        return _reload(request)
    services.decide_whether_to_issue(
        actor=manager, request=_reload(request), decision="issue", reasons="Provision by a plan is necessary."
    )
    if stage == "decided_to_issue":
        return _reload(request)
    plan = write_draft(area, _reload(request), child=child)
    services_plans.draft_plan_issue(actor=caseworker, plan=plan)
    plan = _reload_plan(plan)
    if stage == "draft_plan":
        return _reload(request)
    family = FAMILY_OF.get(child)
    if family is not None:  # with nobody in the family using the service, the comment period runs out
        _respond(area, family, plan)
    if stage == "commented":
        return _reload(request)
    services.consultation_send(actor=caseworker, plan=_reload_plan(plan), setting=area.school)
    if stage == "consulted":
        return _reload(request)
    services_plans.final_plan_issue(
        actor=caseworker,
        plan=_reload_plan(plan),
        named_setting=area.school,
        setting_type="Mainstream primary school",
    )
    return _reload(request)


def write_draft(area, request: AssessmentRequest, *, child: str = "pupil", size: int = 1):
    """Start the plan and write every section but I (a draft names no setting) through the services."""
    caseworker = area.people["caseworker"]
    plan = services_plans.plan_start(actor=caseworker, request=request)
    content = plan_samples.complete_plan(first_name=area.children[child].first_name, size=size)
    version = services_plans.working_version(plan)
    services_plans.content_replace(
        actor=caseworker, plan=plan, content=content, base_revision=version.revision
    )
    return plan


def _respond(area, family: str, plan) -> None:
    services.draft_plan_respond(
        actor=area.people[family],
        plan=plan,
        comments="Section F should say who provides the therapy.",
        preferred_setting=area.school,
        preference_reasons="It is close to home and his friends are there.",
    )


def _reload(request: AssessmentRequest) -> AssessmentRequest:
    return AssessmentRequest.objects.select_related("child", "partnership").get(pk=request.pk)


def _reload_plan(plan):
    return type(plan).objects.select_related("request").get(pk=plan.pk)
