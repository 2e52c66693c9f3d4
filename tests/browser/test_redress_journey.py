"""Redress in a real browser (issue 6; docs/adr/0015): a refusal; the family reads their options and dates;
the LA records the disagreement and that the family wants mediation, assigns a mediator; the mediator
records the meeting and the certificate; the LA registers the appeal (a hearing date in the past is refused
first, nothing lost), records the Tribunal's order and that the draft plan went out on time. Each page
passes axe (WCAG 2.x A and AA).

The server runs on the real clock, so the steps are dated back from today."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from ehcp import clock
from ehcp.models import Deadline
from redress import escalation, services
from redress.models import Appeal, Dispute
from tests import redress_journey as rj
from tests.conftest import build_area

from .axe import assert_no_axe_violations
from .conftest import sign_in_with_session

pytestmark = pytest.mark.browser


def _fill_date(page: Page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _save(page: Page, name: str = "Save") -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_refusal_to_a_tribunal_order_complied_with_on_time(new_page, live_server):
    today = datetime.date.today()
    back = lambda days: today - datetime.timedelta(days=days)  # noqa: E731
    north = build_area("north")
    decision = rj.refusal(north, day=back(35))
    expected_appeal = clock.long_date(decision.appeal_due)

    # The family sees their options and the dates.
    family = new_page()
    sign_in_with_session(family, live_server, north.people["parent"])
    family.goto("/portal/redress/")
    expect(family.get_by_role("heading", level=1)).to_have_text("Decisions and your rights")
    expect(family.get_by_text(f"Appeal to the SEND Tribunal: by {expected_appeal}")).to_be_visible()
    expect(family.get_by_text("Contact the mediation adviser: by")).to_be_visible()
    assert_no_axe_violations(family)

    # The LA records the disagreement and the family's wish to mediate, and assigns the mediator.
    la = new_page()
    sign_in_with_session(la, live_server, north.people["caseworker"])
    la.goto("/redress/")
    assert_no_axe_violations(la)
    la.get_by_role("link", name=re.compile("Record a disagreement with the decision")).click()
    la.get_by_label("Refusal to assess or to issue a plan").check()
    la.get_by_label("What does the family disagree with?").fill("The needs cannot be met at SEN support")
    _fill_date(la, "Date the family told you", back(34))
    assert_no_axe_violations(la)
    _save(la)
    expect(la).to_have_url(re.compile(r"/redress/\d+/$"))
    dispute = Dispute.objects.get(decision=decision)
    assert_no_axe_violations(la)
    la.get_by_role("link", name="Record the family's choice about mediation").click()
    la.get_by_label("Yes, they want mediation").check()
    _fill_date(la, "Date they contacted the mediation adviser", back(34))
    _fill_date(la, "Date the local authority was told they want mediation", back(34))
    _save(la)
    la.get_by_role("link", name="Assign a mediator").click()
    la.get_by_label("Mediator").select_option(label=north.people["mediator"].full_name)
    _save(la)
    expect(la.get_by_text("The mediator is assigned")).to_be_visible()

    # The mediator sees the case on their list, records the meeting and the certificate.
    mediator = new_page()
    sign_in_with_session(mediator, live_server, north.people["mediator"])
    mediator.goto("/redress/")
    expect(mediator.get_by_role("heading", name="Cases assigned to you")).to_be_visible()
    mediator.get_by_role("link", name=f"Dispute {dispute.pk}").click()
    mediator.get_by_role("link", name="Record the mediation meeting").click()
    _fill_date(mediator, "Date of the mediation", back(20))
    mediator.get_by_label("Who attended able to make decisions for the local authority?").fill(
        "Sam Head, SEND"
    )
    mediator.get_by_label("Issues discussed").fill("Whether to assess")
    mediator.get_by_label("No agreement").check()
    assert_no_axe_violations(mediator)
    _save(mediator)
    mediator.get_by_role("link", name="Record the mediation certificate").click()
    _fill_date(mediator, "Date on the mediation certificate", back(18))
    _save(mediator)
    expect(mediator.get_by_text("the appeal deadline updated")).to_be_visible()
    assert_no_axe_violations(mediator)

    # The LA registers the appeal: a hearing date in the past is refused first, and nothing typed is lost.
    la.goto(f"/redress/{dispute.pk}/")
    la.get_by_role("link", name="Register the appeal").click()
    la.get_by_label("Tribunal reference").fill("EH881/26/00042")
    _fill_date(la, "Date the Tribunal registered the appeal", back(15))
    la.get_by_label("The refusal itself").check()
    _fill_date(la, "Hearing date (optional)", back(1))
    _save(la)
    summary = la.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(
        summary.get_by_role("link", name="The hearing date must be today or in the future")
    ).to_be_visible()
    expect(la.get_by_label("Tribunal reference")).to_have_value("EH881/26/00042")
    assert not Appeal.objects.filter(dispute=dispute).exists()
    assert_no_axe_violations(la)
    hearing = la.get_by_role("group", name="Hearing date (optional)")
    for part in ("Day", "Month", "Year"):
        hearing.get_by_label(part).fill("")
    _save(la)
    expect(la.get_by_text("The appeal is registered")).to_be_visible()

    # The Tribunal orders a plan; the LA sends the draft within the 5 weeks.
    la.get_by_role("link", name="Record a Tribunal order").click()
    la.get_by_label("Make and maintain an EHC plan").check()
    _fill_date(la, "Date of the order", back(7))
    _save(la)
    la.get_by_role("link", name=re.compile(r"Record done\W+Draft EHC plan the Tribunal ordered")).click()
    _fill_date(la, "Date it was done", back(1))
    _save(la)
    expect(la.get_by_text("Recorded")).to_be_visible()
    assert_no_axe_violations(la)
    draft = Deadline.objects.get(dispute=dispute, code="order_draft_plan_due")
    assert draft.status == Deadline.Status.MET
    assert draft.due_on == back(7) + datetime.timedelta(weeks=5)
    assert Deadline.objects.get(dispute=dispute, code="appeal_due").status == Deadline.Status.MET


def test_children_without_a_place_page(new_page, live_server):
    north = build_area("north")
    complaint = services.dispute_open(
        actor=north.people["caseworker"],
        child=north.children["unlinked"],
        route="complaint",
        reason="delay",
        summary="No school place offered",
    )
    escalation.escalate()
    page = new_page(javascript=False)
    sign_in_with_session(page, live_server, north.people["manager"])
    page.goto("/redress/")
    page.get_by_role("link", name="Children without an education place during a dispute").click()
    expect(page.get_by_role("link", name=f"Dispute {complaint.pk}")).to_be_visible()
    expect(page.get_by_role("cell", name=north.children["unlinked"].full_name)).to_be_visible()
    assert_no_axe_violations(page)
