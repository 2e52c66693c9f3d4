"""The roles people hold in the service, and what each role is scoped to.

A role is held through a Membership. Its scope says which organisation the membership must name:
a partnership (LA staff, families), a setting (school staff, AP providers), an ICB (health), a region
(DfE regional officers) or nothing (national roles).
"""

from django.db import models


class Role(models.TextChoices):
    PARENT_CARER = "parent_carer", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person"
    SENCO = "senco", "SENCO"
    HEADTEACHER = "headteacher", "Headteacher"
    LA_CASEWORKER = "la_caseworker", "LA caseworker"
    LA_SEND_MANAGER = "la_send_manager", "LA SEND manager"
    HEALTH_OFFICER = "health_officer", "Health officer (ICB or designated clinical officer)"
    SOCIAL_CARE_OFFICER = "social_care_officer", "Social care officer"
    AP_PROVIDER = "ap_provider", "Alternative provision provider"
    MEDIATOR = "mediator", "Mediator"
    DFE_REGIONAL_OFFICER = "dfe_regional_officer", "DfE regional officer"
    DFE_NATIONAL_ANALYST = "dfe_national_analyst", "DfE national analyst"
    DFE_NATIONAL_ADMIN = "dfe_national_admin", "DfE national administrator"
    SUPPORT_ADMIN = "support_admin", "Support administrator"


class Scope(models.TextChoices):
    PARTNERSHIP = "partnership", "Partnership"
    SETTING = "setting", "Setting"
    ICB = "icb", "Integrated care board"
    REGION = "region", "Region"
    NATIONAL = "national", "National"


ROLE_SCOPE: dict[str, str] = {
    Role.PARENT_CARER: Scope.PARTNERSHIP,
    Role.YOUNG_PERSON: Scope.PARTNERSHIP,
    Role.SENCO: Scope.SETTING,
    Role.HEADTEACHER: Scope.SETTING,
    Role.LA_CASEWORKER: Scope.PARTNERSHIP,
    Role.LA_SEND_MANAGER: Scope.PARTNERSHIP,
    Role.HEALTH_OFFICER: Scope.ICB,
    Role.SOCIAL_CARE_OFFICER: Scope.PARTNERSHIP,
    Role.AP_PROVIDER: Scope.SETTING,
    Role.MEDIATOR: Scope.PARTNERSHIP,
    Role.DFE_REGIONAL_OFFICER: Scope.REGION,
    Role.DFE_NATIONAL_ANALYST: Scope.NATIONAL,
    Role.DFE_NATIONAL_ADMIN: Scope.NATIONAL,
    Role.SUPPORT_ADMIN: Scope.PARTNERSHIP,
}

FAMILY_ROLES = frozenset({Role.PARENT_CARER, Role.YOUNG_PERSON})
STAFF_ROLES = frozenset(set(Role) - FAMILY_ROLES)
SETTING_ROLES = frozenset({Role.SENCO, Role.HEADTEACHER, Role.AP_PROVIDER})
LA_ROLES = frozenset({Role.LA_CASEWORKER, Role.LA_SEND_MANAGER})
CASE_INVOLVED_ROLES = frozenset({Role.HEALTH_OFFICER, Role.SOCIAL_CARE_OFFICER, Role.MEDIATOR})
AGGREGATE_ONLY_ROLES = frozenset(
    {Role.DFE_REGIONAL_OFFICER, Role.DFE_NATIONAL_ANALYST, Role.DFE_NATIONAL_ADMIN}
)

# Where each role lands after signing in (URL names). Order decides the landing page for a person who
# holds several roles: the first role in this list that they hold wins.
HOME_FOR_ROLE: dict[str, str] = {
    Role.SUPPORT_ADMIN: "support-home",
    Role.LA_SEND_MANAGER: "backoffice-home",
    Role.LA_CASEWORKER: "backoffice-home",
    Role.SENCO: "school-home",
    Role.HEADTEACHER: "school-home",
    Role.AP_PROVIDER: "school-home",
    Role.HEALTH_OFFICER: "inbox-home",
    Role.SOCIAL_CARE_OFFICER: "inbox-home",
    Role.MEDIATOR: "inbox-home",
    Role.DFE_REGIONAL_OFFICER: "regional-home",
    Role.DFE_NATIONAL_ANALYST: "national-home",
    Role.DFE_NATIONAL_ADMIN: "standards-home",
    Role.PARENT_CARER: "portal-home",
    Role.YOUNG_PERSON: "portal-home",
}
