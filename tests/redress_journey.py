"""Build redress cases through the services the pages use (tests of redress, docs/adr/0015)."""

import datetime
from datetime import date

import time_machine

from partnerships.models import Membership
from partnerships.roles import Role
from redress import services
from redress.models import AppealableDecision, Dispute

from . import ehcp_journey as journey
from . import factories

DECIDED = date(2026, 10, 1)  # Thursday: appeal and mediation contact due Tuesday 1 December 2026


def on(day: date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, 0), tick=False)


def refusal(area, *, child: str = "pupil", day: date = DECIDED) -> AppealableDecision:
    """A refusal to assess, decided on ``day``: the appealable decision recorded by the ehcp service."""
    with on(day):
        request = journey.at_stage(area, "refused", child=child, received_on=day)
    return AppealableDecision.objects.get(request=request)


def dispute(area, decision: AppealableDecision, *, day: date | None = None, section_i_only=False) -> Dispute:
    with on(day or decision.decided_on):
        return services.dispute_open_from_decision(
            actor=area.people["caseworker"],
            decision=decision,
            reason=Dispute.Reason.ASSESSMENT,
            summary="The family thinks the needs cannot be met at SEN support.",
            section_i_only=section_i_only,
        )


def second_mediator(area):
    user = factories.UserFactory(
        email=f"mediator2@{area.partnership.slug}.example.org", full_name="Other Mediator"
    )
    Membership.objects.create(user=user, role=Role.MEDIATOR, partnership=area.partnership)
    factories.give_totp_device(user)
    return user


def mediation_wanted(area, case: Dispute, *, day: date) -> Dispute:
    with on(day):
        case = services.mediation_choice(
            actor=area.people["caseworker"],
            dispute=case,
            wants_mediation=True,
            contacted_on=day,
            la_told_on=day,
        )
        return services.mediator_assign(
            actor=area.people["caseworker"], dispute=case, mediator=area.people["mediator"]
        )


def certified(area, case: Dispute, *, day: date) -> Dispute:
    """The family declined mediation and the certificate was issued on ``day``."""
    with on(day):
        case = services.mediation_choice(
            actor=area.people["caseworker"], dispute=case, wants_mediation=False, contacted_on=day
        )
        return services.certificate_issue(actor=area.people["caseworker"], dispute=case, issued_on=day)
