"""The kinds of place a partnership plans and a family may be offered: one vocabulary for the local
inclusion plan's sufficiency lines and for tailored lists of settings.

A setting on the register falls into one category for naming (``category_of``). Its resourced
provision or SEN unit places are a separate category, because the plan commissions them separately
from the school's mainstream places (green paper ch.2 §24: "units within mainstream, alternative and
specialist provision"). Alternative provision is planned by tier (the three-tier model, SEND and AP
Improvement Plan 2023), and is not a placement named from a tailored list.
"""

from partnerships.models import Setting

MAINSTREAM = "mainstream"
RESOURCED_PROVISION = "resourced_provision"
SPECIAL = "special"
INDEPENDENT = "independent"
FURTHER_EDUCATION = "further_education"
EARLY_YEARS = "early_years"
AP_TIER_1 = "ap_tier_1"
AP_TIER_2 = "ap_tier_2"
AP_TIER_3 = "ap_tier_3"

CATEGORIES: dict[str, str] = {
    EARLY_YEARS: "Early years settings",
    MAINSTREAM: "Mainstream schools",
    RESOURCED_PROVISION: "Resourced provision and SEN units in mainstream schools",
    SPECIAL: "State-funded special schools",
    INDEPENDENT: "Independent and non-maintained special schools",
    FURTHER_EDUCATION: "Further education colleges",
    AP_TIER_1: "Alternative provision tier 1: targeted support in mainstream schools",
    AP_TIER_2: "Alternative provision tier 2: time-limited placements",
    AP_TIER_3: "Alternative provision tier 3: transitional placements",
}
CATEGORY_CHOICES = list(CATEGORIES.items())

# Categories a setting on a tailored list can be named under (AP is commissioned by tier, not named).
NAMEABLE = (EARLY_YEARS, MAINSTREAM, RESOURCED_PROVISION, SPECIAL, INDEPENDENT, FURTHER_EDUCATION)
AP_TIERS = (AP_TIER_1, AP_TIER_2, AP_TIER_3)

# The mix a tailored list shows the family (green paper ch.2 §25: mainstream, specialist and independent).
MIX_GROUPS: dict[str, tuple[str, ...]] = {
    "mainstream": (EARLY_YEARS, MAINSTREAM, FURTHER_EDUCATION),
    "specialist": (RESOURCED_PROVISION, SPECIAL),
    "independent": (INDEPENDENT,),
}

_BY_TYPE = {
    Setting.Type.EARLY_YEARS: EARLY_YEARS,
    Setting.Type.MAINSTREAM: MAINSTREAM,
    Setting.Type.SPECIAL: SPECIAL,
    Setting.Type.INDEPENDENT: INDEPENDENT,
    Setting.Type.INDEPENDENT_SPECIAL: INDEPENDENT,
    Setting.Type.FURTHER_EDUCATION: FURTHER_EDUCATION,
}


def category_of(setting: Setting) -> str | None:
    """The category a setting's ordinary places belong to; None for alternative provision."""
    return _BY_TYPE.get(setting.setting_type)


def categories_of(setting: Setting) -> tuple[str, ...]:
    """Every category a setting offers places in: its own, and resourced provision if it has any."""
    own = category_of(setting)
    found = [own] if own else []
    if setting.setting_type == Setting.Type.MAINSTREAM and (
        setting.has_resourced_provision or setting.has_sen_unit
    ):
        found.append(RESOURCED_PROVISION)
    return tuple(found)


def mix_group(category: str) -> str:
    for group, members in MIX_GROUPS.items():
        if category in members:
            return group
    return ""
