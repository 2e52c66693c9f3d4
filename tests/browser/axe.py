"""Run axe-core in the page and fail with a readable list of violations.

The rules are those axe tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA, which is the standard the
service's accessibility statement commits to. No rule is switched off: a violation is either fixed in our
templates or reported, never hidden here.
"""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

_axe = Axe()


def format_violations(violations: list[dict], *, url: str) -> str:
    """One block per rule: its id, impact, help text and link, then each offending selector and snippet."""
    lines = [f"axe found {len(violations)} WCAG A/AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact given'}): {violation['help']}"
            f" [{violation.get('helpUrl', '')}]"
        )
        for node in violation["nodes"]:
            selector = " ".join(str(part) for part in node["target"])
            snippet = " ".join(node.get("html", "").split())
            lines.append(f"    at {selector}: {snippet[:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"      {line.strip()}" for line in summary.splitlines() if line.strip())
    return "\n".join(lines)


def axe_violations(page) -> list[dict]:
    """The WCAG 2.x A and AA violations axe finds in the whole page as it stands now."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, options=options)
    return results.response["violations"]


def assert_no_axe_violations(page) -> None:
    """Fail the test, listing each rule, impact and selector, if axe finds any WCAG A/AA violation.

    The page's stylesheets must have loaded first, or colour-contrast would be judged on unstyled HTML, so
    this waits for the page's load event (a test may get here straight after a click).
    """
    page.wait_for_load_state("load")
    assert_govuk_styles_loaded(page)
    violations = axe_violations(page)
    assert not violations, format_violations(violations, url=page.url)


def assert_govuk_styles_loaded(page) -> None:
    """The GOV.UK Frontend stylesheet is linked from the page and its rules have been parsed."""
    loaded = page.evaluate(
        """() => [...document.styleSheets].some(sheet => {
            if (!sheet.href || !sheet.href.includes('govuk-frontend')) return false;
            try { return sheet.cssRules.length > 0; } catch (error) { return false; }
        })"""
    )
    assert loaded, (
        f"The GOV.UK Frontend stylesheet did not load on {page.url}; axe cannot judge colour contrast "
        "without it. Check the <link> in templates/base.html and that `npm run build` filled static/build."
    )
