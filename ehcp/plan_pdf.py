"""A plan version, and the easy-read "My plan", as tagged PDFs (PDF/UA-1), as decision letters are
(``ehcp/letters.py``).

Each is first a self-contained HTML document (inline styles, no scripts or assets) with the document's
title and language, one heading per section and a contents list; WeasyPrint lays it out on A4 with "Page X
of Y" in the footer (CSS page counters) and the contents list's page numbers (``target-counter``). The
content is the version's own, which never changes once issued, so the PDF of an issued version is always
the same document.
"""

from __future__ import annotations

import re

from django.template.loader import render_to_string

from . import clock, easy_read, plan_content
from .models import Plan, PlanVersion


def _date(value) -> str:
    return clock.long_date(value, weekday=False) if value else ""


def document_title(plan: Plan, version: PlanVersion) -> str:
    issued = f", issued {_date(version.issued_on)}" if version.issued_on else ", not issued"
    return (
        f"Education, health and care plan: {plan.child.full_name} "
        f"({version.get_kind_display()}, version {version.number}{issued})"
    )


def plan_html(*, plan: Plan, version: PlanVersion) -> str:
    """The whole version as one self-contained HTML document, laid out for print."""
    sections = plan_content.present(version.content or {})
    return render_to_string(
        "ehcp/plans/pdf/plan.html",
        {
            "title": document_title(plan, version),
            "plan": plan,
            "version": version,
            "child": plan.child,
            "issued_on": _date(version.issued_on),
            "date_of_birth": _date(plan.child.date_of_birth),
            "partnership_name": plan.partnership.name,
            "sections": sections,
        },
    )


# White space between tags that only indents the template (it holds a line break): never shown, but
# WeasyPrint would make and lay out a box for each run of it.
_INDENT = re.compile(r">\s*\n\s*<")


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy import (Pango, fonts): only when a PDF is actually wanted

    return HTML(string=_INDENT.sub("><", html)).write_pdf(pdf_variant="pdf/ua-1")


def plan_pdf(*, plan: Plan, version: PlanVersion) -> bytes:
    return _pdf(plan_html(plan=plan, version=version))


def easy_read_html(*, plan: Plan, version: PlanVersion) -> str:
    my_plan = easy_read.build(plan=plan, version=version)
    return render_to_string(
        "ehcp/plans/pdf/my_plan.html",
        {"title": f"My plan: {my_plan.first_name}", "my_plan": my_plan},
    )


def easy_read_pdf(*, plan: Plan, version: PlanVersion) -> bytes:
    return _pdf(easy_read_html(plan=plan, version=version))


def filename(plan: Plan, version: PlanVersion) -> str:
    return f"ehc-plan-{plan.pk}-version-{version.number}.pdf"
