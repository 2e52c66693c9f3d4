"""Decision letters to the family: a self-contained HTML document, and a tagged PDF (PDF/UA-1) of it.

The HTML is what is stored on ``DecisionLetter.html`` and sent; the PDF is always rendered from that
snapshot, so the two can never differ (docs/adr/0010). The family's rights (appeal, mediation,
disagreement resolution, information and advice, complaints) live in ``ehcp/letters/_rights.html`` so
that other decision letters (redress) can include the same text with ``rights_context``.
"""

import datetime

from django.template.loader import render_to_string

from ehcp import clock
from ehcp.models import AssessmentRequest, DecisionLetter
from partnerships.models import LocalAuthority, Partnership, User

TEMPLATES = {
    DecisionLetter.Kind.REFUSE_TO_ASSESS: "ehcp/letters/refuse_to_assess.html",
    DecisionLetter.Kind.NOT_TO_ISSUE: "ehcp/letters/not_to_issue.html",
}

# The parent or young person has 2 months from the date of the letter to contact the mediation adviser
# (reg 33) and to appeal to the Tribunal, or 1 month from a mediation certificate if that is later.
APPEAL_MONTHS = 2
MEDIATION_CERTIFICATE_MONTHS = 1

IAS_FALLBACK = "your local SEND information, advice and support service (SENDIASS)"


# Calendar months, clamped to the month's last day: the statutory clock's own arithmetic.
add_calendar_months = clock.add_months


def appeal_deadline(issued_on: datetime.date) -> datetime.date:
    """The last day to appeal (and to contact the mediation adviser): 2 calendar months from the letter."""
    return add_calendar_months(issued_on, APPEAL_MONTHS)


def long_date(value: datetime.date) -> str:
    """GOV.UK style date: '1 March 2027'."""
    return clock.long_date(value, weekday=False)


def long_date_with_weekday(value: datetime.date) -> str:
    """GOV.UK style date with the day of the week: 'Monday 1 March 2027'."""
    return clock.long_date(value)


def deciding_authority(request: AssessmentRequest) -> LocalAuthority | None:
    """The child's home LA when it belongs to the partnership, otherwise the partnership's first LA."""
    return _authority_for(request.partnership, request.child)


def _authority_for(partnership: Partnership, child) -> LocalAuthority | None:
    authorities = list(partnership.local_authorities.order_by("name"))
    if child is not None:
        for authority in authorities:
            if authority.pk == child.home_local_authority_id:
                return authority
    return authorities[0] if authorities else None


def rights_context(*, partnership: Partnership, issued_on: datetime.date, la_name: str) -> dict:
    """What ``ehcp/letters/_rights.html`` needs: reusable by any letter carrying appeal rights."""
    # The rules data gives both dates (docs/adr/0015): the appeal date moved out of Christmas and August.
    dates = {d.code: d for d in clock.deadlines_for("appealable_decision", issued_on)}
    appeal, contact = dates["appeal_due"], dates["mediation_contact_due"]
    return {
        "la_name": la_name,
        "la_contact_email": partnership.contact_email,
        "appeal_by": long_date_with_weekday(appeal.due),
        "appeal_moved_from": long_date_with_weekday(appeal.moved_from) if appeal.moved_from else "",
        "mediation_contact_by": long_date_with_weekday(contact.due),
        "appeal_months": APPEAL_MONTHS,
        "certificate_months": MEDIATION_CERTIFICATE_MONTHS,
        "information_advice_service": partnership.information_advice_service.strip() or IAS_FALLBACK,
        "ias_named": bool(partnership.information_advice_service.strip()),
        "parent_carer_forum": partnership.parent_carer_forum.strip(),
    }


