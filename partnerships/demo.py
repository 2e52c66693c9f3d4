"""Demonstration data: three partnerships for real local authorities, with fictional settings, children
and a person in every role, so the service can be shown and tried end to end.

Everything is deterministic (``random.Random`` with a fixed seed per partnership, ages counted from a
fixed date) and idempotent: rows are found by a natural key (slug, URN, UPN, email…) and only saved
when a value differs, so seeding twice changes nothing. Children, settings, URNs, UPNs and NHS numbers
are invented: URNs are in the 9xxxxx range and NHS numbers in the 999 range the NHS keeps for testing.
Never run against live data: ``seed_demo`` refuses unless ``settings.DEMO_DATA_ALLOWED``.
"""

import base64
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import pghistory
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils.text import slugify
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import rls
from .models import (
    ICB,
    CaseParticipant,
    Child,
    LocalAuthority,
    Membership,
    ParentalResponsibility,
    Partnership,
    Region,
    Setting,
    User,
)
from .roles import FAMILY_ROLES, Role
from .validators import upn_check_letter, validate_nhs_number, validate_upn

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - the published demo password, never a real one
# One TOTP secret for every demo staff account (20 bytes, stored as hex by django-otp).
DEMO_TOTP_KEY = b"send-demo-totp-2026!".hex()
DEMO_EMAIL_DOMAIN = "demo.send.example"
# Ages are counted back from this date, so the data is the same whichever day it is seeded.
ANCHOR_DATE = date(2025, 9, 1)
CHILDREN_PER_PARTNERSHIP = 25
URN_BASE = 900000


@dataclass(frozen=True)
class SettingKind:
    """One kind of setting every demo partnership has."""

    key: str
    name: str
    setting_type: str
    phase: str
    establishment_type: str
    low_age: int
    high_age: int
    capacity: int
    needs: tuple[str, ...]
    establishment_number: int
    resourced_provision: int | None = None
    trust: str = ""


SETTING_KINDS: tuple[SettingKind, ...] = (
    SettingKind(
        "nursery",
        "{place} Day Nursery",
        Setting.Type.EARLY_YEARS,
        Setting.Phase.NURSERY,
        "Private, voluntary or independent early years provider",
        0,
        4,
        62,
        ("SLCN", "ASD"),
        1010,
    ),
    SettingKind(
        "primary",
        "{place} Primary School",
        Setting.Type.MAINSTREAM,
        Setting.Phase.PRIMARY,
        "Community school",
        4,
        11,
        420,
        ("SLCN", "MLD", "SEMH"),
        2101,
    ),
    SettingKind(
        "primary_rp",
        "{place} Church of England Primary School",
        Setting.Type.MAINSTREAM,
        Setting.Phase.PRIMARY,
        "Voluntary aided school",
        4,
        11,
        315,
        ("ASD", "SLCN"),
        3302,
        resourced_provision=14,
    ),
    SettingKind(
        "secondary",
        "{place} Academy",
        Setting.Type.MAINSTREAM,
        Setting.Phase.SECONDARY,
        "Academy converter",
        11,
        18,
        1350,
        ("SPLD", "MLD", "SEMH"),
        4105,
        trust="{place} Learning Trust",
    ),
    SettingKind(
        "secondary_rp",
        "{place} High School",
        Setting.Type.MAINSTREAM,
        Setting.Phase.SECONDARY,
        "Foundation school",
        11,
        16,
        960,
        ("HI", "VI", "PD"),
        4520,
        resourced_provision=20,
    ),
    SettingKind(
        "special",
        "{place} School",
        Setting.Type.SPECIAL,
        Setting.Phase.ALL_THROUGH,
        "Community special school",
        2,
        19,
        140,
        ("SLD", "PMLD", "ASD", "PD", "MSI"),
        7012,
    ),
    SettingKind(
        "ap",
        "{place} Learning Centre",
        Setting.Type.ALTERNATIVE_PROVISION,
        Setting.Phase.SECONDARY,
        "Pupil referral unit",
        11,
        16,
        64,
        ("SEMH",),
        1104,
    ),
    SettingKind(
        "independent_special",
        "{place} House School",
        Setting.Type.INDEPENDENT_SPECIAL,
        Setting.Phase.ALL_THROUGH,
        "Other independent special school",
        8,
        19,
        48,
        ("ASD", "SEMH", "SLCN"),
        6011,
    ),
    SettingKind(
        "independent",
        "{place} Preparatory School",
        Setting.Type.INDEPENDENT,
        Setting.Phase.ALL_THROUGH,
        "Other independent school",
        3,
        18,
        520,
        ("SPLD",),
        6120,
    ),
    SettingKind(
        "college",
        "{place} College",
        Setting.Type.FURTHER_EDUCATION,
        Setting.Phase.POST_16,
        "Further education",
        16,
        25,
        4200,
        ("MLD", "SLD", "ASD", "SEMH", "PD"),
        8001,
    ),
)


