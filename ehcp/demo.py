"""Demonstration cases: each demo partnership gets assessment requests at every stage of the journey,
made through the same services as the pages, with dates in the past so the clock shows met, due and
missed deadlines. Safe to rerun: a partnership that already has cases is left alone."""

from datetime import datetime, time, timedelta

import pghistory
from django.db import transaction
from django.utils import timezone

from partnerships import rls
from partnerships.models import Child, Membership, Partnership, Setting, User
from partnerships.roles import Role

from . import plan_samples, services, services_plans
from .models import AdviceRequest, AssessmentRequest, PanelMember


def demo_person(role: str, **scope) -> User | None:
    """The first active holder of a role in a scope (demo seeding picks its actors this way)."""
    membership = (
        Membership.objects.filter(role=role, is_active=True, **scope)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


@transaction.atomic
def demo_cases_seed(*, partnership: Partnership) -> int:
    """Cases at every stage for one demo partnership. Returns how many were created (0 if it had some)."""
    with rls.system_scope():
        if AssessmentRequest.objects.filter(partnership=partnership).exists():
            return 0
        caseworker = demo_person(Role.LA_CASEWORKER, partnership=partnership)
        manager = demo_person(Role.LA_SEND_MANAGER, partnership=partnership)
        children = list(
            Child.objects.filter(partnership=partnership).select_related("current_setting").order_by("pk")
        )
        parent = demo_person(Role.PARENT_CARER, partnership=partnership)
        parent_children = [c for c in children if c.participants.filter(user=parent).exists()]
        school = next(
            (
                c.current_setting
                for c in children
                if c.current_setting and c.participants.filter(role="senco").exists()
            ),
            Setting.objects.filter(partnership=partnership).order_by("pk").first(),
        )
        others = [c for c in children if c not in parent_children]
        today = timezone.localdate()
        with pghistory.context(action="seed_demo"):
            return _seed(partnership, caseworker, manager, parent, parent_children, others, school, today)


def _meeting(partnership, caseworker, manager, when):
    return services.panel_meeting_create(
        actor=caseworker,
        partnership=partnership,
        meets_at=timezone.make_aware(datetime.combine(when, time(10, 0))),
        location="Civic Centre, committee room 2 (or join by video)",
        agenda="1. Welcome\n2. Requests for EHC needs assessment\n3. Any other business",
        members=[
            {"name": manager.get_full_name(), "perspective": PanelMember.Perspective.CHAIR, "user": manager},
            {"name": "Educational psychology service", "perspective": PanelMember.Perspective.EDUCATION},
            {"name": "Designated clinical officer", "perspective": PanelMember.Perspective.HEALTH},
            {"name": "Children's social care", "perspective": PanelMember.Perspective.SOCIAL_CARE},
            {"name": "Parent carer forum", "perspective": PanelMember.Perspective.PARENT_REPRESENTATIVE},
        ],
    )


def _record(child, caseworker, received_on):
    return services.request_record(
        actor=caseworker,
        child=child,
        requester=AssessmentRequest.Requester.PARENT,
        requester_name="Parent (by email)",
        received_on=received_on,
        reasons=f"{child.first_name} is not making expected progress despite two terms of SEN support.",
        family_views="We would like the council to look at all of their needs together.",
    )


def _assess(request, manager, caseworker, meeting, decided_on):
    panel_case = services.panel_add_case(actor=caseworker, meeting=meeting, request=request)
    services.panel_record_recommendation(
        actor=caseworker, panel_case=panel_case, recommendation="assess", reasons="The legal test is met."
    )
    return services.decide_whether_to_assess(
        actor=manager,
        request=request,
        decision="assess",
        reasons="May need provision through a plan.",
        decided_on=decided_on,
    )


def _write_plan(request, caseworker, today):
    """Start the plan and write every section but I (a draft names no setting) through the services."""
    plan = services_plans.plan_start(actor=caseworker, request=request)
    content = plan_samples.complete_plan(first_name=request.child.first_name, today=today, seed=request.pk)
    version = services_plans.working_version(plan)
    services_plans.content_replace(
        actor=caseworker, plan=plan, content=content, base_revision=version.revision
    )
    return plan


def _seed(partnership, caseworker, manager, parent, parent_children, others, school, today) -> int:
    created = 0
    past_meeting = _meeting(partnership, caseworker, manager, today - timedelta(days=28))
    next_meeting = _meeting(partnership, caseworker, manager, today + timedelta(days=7))
    # 1. Just received, waiting for the panel next week.
    if parent_children:
        request = _record(parent_children[0], caseworker, today - timedelta(days=10))
        services.panel_add_case(actor=caseworker, meeting=next_meeting, request=request)
        created += 1
    # 2. A draft plan with the family for comments (the parent has something to do).
    if len(parent_children) > 1:
        request = _record(parent_children[1], caseworker, today - timedelta(weeks=14))
        request = _assess(request, manager, caseworker, past_meeting, today - timedelta(weeks=9))
        services.decide_whether_to_issue(
            actor=manager,
            request=request,
            decision="issue",
            reasons="Provision by a plan is needed.",
            decided_on=today - timedelta(days=6),
        )
        plan = _write_plan(request, caseworker, today)
        services_plans.draft_plan_issue(actor=caseworker, plan=plan, served_on=today - timedelta(days=3))
        created += 1
    # 3. Assessment under way: advice asked of the school, health and social care, one overdue.
    if others:
        request = _record(others[0], caseworker, today - timedelta(weeks=11))
        request = _assess(request, manager, caseworker, past_meeting, today - timedelta(weeks=8))
        services.advice_request_create(
            actor=caseworker,
            request=request,
            advice_type=AdviceRequest.AdviceType.EDUCATIONAL,
            setting=school,
            requested_on=today - timedelta(weeks=5),
            questions="Attainment, attendance and the support so far.",
        )
        services.advice_request_create(
            actor=caseworker,
            request=request,
            advice_type=AdviceRequest.AdviceType.HEALTH,
            icb=partnership.icbs.order_by("pk").first(),
            requested_on=today - timedelta(weeks=7),
            questions="Health needs and the provision to meet them.",
        )
        services.advice_request_create(
            actor=caseworker,
            request=request,
            advice_type=AdviceRequest.AdviceType.SOCIAL_CARE,
            requested_on=today - timedelta(weeks=5),
            questions="Social care needs.",
        )
        created += 1
    # 4. Refused, with a decision letter; 5. Missed the 6-week decision, still waiting.
    if len(others) > 1:
        request = _record(others[1], caseworker, today - timedelta(weeks=8))
        panel_case = services.panel_add_case(actor=caseworker, meeting=past_meeting, request=request)
        services.panel_record_recommendation(
            actor=caseworker,
            panel_case=panel_case,
            recommendation="not_assess",
            reasons="Needs can be met through SEN support with the advice of the outreach team.",
        )
        services.decide_whether_to_assess(
            actor=manager,
            request=request,
            decision="not_assess",
            decided_on=today - timedelta(weeks=3),
            reasons="The school can meet the needs from its own resources with outreach support.",
        )
        created += 1
    if len(others) > 2:
        _record(others[2], caseworker, today - timedelta(weeks=7))
        created += 1
    # 6. A final plan issued within 20 weeks.
    if len(others) > 3:
        request = _record(others[3], caseworker, today - timedelta(weeks=22))
        request = _assess(request, manager, caseworker, past_meeting, today - timedelta(weeks=17))
        services.decide_whether_to_issue(
            actor=manager,
            request=request,
            decision="issue",
            reasons="Provision by a plan is needed.",
            decided_on=today - timedelta(weeks=8),
        )
        plan = _write_plan(request, caseworker, today)
        services_plans.draft_plan_issue(actor=caseworker, plan=plan, served_on=today - timedelta(weeks=7))
        services_plans.final_plan_issue(
            actor=caseworker,
            plan=plan,
            named_setting=school,
            setting_type=school.get_setting_type_display() if school else "Mainstream school",
            issued_on=today - timedelta(weeks=3),
        )
        created += 1
    return created
