"""Service navigation for each role (GOV.UK service navigation component)."""

from django.urls import reverse

from .policy import actor_for
from .roles import Role

NAV_ITEMS = [
    # (url name, label, roles that see it)
    ("portal-home", "Your children and requests", {Role.PARENT_CARER, Role.YOUNG_PERSON}),
    ("school-home", "Your school", {Role.SENCO, Role.HEADTEACHER, Role.AP_PROVIDER}),
    ("backoffice-home", "Work queue", {Role.LA_CASEWORKER, Role.LA_SEND_MANAGER}),
    ("panel-meetings", "Panel meetings", {Role.LA_CASEWORKER, Role.LA_SEND_MANAGER}),
    ("reviews-home", "Reviews", {Role.LA_CASEWORKER, Role.LA_SEND_MANAGER}),
    ("plans-moving-out", "Moves between areas", {Role.LA_CASEWORKER, Role.LA_SEND_MANAGER}),
    ("settings-imports", "Settings register", {Role.LA_SEND_MANAGER}),
    (
        "inclusion-plans",
        "Local inclusion plan",
        {Role.LA_CASEWORKER, Role.LA_SEND_MANAGER, Role.SUPPORT_ADMIN, Role.HEALTH_OFFICER},
    ),
    ("redress-home", "Disputes and appeals", {Role.LA_CASEWORKER, Role.LA_SEND_MANAGER, Role.MEDIATOR}),
    ("portal-redress", "Decisions and your rights", {Role.PARENT_CARER, Role.YOUNG_PERSON}),
    ("inbox-home", "Your cases", {Role.HEALTH_OFFICER, Role.SOCIAL_CARE_OFFICER, Role.MEDIATOR}),
    (
        "advice-inbox",
        "Advice requests",
        {Role.SENCO, Role.HEADTEACHER, Role.HEALTH_OFFICER, Role.SOCIAL_CARE_OFFICER},
    ),
    ("regional-home", "Regional dashboard", {Role.DFE_REGIONAL_OFFICER}),
    ("national-home", "National dashboard", {Role.DFE_NATIONAL_ANALYST}),
    ("inclusion-plans-awaiting-review", "Plans to review", {Role.DFE_REGIONAL_OFFICER}),
    ("inclusion-plans", "Local inclusion plans", {Role.DFE_NATIONAL_ANALYST, Role.DFE_NATIONAL_ADMIN}),
    ("standards-home", "National standards", {Role.DFE_NATIONAL_ADMIN}),
    ("support-home", "Support", {Role.SUPPORT_ADMIN}),
    ("account", "Your account", None),
]


def navigation_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return []
    roles = actor_for(user).roles
    items = []
    for url_name, label, allowed in NAV_ITEMS:
        if allowed is None or roles & allowed:
            href = reverse(url_name)
            items.append(
                {"href": href, "text": label, "active": request.path.startswith(href) and href != "/"}
            )
    return items