@dataclass(frozen=True)
class DemoArea:
    """A demo partnership for one real local authority (by DfE code) and its ICB (by name)."""

    slug: str
    la_dfe_code: str
    icb_name: str
    seed: int
    places: tuple[str, ...]
    postcodes: tuple[str, ...]


AREAS: tuple[DemoArea, ...] = (
    DemoArea(
        "leeds",
        "383",
        "NHS West Yorkshire Integrated Care Board",
        383,
        (
            "Aireburn",
            "Kirkmoor",
            "Beckfield",
            "Throstlebank",
            "Holmcliffe",
            "Larkrigg",
            "Ashby Fold",
            "Moorcroft",
            "Calder Rise",
            "Wharfe Bridge",
        ),
        ("LS6", "LS8", "LS11", "LS12", "LS14", "LS17", "LS25", "LS27", "LS28", "LS16"),
    ),
    DemoArea(
        "devon",
        "878",
        "NHS Devon Integrated Care Board",
        878,
        (
            "Coombe Barton",
            "Exmoor Gate",
            "Tamarside",
            "Redcliffe Down",
            "Otterbrook",
            "Hallow Cross",
            "Dartleigh",
            "Kingsbrook",
            "Wembury Vale",
            "Torrbridge",
        ),
        ("EX4", "EX2", "TQ12", "EX16", "EX31", "PL21", "TQ9", "EX39", "EX10", "EX20"),
    ),
    DemoArea(
        "camden",
        "202",
        "NHS North Central London Integrated Care Board",
        202,
        (
            "Fleet Valley",
            "Belsize Row",
            "Chalcot Green",
            "Regent's Mews",
            "Highgate Fields",
            "Kentish Lane",
            "Brunswick Fields",
            "Primrose Rise",
            "Tavistock Gardens",
            "Mornington Park",
        ),
        ("NW1", "NW3", "NW5", "WC1", "NW6", "N6", "N19", "NW1", "WC1", "NW5"),
    ),
)

FIRST_NAMES = (
    "Amara",
    "Ayaan",
    "Bella",
    "Caleb",
    "Chloe",
    "Dylan",
    "Ebony",
    "Eli",
    "Esme",
    "Ethan",
    "Freya",
    "Hamza",
    "Harper",
    "Idris",
    "Isla",
    "Jayden",
    "Kai",
    "Keira",
    "Leo",
    "Lily",
    "Logan",
    "Maisie",
    "Mason",
    "Maya",
    "Musa",
    "Nia",
    "Noah",
    "Olivia",
    "Oscar",
    "Poppy",
    "Rhys",
    "Rosa",
    "Rowan",
    "Sami",
    "Sienna",
    "Theo",
    "Tomasz",
    "Willow",
    "Yusuf",
    "Zara",
    "Aleksander",
    "Brooke",
    "Corey",
    "Daisy",
    "Ezra",
    "Grace",
    "Ibrahim",
    "Jude",
    "Kian",
    "Layla",
)
SURNAMES = (
    "Adeyemi",
    "Ahmed",
    "Ashworth",
    "Bailey",
    "Barker",
    "Begum",
    "Brennan",
    "Chowdhury",
    "Clarke",
    "Dawson",
    "Dobson",
    "Evans",
    "Fairclough",
    "Fletcher",
    "Gill",
    "Greenwood",
    "Hartley",
    "Hussain",
    "Jennings",
    "Kaur",
    "Kowalski",
    "Lister",
    "Mahmood",
    "McAllister",
    "Mensah",
    "Morgan",
    "Nowak",
    "Okafor",
    "Patel",
    "Pearson",
    "Quinn",
    "Rahman",
    "Rashid",
    "Roberts",
    "Sutcliffe",
    "Thornton",
    "Trelawny",
    "Varga",
    "Walsh",
    "Whitaker",
)
MOTHER_FIRST_NAMES = (
    "Aisha",
    "Claire",
    "Fatima",
    "Gemma",
    "Joanne",
    "Leanne",
    "Nadia",
    "Rachel",
    "Sadia",
    "Tanya",
)
FATHER_FIRST_NAMES = (
    "Andrew",
    "Daniel",
    "Ian",
    "Kwame",
    "Marek",
    "Paul",
    "Stephen",
    "Wayne",
    "Tariq",
    "Gareth",
)
PARENT_FIRST_NAMES = MOTHER_FIRST_NAMES + FATHER_FIRST_NAMES