def render_decision_letter_html(
    *,
    request: AssessmentRequest,
    kind: str,
    reasons: str,
    issued_on: datetime.date,
    issued_by: User,
) -> str:
    """The whole letter as one self-contained HTML document (inline styles, no scripts or assets)."""
    try:
        template = TEMPLATES[DecisionLetter.Kind(kind)]
    except ValueError:
        raise ValueError(f"Unknown decision letter kind: {kind!r}") from None

    partnership = request.partnership
    authority = deciding_authority(request)
    la_name = authority.name if authority else partnership.name
    child = request.child
    date_of_birth = child.date_of_birth if child else request.child_date_of_birth
    if kind == DecisionLetter.Kind.REFUSE_TO_ASSESS:
        decided_on = request.assess_decided_on or issued_on
    else:
        decided_on = request.issue_decided_on or issued_on
    setting = request.setting or (child.current_setting if child else None)

    context = {
        **rights_context(partnership=partnership, issued_on=issued_on, la_name=la_name),
        "title": DecisionLetter.Kind(kind).label,
        "kind": kind,
        "partnership_name": partnership.name,
        "reference": str(request.reference),
        "issued_on": long_date(issued_on),
        "decided_on": long_date(decided_on),
        "child_name": request.child_display_name,
        "child_date_of_birth": long_date(date_of_birth) if date_of_birth else "Not known",
        "to_young_person": request.requester == AssessmentRequest.Requester.YOUNG_PERSON,
        "setting_name": setting.name if setting else "",
        "reasons": reasons,
        "issued_by_name": issued_by.full_name or issued_by.email,
    }
    return render_to_string(template, context)


def _pdf(html: str) -> bytes:
    """A stored letter as a tagged PDF (PDF/UA-1), with the document's title and language."""
    from weasyprint import HTML  # heavy import (Pango, fonts): only when a PDF is actually wanted

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def decision_letter_pdf(letter: DecisionLetter) -> bytes:
    """The stored letter as a tagged PDF (PDF/UA-1), with the document's title and language."""
    return _pdf(letter.html)


# Ceasing to maintain a plan (CFA s.45; reg 31) ----------------------------------------------------------

CEASE_TEMPLATE = "ehcp/letters/cease_to_maintain.html"


def render_cease_letter_html(*, cessation, issued_on: datetime.date, issued_by: User) -> str:
    """The decision to cease maintaining a plan, with the family's rights, as one self-contained document.

    ``cessation`` is an ``ehcp.PlanCessation`` with its decision recorded (``ceases_on`` set)."""
    plan = cessation.plan
    child = plan.child
    partnership = plan.partnership
    authority = _authority_for(partnership, child)
    la_name = authority.name if authority else partnership.name
    context = {
        **rights_context(partnership=partnership, issued_on=issued_on, la_name=la_name),
        "title": "Decision to cease to maintain an EHC plan",
        "kind": "cease_to_maintain",
        "partnership_name": partnership.name,
        "reference": str(plan.request.reference) if plan.request_id else f"Plan {plan.pk}",
        "issued_on": long_date(issued_on),
        "decided_on": long_date(cessation.decision_on or issued_on),
        "child_name": child.full_name,
        "child_date_of_birth": long_date(child.date_of_birth),
        "to_young_person": clock.age_on(child.date_of_birth, issued_on) >= 16,
        "setting_name": plan.named_setting.name if plan.named_setting_id else "",
        "reasons": cessation.reasons,
        "ground": cessation.get_ground_display(),
        "no_longer_necessary": cessation.ground == cessation.Ground.NO_LONGER_NECESSARY,
        "ceases_on": long_date_with_weekday(cessation.ceases_on),
        "family_consulted_on": long_date(cessation.family_consulted_on)
        if cessation.family_consulted_on
        else "",
        "setting_consulted_on": long_date(cessation.setting_consulted_on)
        if cessation.setting_consulted_on
        else "",
        "issued_by_name": issued_by.full_name or issued_by.email,
    }
    return render_to_string(CEASE_TEMPLATE, context)


def cease_letter_pdf(cessation) -> bytes:
    """The cease decision letter as sent, as a tagged PDF (PDF/UA-1)."""
    return _pdf(cessation.letter_html)