# The people in each partnership: role, email local part, and where the membership is held.
PARTNERSHIP_PEOPLE: tuple[tuple[str, str, str], ...] = (
    (Role.PARENT_CARER, "parent", "partnership"),
    (Role.YOUNG_PERSON, "young-person", "partnership"),
    (Role.SENCO, "senco", "primary_rp"),
    (Role.HEADTEACHER, "headteacher", "primary_rp"),
    (Role.LA_CASEWORKER, "caseworker", "partnership"),
    (Role.LA_SEND_MANAGER, "send-manager", "partnership"),
    (Role.HEALTH_OFFICER, "health-officer", "icb"),
    (Role.SOCIAL_CARE_OFFICER, "social-care-officer", "partnership"),
    (Role.AP_PROVIDER, "ap-provider", "ap"),
    (Role.MEDIATOR, "mediator", "partnership"),
    (Role.SUPPORT_ADMIN, "support-admin", "partnership"),
)

PARENT_CHILDREN = (0, 1)  # the demo parent's two children (siblings)
YOUNG_PERSON_CHILD = 2  # the demo young person is this child, aged 17
MEDIATION_CHILDREN = (1, 9)
# Children placed so that every kind of setting has at least one: index → (setting kind, age).
PLACED_CHILDREN: dict[int, tuple[str, int]] = {
    3: ("ap", 14),
    4: ("special", 9),
    5: ("independent_special", 13),
    6: ("nursery", 3),
    7: ("secondary_rp", 12),
    8: ("secondary", 15),
}


@dataclass
class SignIn:
    role: str
    email: str
    organisation: str


@dataclass
class DemoSeedResult:
    partnerships: list[Partnership] = field(default_factory=list)
    sign_ins: list[SignIn] = field(default_factory=list)


def totp_secret_base32() -> str:
    """The demo TOTP secret as an authenticator app takes it."""
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode("ascii")


def totp_code_now() -> str:
    """The current 6-digit code for the demo TOTP secret (30-second steps)."""
    return f"{totp(bytes.fromhex(DEMO_TOTP_KEY), step=30, t0=0, digits=6):06d}"


def _upsert(model: type[models.Model], lookup: dict, values: dict) -> tuple[models.Model, bool]:
    """Find by ``lookup`` or create; save only the fields whose value differs. Returns (row, created)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = []
    for name, value in values.items():
        field_ = model._meta.get_field(name)
        if field_.is_relation:
            current, wanted = getattr(obj, field_.attname), (value.pk if value is not None else None)
        else:
            current, wanted = getattr(obj, name), value
        if current != wanted:
            setattr(obj, name, value)
            changed.append(name)
    if changed:
        obj.save(update_fields=changed)
    return obj, False


def _email(local_part: str, place: str) -> str:
    return f"{local_part}@{place}.{DEMO_EMAIL_DOMAIN}"


def _user(*, email: str, full_name: str, password_hash: str, is_staff: bool = False) -> User:
    user, created = _upsert(
        User, {"email": email}, {"full_name": full_name, "is_active": True, "is_staff": is_staff}
    )
    if created or not user.check_password(DEMO_PASSWORD):
        user.password = password_hash
        user.save(update_fields=["password"])
    return user


def _totp_device(user: User) -> None:
    _upsert(
        TOTPDevice,
        {"user": user, "name": "Demo authenticator app"},
        {"key": DEMO_TOTP_KEY, "confirmed": True},
    )


def _membership(user: User, role: str, **scope) -> None:
    scope_fields = {"partnership": None, "setting": None, "icb": None, "region": None, **scope}
    _upsert(Membership, {"user": user, "role": role, **scope_fields}, {"is_active": True})


def _nhs_number(start: int) -> str:
    """The first valid NHS number at or after ``start`` (a 9-digit body in the 999 test range)."""
    body = start
    while True:
        digits = f"{body:09d}"
        total = sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True))
        check = (11 - total % 11) % 11
        if check != 10:
            number = f"{digits}{check}"
            validate_nhs_number(number)
            return number
        body += 1


def _upn(la_code: str, establishment: int, year: int, serial: int) -> str:
    body = f"{la_code}{establishment:04d}{year % 100:02d}{serial:03d}"
    upn = upn_check_letter(body) + body
    validate_upn(upn)
    return upn


def _date_of_birth(rng: random.Random, age: int) -> date:
    birthday = date(ANCHOR_DATE.year - age, ANCHOR_DATE.month, ANCHOR_DATE.day)
    return birthday - timedelta(days=rng.randint(0, 364))


@dataclass
class ChildPlan:
    first_name: str
    last_name: str
    date_of_birth: date
    setting_key: str | None
    nhs: bool
    guardians: list[tuple[str, str]]


def _child_plans(area: DemoArea) -> list[ChildPlan]:
    """The children of one area, computed from its seed alone."""
    rng = random.Random(area.seed)
    plans: list[ChildPlan] = []
    family_surname = rng.choice(SURNAMES)
    for index in range(CHILDREN_PER_PARTNERSHIP):
        if index in PARENT_CHILDREN:
            surname, age = family_surname, (7, 10)[index]
        elif index == YOUNG_PERSON_CHILD:
            surname, age = rng.choice(SURNAMES), 17
        elif index in PLACED_CHILDREN:
            surname, age = rng.choice(SURNAMES), PLACED_CHILDREN[index][1]
        else:
            surname, age = rng.choice(SURNAMES), rng.randint(1, 23)
        first_name = rng.choice(FIRST_NAMES)
        dob = _date_of_birth(rng, age)
        fits = [k.key for k in SETTING_KINDS if k.low_age <= age <= k.high_age]
        if index == YOUNG_PERSON_CHILD:
            setting_key = "college"
        elif index in PARENT_CHILDREN:
            setting_key = "primary_rp"
        elif index in PLACED_CHILDREN:
            setting_key = PLACED_CHILDREN[index][0]
        elif rng.random() < 0.08:
            setting_key = None  # between settings, or electively home educated
        else:
            setting_key = rng.choice(fits)
        guardians: list[tuple[str, str]] = []
        if age < 18:
            relationship = rng.choice(
                [ParentalResponsibility.Relationship.MOTHER] * 5
                + [ParentalResponsibility.Relationship.FATHER] * 2
                + [
                    ParentalResponsibility.Relationship.SPECIAL_GUARDIAN,
                    ParentalResponsibility.Relationship.FOSTER_CARER,
                ]
            )
            names = {
                ParentalResponsibility.Relationship.MOTHER: MOTHER_FIRST_NAMES,
                ParentalResponsibility.Relationship.FATHER: FATHER_FIRST_NAMES,
            }.get(relationship, PARENT_FIRST_NAMES)
            guardians.append((f"{rng.choice(names)} {surname}", relationship))
            if rng.random() < 0.5 and relationship == ParentalResponsibility.Relationship.MOTHER:
                guardians.append(
                    (
                        f"{rng.choice(FATHER_FIRST_NAMES)} {surname}",
                        ParentalResponsibility.Relationship.FATHER,
                    )
                )
        plans.append(
            ChildPlan(first_name, surname, dob, setting_key, nhs=rng.random() < 0.7, guardians=guardians)
        )
    # The two siblings share the demo parent as their first guardian.
    plans[1].guardians = list(plans[0].guardians)
    return plans


def _staff_names(area: DemoArea) -> list[str]:
    rng = random.Random(area.seed + 1)
    return [f"{rng.choice(PARENT_FIRST_NAMES)} {rng.choice(SURNAMES)}" for _ in PARTNERSHIP_PEOPLE]


def _settings(area: DemoArea, index: int, partnership: Partnership, la: LocalAuthority) -> dict[str, Setting]:
    settings_by_key: dict[str, Setting] = {}
    for position, kind in enumerate(SETTING_KINDS):
        place = area.places[position]
        setting, _ = _upsert(
            Setting,
            {"urn": URN_BASE + index * 1000 + position + 1},
            {
                "partnership": partnership,
                "local_authority": la,
                "name": kind.name.format(place=place),
                "setting_type": kind.setting_type,
                "establishment_type": kind.establishment_type,
                "phase": kind.phase,
                "trust_name": kind.trust.format(place=place),
                "statutory_low_age": kind.low_age,
                "statutory_high_age": kind.high_age,
                "need_types_served": list(kind.needs),
                "capacity": kind.capacity,
                "has_resourced_provision": kind.resourced_provision is not None,
                "resourced_provision_capacity": kind.resourced_provision,
                "postcode": area.postcodes[position],
                "is_open": True,
            },
        )
        settings_by_key[kind.key] = setting
    return settings_by_key


def _seed_area(area: DemoArea, index: int, password_hash: str, result: DemoSeedResult) -> None:
    la = LocalAuthority.objects.get(dfe_code=area.la_dfe_code, status=LocalAuthority.Status.LIVE)
    icb = ICB.objects.get(name=area.icb_name)
    partnership, _ = _upsert(
        Partnership,
        {"slug": area.slug},
        {
            "name": f"{la.name} SEND Partnership",
            "parent_carer_forum": f"{la.name} Parent Carer Forum (demo)",
            "information_advice_service": f"{la.name} SEND Information, Advice and Support Service (demo)",
            "contact_email": _email("send", area.slug),
        },
    )
    partnership.local_authorities.add(la)
    partnership.icbs.add(icb)
    result.partnerships.append(partnership)
    settings_by_key = _settings(area, index, partnership, la)
    kinds = {kind.key: kind for kind in SETTING_KINDS}

    plans = _child_plans(area)
    people: dict[str, User] = {}
    for (role, local_part, scope), staff_name in zip(PARTNERSHIP_PEOPLE, _staff_names(area), strict=True):
        if role == Role.PARENT_CARER:
            full_name = plans[PARENT_CHILDREN[0]].guardians[0][0]
        elif role == Role.YOUNG_PERSON:
            young = plans[YOUNG_PERSON_CHILD]
            full_name = f"{young.first_name} {young.last_name}"
        else:
            full_name = staff_name
        user = _user(
            email=_email(local_part, area.slug),
            full_name=full_name,
            password_hash=password_hash,
            is_staff=role == Role.SUPPORT_ADMIN,
        )
        if scope == "partnership":
            _membership(user, role, partnership=partnership)
        elif scope == "icb":
            _membership(user, role, icb=icb)
        else:
            _membership(user, role, setting=settings_by_key[scope])
        if role not in FAMILY_ROLES:
            _totp_device(user)
        people[role] = user
        organisation = (
            settings_by_key[scope].name
            if scope in settings_by_key
            else (icb.name if scope == "icb" else partnership.name)
        )
        result.sign_ins.append(SignIn(role=Role(role).label, email=user.email, organisation=organisation))

    caseworker = people[Role.LA_CASEWORKER]
    with rls.system_scope(), pghistory.context(action="seed_demo"):
        for serial, plan in enumerate(plans, start=1):
            setting = settings_by_key[plan.setting_key] if plan.setting_key else None
            establishment = kinds[plan.setting_key].establishment_number if plan.setting_key else 1000
            allocated = min(plan.date_of_birth.year + 4, ANCHOR_DATE.year)
            upn = _upn(area.la_dfe_code, establishment, allocated, serial)
            nhs_number = _nhs_number(999_000_000 + index * 100_000 + serial * 37) if plan.nhs else ""
            lookup = {"partnership": partnership, "upn": upn}
            values = {
                "first_name": plan.first_name,
                "last_name": plan.last_name,
                "date_of_birth": plan.date_of_birth,
                "nhs_number": nhs_number,
                "home_local_authority": la,
                "current_setting": setting,
            }
            existing = Child.objects.filter(**lookup).exists()
            if not existing:
                Child(**lookup, **values).full_clean()
            child, _ = _upsert(Child, lookup, values)
            for position, (name, relationship) in enumerate(plan.guardians):
                is_parent_user = serial - 1 in PARENT_CHILDREN and position == 0
                parent = people[Role.PARENT_CARER] if is_parent_user else None
                _upsert(
                    ParentalResponsibility,
                    {"child": child, "full_name": name},
                    {
                        "partnership": partnership,
                        "relationship": relationship,
                        "email": parent.email if parent else "",
                        "user": parent,
                    },
                )
            for role, participant_role, reason in _participants(serial - 1, setting, settings_by_key):
                _upsert(
                    CaseParticipant,
                    {"child": child, "user": people[role], "role": participant_role},
                    {
                        "partnership": partnership,
                        "reason": reason,
                        "granted_by": caseworker,
                        "revoked_at": None,
                        "expires_at": None,
                    },
                )


def _participants(index: int, setting: Setting | None, settings_by_key: dict[str, Setting]):
    """Who is linked to the case of the child at ``index``: (membership role, participant role, reason)."""
    linked = []
    if index in PARENT_CHILDREN:
        linked.append(
            (Role.PARENT_CARER, CaseParticipant.Role.PARENT_CARER, "Parent with parental responsibility")
        )
    if index == YOUNG_PERSON_CHILD:
        linked.append((Role.YOUNG_PERSON, CaseParticipant.Role.YOUNG_PERSON, "The young person themselves"))
    if setting is not None and setting.pk == settings_by_key["primary_rp"].pk:
        linked.append((Role.SENCO, CaseParticipant.Role.SENCO, "SENCO at the child's school"))
    if index % 3 == 0:
        linked.append(
            (Role.HEALTH_OFFICER, CaseParticipant.Role.HEALTH_OFFICER, "Designated clinical officer")
        )
    if index % 4 == 1:
        linked.append(
            (Role.SOCIAL_CARE_OFFICER, CaseParticipant.Role.SOCIAL_CARE_OFFICER, "Children's social care")
        )
    if index in MEDIATION_CHILDREN:
        linked.append(
            (Role.MEDIATOR, CaseParticipant.Role.MEDIATOR, "Mediation about the content of the plan")
        )
    return linked


@transaction.atomic
def demo_data_seed() -> DemoSeedResult:
    """Create or refresh the demo partnerships, settings, children and people. Needs the reference data."""
    result = DemoSeedResult()
    password_hash = make_password(DEMO_PASSWORD)
    for index, area in enumerate(AREAS):
        _seed_area(area, index, password_hash, result)
    regions = (
        Region.objects.filter(local_authorities__partnerships__in=result.partnerships)
        .distinct()
        .order_by("code")
    )
    for region in regions:
        user = _user(
            email=_email("regional-officer", slugify(region.name)),
            full_name=f"{region.name} Regional Officer",
            password_hash=password_hash,
        )
        _membership(user, Role.DFE_REGIONAL_OFFICER, region=region)
        _totp_device(user)
        result.sign_ins.append(
            SignIn(role=Role.DFE_REGIONAL_OFFICER.label, email=user.email, organisation=region.name)
        )
    analyst = _user(
        email=_email("national-analyst", "dfe"), full_name="National Analyst", password_hash=password_hash
    )
    _membership(analyst, Role.DFE_NATIONAL_ANALYST)
    _totp_device(analyst)
    result.sign_ins.append(
        SignIn(role=Role.DFE_NATIONAL_ANALYST.label, email=analyst.email, organisation="England")
    )
    national_admin = _user(
        email=_email("national-admin", "dfe"), full_name="National Administrator", password_hash=password_hash
    )
    _membership(national_admin, Role.DFE_NATIONAL_ADMIN)
    _totp_device(national_admin)
    result.sign_ins.append(
        SignIn(role=Role.DFE_NATIONAL_ADMIN.label, email=national_admin.email, organisation="England")
    )
    return result
