"""National-scale synthetic data: every live local authority in England as a partnership, with EHC plans
and open cases in the volumes its published SEN2 figures suggest (docs/adr/0011).

``manage.py seed_national --scale 1.0`` builds about 640,000 active plans and 100,000 open cases;
``--scale 0.0156`` about 10,000 plans. Everything is deterministic from the seed: each local authority
draws from its own ``random.Random(f"{seed}:{ons_code}")``, so the rows do not depend on the order of
loading or on the batch size. Nothing here is a real person: names are drawn from short lists, settings
are invented (URNs in the unused 800000 range), and staff accounts have unusable passwords.

How the volumes are chosen (from ``reference_data/sen2_mi.csv`` as loaded into ``PublishedLAStatistic``,
latest year in the file):

- active plans are shared out in proportion to ``new_all_ehc`` (new EHC plans in the year); the SEN2
  management information has no count of active plans per authority, and new plans are the closest
  published proxy;
- open cases in proportion to ``inreq_ehc`` (initial requests for an assessment in the year);
- the share of final plans issued within 20 weeks from ``no_exc_20week_rate`` (excluding exception
  cases) and ``inc_exc_20week_rate`` (including them); where DfE published ``x``, England's rate is used;
- 5.2% of plans have an exception to the 20-week limit: England's
  ``1 - tot_no_exc_ehc / tot_inc_exc_ehc`` in 2022 (62,108 of 65,512 plans were not exception cases).

An authority without figures for the latest year (created after it) takes those of the authority it
replaced, shared equally between successors (Cumbria's between Cumberland and Westmorland and Furness);
failing that, the median authority's.

Every deadline is computed with ``clock.deadlines_for`` exactly as ``services._create_deadlines`` would
on the day of the event, closed as ``services._close`` would on the day the action was done, and marked
``not_needed`` as ``services._not_needed`` would; a deadline that passed before ``today`` without the
action is ``missed`` (as the nightly sweep leaves it). ``next_due_on`` is then the earliest due date of
the case's deadlines not yet done and not ``not_needed`` (``services._refresh_next_due``).

Plans are versioned as ``services_plans`` leaves them: a served draft is an issued ``draft`` version and a
working copy for the final plan; a final plan is the issued draft and the issued ``final`` version naming
the setting in section I (``Plan.current_version``), with its first ``annual_review_due`` deadline on the
plan 12 months after it was made (``schedule_next_review``). The content is one complete plan
(``plan_samples.complete_plan``) made once per load, with each child's first name and section I put in.

Loading: rows are generated in Python (pure functions of the random generator, the day and the ids
handed out), then written with ``COPY`` into temporary staging tables and moved with one
``INSERT … SELECT`` per table and batch. PostgreSQL refuses ``COPY FROM`` into a table under row-level
security (all the case tables), hence the staging step; the insert runs inside ``rls.system_scope``.
Audit triggers (pghistory through pgtrigger) are skipped for the load by setting ``pgtrigger.ignore``
for the transaction, which is what ``pgtrigger.ignore()`` does for ORM statements: synthetic rows have
no history. Ids are reserved from each table's sequence up front, so the generator needs no database.
Into empty tables (the benchmark database) the load is one transaction that drops and rebuilds the
loaded tables' secondary indexes and foreign keys (``Loader``); otherwise it goes in batches.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import random
import statistics
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pghistory.models
import pgtrigger
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django_otp.plugins.otp_totp.models import TOTPDevice

from dashboards.models import PublishedLAStatistic
from partnerships import demo, rls
from partnerships.models import ICB, LocalAuthority, Membership, Partnership, Setting, User
from partnerships.reference import read_csv, reference_path
from partnerships.roles import Role

from . import clock, plan_content, plan_samples, quality

ENGLAND_ACTIVE_PLANS = 640_000
ENGLAND_OPEN_CASES = 100_000
EXCEPTION_SHARE = 0.052
SEN2_PLANS_COLUMN = "new_all_ehc"
SEN2_REQUESTS_COLUMN = "inreq_ehc"
SEN2_RATE_COLUMNS = ("no_exc_20week_rate", "inc_exc_20week_rate")

SLUG_PREFIX = "syn-"
EMAIL_DOMAIN = "synthetic.send.example"
BENCH_CASEWORKER_EMAIL = f"bench-caseworker@{EMAIL_DOMAIN}"
BENCH_PARENT_EMAIL = f"bench-parent@{EMAIL_DOMAIN}"
UNUSABLE_PASSWORD = "!synthetic-account-no-sign-in"  # noqa: S105 - starts with "!": never a valid password
URN_BASE = 800_000
PARENT_SAMPLE = 50  # one open case in this many has a parent who uses the service
FIRST_RULES_DAY = date(2015, 9, 1)  # final plans are issued after this, so every request has rules

# Authorities that took over part of a terminated one which the reference data links to another
# successor (reference.SUCCESSORS names Cumberland for Cumbria; Westmorland and Furness took the rest).
EXTRA_PREDECESSORS: dict[str, tuple[str, ...]] = {"E06000064": ("E10000006",)}

# The 42 ICBs (2022) and the upper-tier authorities in their areas. An authority split between ICBs
# is listed under each (Essex, Hampshire, Surrey, Suffolk); the first is its main ICB.
ICB_AREAS: dict[str, tuple[str, ...]] = {
    "North East and North Cumbria": ("Hartlepool", "Middlesbrough", "Redcar and Cleveland",
        "Stockton-on-Tees", "Darlington", "County Durham", "Northumberland", "Newcastle upon Tyne",
        "North Tyneside", "South Tyneside", "Sunderland", "Gateshead", "Cumberland"),
    "Lancashire and South Cumbria": ("Blackburn with Darwen", "Blackpool", "Lancashire",
        "Westmorland and Furness"),
    "Cheshire and Merseyside": ("Halton", "Warrington", "Cheshire East", "Cheshire West and Chester",
        "Knowsley", "Liverpool", "St. Helens", "Sefton", "Wirral"),
    "Greater Manchester": ("Bolton", "Bury", "Manchester", "Oldham", "Rochdale", "Salford", "Stockport",
        "Tameside", "Trafford", "Wigan"),
    "Humber and North Yorkshire": ("East Riding of Yorkshire", "Kingston upon Hull, City of",
        "North East Lincolnshire", "North Lincolnshire", "York", "North Yorkshire"),
    "South Yorkshire": ("Barnsley", "Doncaster", "Rotherham", "Sheffield"),
    "West Yorkshire": ("Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"),
    "Derby and Derbyshire": ("Derby", "Derbyshire"),
    "Leicester, Leicestershire and Rutland": ("Leicester", "Leicestershire", "Rutland"),
    "Lincolnshire": ("Lincolnshire",),
    "Northamptonshire": ("North Northamptonshire", "West Northamptonshire"),
    "Nottingham and Nottinghamshire": ("Nottingham", "Nottinghamshire"),
    "Birmingham and Solihull": ("Birmingham", "Solihull"),
    "Black Country": ("Dudley", "Sandwell", "Walsall", "Wolverhampton"),
    "Coventry and Warwickshire": ("Coventry", "Warwickshire"),
    "Herefordshire and Worcestershire": ("Herefordshire, County of", "Worcestershire"),
    "Shropshire, Telford and Wrekin": ("Shropshire", "Telford and Wrekin"),
    "Staffordshire and Stoke-on-Trent": ("Staffordshire", "Stoke-on-Trent"),
    "Bedfordshire, Luton and Milton Keynes": ("Bedford", "Central Bedfordshire", "Luton", "Milton Keynes"),
    "Cambridgeshire and Peterborough": ("Cambridgeshire", "Peterborough"),
    "Hertfordshire and West Essex": ("Hertfordshire", "Essex"),
    "Mid and South Essex": ("Southend-on-Sea", "Thurrock", "Essex"),
    "Norfolk and Waveney": ("Norfolk", "Suffolk"),
    "Suffolk and North East Essex": ("Suffolk", "Essex"),
    "North Central London": ("Barnet", "Camden", "Enfield", "Haringey", "Islington"),
    "North East London": ("Barking and Dagenham", "City of London", "Hackney", "Havering", "Newham",
        "Redbridge", "Tower Hamlets", "Waltham Forest"),
    "North West London": ("Brent", "Ealing", "Hammersmith and Fulham", "Harrow", "Hillingdon", "Hounslow",
        "Kensington and Chelsea", "Westminster"),
    "South East London": ("Bexley", "Bromley", "Greenwich", "Lambeth", "Lewisham", "Southwark"),
    "South West London": ("Croydon", "Kingston upon Thames", "Merton", "Richmond upon Thames", "Sutton",
        "Wandsworth"),
    "Buckinghamshire, Oxfordshire and Berkshire West": ("Buckinghamshire", "Oxfordshire", "Reading",
        "West Berkshire", "Wokingham"),
    "Frimley": ("Bracknell Forest", "Slough", "Windsor and Maidenhead", "Surrey", "Hampshire"),
    "Hampshire and Isle of Wight": ("Hampshire", "Isle of Wight", "Portsmouth", "Southampton"),
    "Kent and Medway": ("Kent", "Medway"),
    "Surrey Heartlands": ("Surrey",),
    "Sussex": ("Brighton and Hove", "East Sussex", "West Sussex"),
    "Bath and North East Somerset, Swindon and Wiltshire": ("Bath and North East Somerset", "Swindon",
        "Wiltshire"),
    "Bristol, North Somerset and South Gloucestershire": ("Bristol, City of", "North Somerset",
        "South Gloucestershire"),
    "Cornwall and the Isles of Scilly": ("Cornwall", "Isles of Scilly"),
    "Devon": ("Devon", "Plymouth", "Torbay"),
    "Dorset": ("Dorset", "Bournemouth, Christchurch and Poole"),
    "Gloucestershire": ("Gloucestershire",),
    "Somerset": ("Somerset",),
}  # fmt: skip
MAIN_ICB: dict[str, str] = {"Essex": "Mid and South Essex", "Hampshire": "Hampshire and Isle of Wight"}
MAIN_ICB |= {"Surrey": "Surrey Heartlands", "Suffolk": "Suffolk and North East Essex"}


# --- Volumes from the published figures ------------------------------------------------------------------


@dataclass(frozen=True)
class LAFigures:
    """What one live authority's latest published SEN2 row says, as weights and rates."""

    local_authority_id: int
    ons_code: str
    name: str
    year: int
    new_plans: float
    requests: float
    within_20_weeks: float  # share of new plans issued within 20 weeks, exception cases left out
    within_20_weeks_all: float  # the same with exception cases counted
    source: str


@dataclass(frozen=True)
class LAVolume:
    figures: LAFigures
    plans: int
    open_cases: int

    @property
    def on_time(self) -> float:
        return self.figures.within_20_weeks

    @property
    def on_time_when_excepted(self) -> float:
        """The on-time share among exception cases that makes the published all-cases rate come out."""
        rate = (self.figures.within_20_weeks_all - (1 - EXCEPTION_SHARE) * self.on_time) / EXCEPTION_SHARE
        return min(1.0, max(0.0, rate))


def _rate(value) -> float | None:
    return float(value) / 100 if value is not None else None


def la_figures() -> list[LAFigures]:
    """One row per live local authority (153), in ONS code order, from the latest SEN2 year loaded."""
    year = PublishedLAStatistic.objects.aggregate(year=Max("year"))["year"]
    if year is None:
        raise ValueError("No SEN2 statistics are loaded: run manage.py load_reference_data first")
    stats = {s.local_authority_id: s for s in PublishedLAStatistic.objects.filter(year=year)}
    authorities = {la.pk: la for la in LocalAuthority.objects.all()}
    by_ons = {la.ons_code: la for la in authorities.values()}
    successors: dict[int, list[int]] = defaultdict(list)
    for la in authorities.values():
        if la.superseded_by_id:
            successors[la.pk].append(la.superseded_by_id)
    for successor, predecessors in EXTRA_PREDECESSORS.items():
        for code in predecessors:
            if code in by_ons and successor in by_ons:
                successors[by_ons[code].pk].append(by_ons[successor].pk)
    predecessors_of: dict[int, list[int]] = defaultdict(list)
    for old, new in successors.items():
        for la_id in new:
            predecessors_of[la_id].append(old)

    def usable(stat) -> bool:
        return stat is not None and stat.new_all_ehc is not None and stat.inreq_ehc is not None

    published = [s for s in stats.values() if usable(s)]
    england_excl = sum(s.no_exc_20week_ehc or 0 for s in published) / max(
        1, sum(s.tot_no_exc_ehc or 0 for s in published if s.no_exc_20week_ehc is not None)
    )
    rated = [s for s in published if s.inc_exc_20week_rate is not None]
    england_all = sum(float(s.inc_exc_20week_rate) * s.new_all_ehc for s in rated) / max(
        1, 100 * sum(s.new_all_ehc for s in rated)
    )
    median_plans = statistics.median(s.new_all_ehc for s in published)
    median_requests = statistics.median(s.inreq_ehc for s in published)

    rows = []
    # The live authorities SEN2 knows: published for some year, or successors of one that was.
    published_ever = set(PublishedLAStatistic.objects.values_list("local_authority_id", flat=True).distinct())
    known = [
        la
        for la in authorities.values()
        if la.status == LocalAuthority.Status.LIVE
        and (la.pk in published_ever or published_ever & set(predecessors_of[la.pk]))
    ]
    for la in sorted(known, key=lambda a: a.ons_code):
        own = stats.get(la.pk)
        if usable(own):
            parts = [(own, 1.0)]
            source = f"{year}"
        else:
            parts = [
                (stats[old], 1 / len(successors[old]))
                for old in predecessors_of[la.pk]
                if usable(stats.get(old))
            ]
            names = ", ".join(
                f"{authorities[old].name} ({authorities[old].dfe_code})" for old in predecessors_of[la.pk]
            )
            source = f"{year}, from {names}" if parts else f"{year}: none published, median authority"
        if parts:
            new_plans = sum(s.new_all_ehc * share for s, share in parts)
            requests = sum(s.inreq_ehc * share for s, share in parts)
            excl = _weighted([(_rate(s.no_exc_20week_rate), s.new_all_ehc * share) for s, share in parts])
            every = _weighted([(_rate(s.inc_exc_20week_rate), s.new_all_ehc * share) for s, share in parts])
        else:
            new_plans, requests, excl, every = median_plans, median_requests, None, None
        rows.append(
            LAFigures(
                local_authority_id=la.pk,
                ons_code=la.ons_code,
                name=la.name,
                year=year,
                new_plans=float(new_plans),
                requests=float(requests),
                within_20_weeks=excl if excl is not None else england_excl,
                within_20_weeks_all=every if every is not None else england_all,
                source=source,
            )
        )
    return rows


def _weighted(pairs: list[tuple[float | None, float]]) -> float | None:
    known = [(value, weight) for value, weight in pairs if value is not None and weight > 0]
    if not known:
        return None
    return sum(v * w for v, w in known) / sum(w for _, w in known)


def apportion(total: int, weights: list[float]) -> list[int]:
    """Share ``total`` out in proportion to ``weights`` in whole numbers that add up to it exactly
    (largest remainder; ties go to the earlier entry)."""
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    quotas = [total * w / whole for w in weights]
    shares = [math.floor(q) for q in quotas]
    left = total - sum(shares)
    for i in sorted(range(len(weights)), key=lambda i: (-(quotas[i] - shares[i]), i))[:left]:
        shares[i] += 1
    return shares


def la_volumes(figures: list[LAFigures], scale: float) -> list[LAVolume]:
    plans = apportion(round(ENGLAND_ACTIVE_PLANS * scale), [f.new_plans for f in figures])
    cases = apportion(round(ENGLAND_OPEN_CASES * scale), [f.requests for f in figures])
    return [LAVolume(f, p, c) for f, p, c in zip(figures, plans, cases, strict=True)]


# --- Settings and people ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SettingProfile:
    """A kind of setting on each register: its share of the register and the fewest any area has."""

    key: str
    suffix: str
    setting_type: str
    phase: str
    establishment_types: tuple[str, ...]  # names used in reference_data/school_types.csv
    ages: tuple[int, int]
    capacity: tuple[int, int]
    share: float
    minimum: int
    needs: tuple[str, ...] = ()


T = Setting.Type
PH = Setting.Phase
SETTING_PROFILES: tuple[SettingProfile, ...] = (
    SettingProfile("pvi", "Day Nursery", T.EARLY_YEARS, PH.NURSERY, ("Private group-based providers",), (0, 4), (30, 90), 0.08, 1),
    SettingProfile("nursery", "Nursery School", T.EARLY_YEARS, PH.NURSERY, ("Maintained nursery schools",), (2, 4), (60, 120), 0.02, 0),
    SettingProfile("primary", "Primary School", T.MAINSTREAM, PH.PRIMARY, ("Community school", "Voluntary controlled school", "Voluntary aided school", "Foundation school"), (4, 11), (105, 630), 0.38, 3),
    SettingProfile("primary_academy", "Primary Academy", T.MAINSTREAM, PH.PRIMARY, ("Academy converter", "Academy sponsor led", "Free school"), (4, 11), (210, 630), 0.2, 1),
    SettingProfile("secondary", "Academy", T.MAINSTREAM, PH.SECONDARY, ("Academy converter", "Academy sponsor led", "Free school"), (11, 18), (750, 1800), 0.1, 2),
    SettingProfile("secondary_la", "High School", T.MAINSTREAM, PH.SECONDARY, ("Community school", "Foundation school", "Voluntary aided school"), (11, 16), (600, 1400), 0.04, 0),
    SettingProfile("all_through", "Free School", T.MAINSTREAM, PH.ALL_THROUGH, ("Free school",), (4, 18), (900, 1600), 0.01, 0),
    SettingProfile("special", "School", T.SPECIAL, PH.ALL_THROUGH, ("Community school", "Academy converter", "Free school"), (2, 19), (60, 220), 0.05, 2, ("SLD", "PMLD", "ASD", "PD", "MSI")),
    SettingProfile("special_semh", "Academy (SEMH)", T.SPECIAL, PH.SECONDARY, ("Academy sponsor led", "Free school"), (11, 16), (40, 120), 0.015, 0, ("SEMH",)),
    SettingProfile("ap", "Learning Centre", T.ALTERNATIVE_PROVISION, PH.SECONDARY, ("Pupil referral unit",), (11, 16), (30, 90), 0.015, 1, ("SEMH",)),
    SettingProfile("independent_special", "House School", T.INDEPENDENT_SPECIAL, PH.ALL_THROUGH, ("Independent school",), (7, 19), (20, 80), 0.02, 1, ("ASD", "SEMH", "SLCN")),
    SettingProfile("independent", "Preparatory School", T.INDEPENDENT, PH.ALL_THROUGH, ("Independent school",), (3, 18), (150, 700), 0.02, 0),
    SettingProfile("college", "College", T.FURTHER_EDUCATION, PH.POST_16, ("General FE college including tertiary",), (16, 25), (2000, 9000), 0.02, 1),
    SettingProfile("sixth_form", "Sixth Form College", T.FURTHER_EDUCATION, PH.POST_16, ("Sixth form college",), (16, 19), (800, 2500), 0.01, 0),
    SettingProfile("specialist_college", "Specialist College", T.FURTHER_EDUCATION, PH.POST_16, ("Specialist college",), (16, 25), (30, 150), 0.005, 0, ("SLD", "ASD")),
)  # fmt: skip
PLACE_STEMS = (
    "Oak", "Ash", "Elm", "Mill", "Brook", "Church", "Park", "Hill", "Castle", "Green", "Meadow", "River",
    "Moor", "Bridge", "Holly", "Beech", "Kings", "Queens", "Fern", "Willow", "Thorn", "Stone", "Hazel",
    "Marsh", "Heath", "Orchard", "Lark", "Wren", "Rose", "Cedar",
)  # fmt: skip
PLACE_ENDINGS = (
    "field", "wood", "lands", "side", "gate", "ley", "ton", "bury", "dale", "croft", "hurst", "mead",
    "well", "combe", "bank", "brook", "view", " Vale", " Fields", " Park",
)  # fmt: skip
EXTRA_FIRST_NAMES = (
    "Aaliyah", "Alfie", "Archie", "Aria", "Arthur", "Ava", "Callum", "Charlie", "Darcy", "Elijah",
    "Ella", "Emily", "Evie", "Finley", "Florence", "George", "Georgia", "Harry", "Henry", "Isaac",
    "Ivy", "Jack", "Jacob", "Jasmine", "Joshua", "Lucas", "Luna", "Mia", "Millie", "Mohammed", "Muhammad",
    "Nathan", "Niamh", "Oliver", "Phoebe", "Reggie", "Riley", "Ruby", "Sofia", "Sophie", "Teddy", "Tyler",
    "Zain", "Zoe", "Aisha", "Ben", "Connor", "Eva", "Fatima", "Iris",
)  # fmt: skip
EXTRA_SURNAMES = (
    "Allen", "Bell", "Brown", "Campbell", "Cooper", "Davies", "Edwards", "Green", "Hall", "Harris", "Hill",
    "Hughes", "Jackson", "James", "Johnson", "Jones", "King", "Lee", "Lewis", "Martin", "Mitchell",
    "Moore", "Murphy", "Parker", "Phillips", "Price", "Richardson", "Robinson", "Scott", "Shah", "Smith",
    "Stewart", "Taylor", "Thomas", "Thompson", "Turner", "Ward", "Watson", "White", "Williams", "Wilson",
    "Wood", "Wright", "Young", "Ali", "Khan", "Singh", "Okoro", "Novak", "Kelly",
)  # fmt: skip
FIRST_NAMES = demo.FIRST_NAMES + EXTRA_FIRST_NAMES
SURNAMES = demo.SURNAMES + EXTRA_SURNAMES
PARENT_FIRST_NAMES = (*demo.MOTHER_FIRST_NAMES * 3, *demo.FATHER_FIRST_NAMES)
STAFF_FIRST_NAMES = (*demo.PARENT_FIRST_NAMES, "Helen", "Mark", "Priya", "Simon", "Yasmin", "Owen")


def establishment_types_known() -> set[str]:
    """The establishment and provider type names DfE uses, from ``reference_data/school_types.csv``."""
    return {row["filter_item"] for row in read_csv(reference_path("school_types.csv"))}


@dataclass
class SettingInfo:
    id: int
    key: str
    setting_type: str
    low: int
    high: int
    name: str
    section_i: str  # the JSON of section I naming this setting (plan_content.SectionI)


@dataclass
class Area:
    """One partnership and what the case generator needs to know about it."""

    index: int
    volume: LAVolume
    slug: str
    partnership_id: int = 0
    icb_ids: list[int] = field(default_factory=list)
    settings: list[SettingInfo] = field(default_factory=list)
    caseworker_ids: list[int] = field(default_factory=list)
    manager_id: int = 0
    social_care_id: int = 0
    senco_by_setting: dict[int, int] = field(default_factory=dict)
    health_by_icb: dict[int, int] = field(default_factory=dict)
    is_bench: bool = False

    @property
    def la_id(self) -> int:
        return self.volume.figures.local_authority_id


def _setting_counts(plans: int) -> list[int]:
    total = max(12, min(600, round(plans / 30)))
    counts = [max(p.minimum, round(total * p.share)) for p in SETTING_PROFILES]
    return counts


def _place(rng: random.Random) -> str:
    return rng.choice(PLACE_STEMS) + rng.choice(PLACE_ENDINGS)


def _person(rng: random.Random, first_names=STAFF_FIRST_NAMES) -> str:
    return f"{rng.choice(first_names)} {rng.choice(SURNAMES)}"


def build_register(areas: list[Area], *, seed: int, icbs_by_la: dict[int, list[int]]) -> None:
    """Partnerships, settings, staff and memberships for every area (ORM bulk inserts, a few thousand rows).

    Each area gets its settings (``SETTING_PROFILES``, about one per 30 plans, at least 12), three to eight
    caseworkers, a SEND manager, a social care officer and SENCOs at its first schools (2 to 10, one per
    200 plans); each ICB a
    designated clinical officer (health officer). The benchmark area's first caseworker is
    ``BENCH_CASEWORKER_EMAIL``, with a confirmed authenticator app so the pages can be measured.
    """
    missing = {t for p in SETTING_PROFILES for t in p.establishment_types} - establishment_types_known()
    if missing:
        raise ValueError(f"Establishment types not in school_types.csv: {sorted(missing)}")
    partnerships = Partnership.objects.bulk_create(
        [
            Partnership(
                name=f"{area.volume.figures.name} SEND Partnership (synthetic)",
                slug=area.slug,
                parent_carer_forum=f"{area.volume.figures.name} Parent Carer Forum (synthetic)",
                information_advice_service=f"{area.volume.figures.name} SENDIASS (synthetic)",
                contact_email=f"send@{area.slug}.{EMAIL_DOMAIN}",
            )
            for area in areas
        ]
    )
    la_links, icb_links = [], []
    for area, partnership in zip(areas, partnerships, strict=True):
        area.partnership_id = partnership.pk
        area.icb_ids = icbs_by_la.get(area.la_id, [])
        la_links.append(
            Partnership.local_authorities.through(partnership_id=partnership.pk, localauthority_id=area.la_id)
        )
        icb_links += [Partnership.icbs.through(partnership_id=partnership.pk, icb_id=i) for i in area.icb_ids]
    Partnership.local_authorities.through.objects.bulk_create(la_links)
    Partnership.icbs.through.objects.bulk_create(icb_links)

    settings_rows: list[tuple[Area, SettingProfile, Setting]] = []
    for area in areas:
        rng = random.Random(f"{seed}:{area.volume.figures.ons_code}:register")
        serial = 0
        for profile, count in zip(SETTING_PROFILES, _setting_counts(area.volume.plans), strict=True):
            for _ in range(count):
                serial += 1
                place = _place(rng)
                establishment = rng.choice(profile.establishment_types)
                academy = establishment.startswith(("Academy", "Free school"))
                setting = Setting(
                    partnership_id=area.partnership_id,
                    local_authority_id=area.la_id,
                    urn=URN_BASE + area.index * 1000 + serial,
                    name=f"{place} {profile.suffix}",
                    setting_type=profile.setting_type,
                    establishment_type=establishment,
                    phase=profile.phase,
                    trust_name=f"{place} Learning Trust" if academy and rng.random() < 0.7 else "",
                    statutory_low_age=profile.ages[0],
                    statutory_high_age=profile.ages[1],
                    need_types_served=list(profile.needs),
                    capacity=rng.randint(*profile.capacity),
                    has_resourced_provision=profile.setting_type == T.MAINSTREAM and rng.random() < 0.1,
                    is_open=True,
                )
                settings_rows.append((area, profile, setting))
    Setting.objects.bulk_create([s for _, _, s in settings_rows], batch_size=2000)
    for area, profile, s in settings_rows:
        area.settings.append(
            SettingInfo(
                s.pk,
                profile.key,
                s.setting_type,
                s.statutory_low_age,
                s.statutory_high_age,
                s.name,
                _section_i_json(s.get_setting_type_display(), s.name, str(s.urn or "")),
            )
        )

    joined = datetime(2026, 1, 5, 9, tzinfo=UTC)
    people: list[tuple[User, str, dict, Area | None]] = []

    def person(email: str, full_name: str, role: str, scope: dict, area: Area | None) -> None:
        user = User(email=email, full_name=full_name, password=UNUSABLE_PASSWORD, date_joined=joined)
        people.append((user, role, scope, area))

    icb_ids = sorted({i for area in areas for i in area.icb_ids})
    for icb_id in icb_ids:
        rng = random.Random(f"{seed}:icb:{icb_id}")
        person(f"dco-{icb_id}@{EMAIL_DOMAIN}", _person(rng), Role.HEALTH_OFFICER, {"icb_id": icb_id}, None)
    for area in areas:
        rng = random.Random(f"{seed}:{area.volume.figures.ons_code}:people")
        domain = f"{area.slug}.{EMAIL_DOMAIN}"
        scope = {"partnership_id": area.partnership_id}
        for k in range(3 + min(5, area.volume.open_cases // 500)):
            email = BENCH_CASEWORKER_EMAIL if area.is_bench and k == 0 else f"caseworker-{k + 1}@{domain}"
            person(email, _person(rng), Role.LA_CASEWORKER, scope, area)
        person(f"send-manager@{domain}", _person(rng), Role.LA_SEND_MANAGER, scope, area)
        person(f"social-care@{domain}", _person(rng), Role.SOCIAL_CARE_OFFICER, scope, area)
        sencos = min(10, max(2, area.volume.plans // 200))
        for setting in [s for s in area.settings if s.setting_type in (T.MAINSTREAM, T.SPECIAL)][:sencos]:
            person(f"senco-{setting.id}@{domain}", _person(rng), Role.SENCO, {"setting_id": setting.id}, area)
    User.objects.bulk_create([user for user, *_ in people], batch_size=2000)
    Membership.objects.bulk_create(
        [Membership(user=user, role=role, created_at=joined, **scope) for user, role, scope, _ in people],
        batch_size=2000,
    )
    health: dict[int, int] = {}
    for user, role, scope, area in people:
        if role == Role.HEALTH_OFFICER:
            health[scope["icb_id"]] = user.pk
        elif role == Role.SENCO:
            area.senco_by_setting[scope["setting_id"]] = user.pk
        elif role == Role.LA_CASEWORKER:
            area.caseworker_ids.append(user.pk)
        elif role == Role.LA_SEND_MANAGER:
            area.manager_id = user.pk
        else:
            area.social_care_id = user.pk
    for area in areas:
        area.health_by_icb = {i: health[i] for i in area.icb_ids}
        if area.is_bench:
            TOTPDevice.objects.create(
                user_id=area.caseworker_ids[0],
                name="Benchmark authenticator app",
                key=hashlib.sha1(f"synthetic-{seed}".encode(), usedforsecurity=False).hexdigest(),
                confirmed=True,
            )


def icbs_for_authorities() -> dict[int, list[int]]:
    """Live authority id → its ICB ids (main ICB first), from ``ICB_AREAS`` and the loaded ICBs."""
    icbs = {name: pk for pk, name in ICB.objects.values_list("pk", "name")}
    authorities = dict(
        LocalAuthority.objects.filter(status=LocalAuthority.Status.LIVE).values_list("name", "pk")
    )
    result: dict[int, list[int]] = defaultdict(list)
    for icb_name, names in ICB_AREAS.items():
        icb_id = icbs.get(f"NHS {icb_name} Integrated Care Board")
        for name in names:
            if icb_id is None or name not in authorities:
                continue
            if MAIN_ICB.get(name) == icb_name:
                result[authorities[name]].insert(0, icb_id)
            else:
                result[authorities[name]].append(icb_id)
    return dict(result)


# --- Rows -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableSpec:
    attr: str
    table: str
    columns: tuple[str, ...]
    bound: Callable[[int, int], int]  # (plans, open cases) → most ids the load can use


def _columns(text: str) -> tuple[str, ...]:
    return tuple(text.split())


TABLES: tuple[TableSpec, ...] = (
    TableSpec("users", "partnerships_user", _columns("""
        id password last_login is_superuser email full_name phone is_active is_staff date_joined
    """), lambda plans, cases: cases // PARENT_SAMPLE * 2 + 200),
    TableSpec("memberships", "partnerships_membership", _columns("""
        id user_id role partnership_id setting_id icb_id region_id is_active created_at
    """), lambda plans, cases: cases // PARENT_SAMPLE * 2 + 200),
    TableSpec("children", "partnerships_child", _columns("""
        id partnership_id first_name last_name preferred_name date_of_birth upn nhs_number
        home_local_authority_id current_setting_id created_at updated_at home_postcode
    """), lambda plans, cases: plans + cases + 100),
    TableSpec("responsibilities", "partnerships_parentalresponsibility", _columns("""
        id partnership_id child_id full_name relationship email phone address user_id
    """), lambda plans, cases: cases // PARENT_SAMPLE * 2 + 200),
    TableSpec("participants", "partnerships_caseparticipant", _columns("""
        id partnership_id child_id user_id role reason granted_by_id granted_at expires_at revoked_at
    """), lambda plans, cases: cases // PARENT_SAMPLE * 2 + 200),
    TableSpec("requests", "ehcp_assessmentrequest", _columns("""
        id reference partnership_id child_id child_first_name child_last_name child_date_of_birth route
        requester requester_name requested_by_id recorded_by_id setting_id reasons family_views
        support_so_far stage received_on submitted_at caseworker_id next_due_on assess_decision
        assess_decided_on assess_reasons assess_decided_by_id issue_decision issue_decided_on issue_reasons
        issue_decided_by_id final_issued_on closed_on created_at updated_at
    """), lambda plans, cases: plans + cases + 100),
    TableSpec("meetings", "ehcp_panelmeeting", _columns("""
        id partnership_id meets_at location agenda created_by_id created_at
    """), lambda plans, cases: 160 * 30),
    TableSpec("members", "ehcp_panelmember", _columns("""
        id partnership_id meeting_id user_id name perspective
    """), lambda plans, cases: 160 * 30 * 6),
    TableSpec("panel_cases", "ehcp_panelcase", _columns("""
        id partnership_id meeting_id request_id position recommendation reasons recorded_by_id recorded_at
    """), lambda plans, cases: cases + 100),
    TableSpec("advice", "ehcp_advicerequest", _columns("""
        id partnership_id request_id advice_type setting_id icb_id adviser_id adviser_name questions
        requested_on status advice submitted_at submitted_by_id document_id requested_by_id
    """), lambda plans, cases: cases * 4 + 100),
    TableSpec("plans", "ehcp_plan", _columns("""
        id partnership_id request_id child_id status draft_issued_on family_comments
        family_commented_at family_commented_by_id preferred_setting_id preference_reasons wants_meeting
        named_setting_id final_issued_on created_by_id created_at updated_at caseworker_id current_version_id
        next_review_due_on next_due_on last_reviewed_on
    """), lambda plans, cases: plans + cases + 100),
    TableSpec("versions", "ehcp_planversion", _columns("""
        id partnership_id plan_id number kind status content schema_version revision section_revisions
        quality_issues based_on_id issued_on issued_by_id created_by_id created_at updated_by_id updated_at
    """), lambda plans, cases: 2 * (plans + cases) + 100),
    TableSpec("consultations", "ehcp_planconsultation", _columns("""
        id partnership_id plan_id setting_id sent_on sent_by_id response response_details responded_at
        responded_by_id
    """), lambda plans, cases: cases * 2 + 100),
    TableSpec("exceptions", "ehcp_caseexception", _columns("""
        id partnership_id request_id ground ground_description starts_on ends_on details evidence_id
        decided_by_id decided_at
    """), lambda plans, cases: plans + 100),
    TableSpec("deadlines", "ehcp_deadline", _columns("""
        id partnership_id request_id advice_request_id consultation_id code event rules_version title
        legal_basis plain_basis source_url guidance_only who_acts start_on due_on status met_on exception_id
        created_at updated_at plan_id
    """), lambda plans, cases: 2 * plans + cases * 12 + 100),
)  # fmt: skip


class Rows:
    """Rows generated and not yet written, one list of tuples per table (in ``TABLES`` column order)."""

    def __init__(self) -> None:
        for spec in TABLES:
            setattr(self, spec.attr, [])

    def __len__(self) -> int:
        return sum(len(getattr(self, spec.attr)) for spec in TABLES)

    def clear(self) -> None:
        for spec in TABLES:
            getattr(self, spec.attr).clear()


class Ids:
    """Hands out ids from the blocks reserved in each table's sequence (``Loader.reserve``)."""

    def __init__(self, starts: dict[str, int]):
        self.starts = dict(starts)
        self._counters = {attr: iter(range(start, 2**62)) for attr, start in starts.items()}
        for attr, counter in self._counters.items():
            setattr(self, attr, counter.__next__)


def _whole_months(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


# --- Text -------------------------------------------------------------------------------------------------

REASONS = (
    "Not making expected progress despite SEN support over two years.",
    "Needs are complex and need support from education, health and care.",
    "The school has used its resources and needs cannot be met at SEN support.",
    "Increasing anxiety and not attending school regularly.",
)
FAMILY_VIEWS = ("", "We would like a specialist assessment.", "We want our child to stay at their school.")
SUPPORT_SO_FAR = (
    "Small-group interventions and a SEN support plan.",
    "Speech therapy advice followed in class.",
    "",
)
ASSESS_REASONS = ("The legal test in s.36(8) is met.", "May have SEN and may need provision by a plan.")
ISSUE_REASONS = (
    "Provision by a plan is necessary (s.37(1)).",
    "Needs cannot be met from the school's resources.",
)
QUESTIONS = {
    "educational": "Attainment, attendance and the support given so far.",
    "psychological": "Cognition and learning, and what helps.",
    "health": "Health needs and any health provision.",
    "social_care": "Social care needs and any provision.",
}
ADVICE_TEXT = "Advice given; see the attached summary of needs and recommended provision."
EXCEPTION_DETAILS = (
    "The family were away from the area for five weeks during the assessment.",
    "Exceptional personal circumstances: a family bereavement.",
    "The school was closed for the summer when advice was requested.",
)
COMMENTS = (
    "Section F should say who provides the therapy.",
    "We agree with the draft.",
    "Please add the OT advice.",
)


NAME_MARK = "@@first-name@@"
SECTION_I_MARK = '"@@section-i@@"'
OTHERWISE_THAN_IN_SCHOOL = "Education otherwise than in a school"


def _json(value) -> str:
    return json.dumps(value, separators=(",", ":"))


def _section_i_json(setting_type: str, name: str = "", urn: str = "") -> str:
    return _json(
        plan_content.clean_section(
            "I", {"setting_type": setting_type, "setting_name": name, "setting_urn": urn}
        )
    )


@dataclass(frozen=True)
class PlanContents:
    """A complete plan's content as JSON text, made once (``plan_samples.complete_plan``) and reused for
    every plan: the child's first name goes in for ``NAME_MARK`` and section I for ``SECTION_I_MARK``."""

    content: str  # with section I still to fill in
    revisions: str  # each section written, at revision 1 (one ``content_replace``)
    quality: str  # the quality findings (none for a complete plan)
    draft_i: str  # section I of a draft: left blank
    otherwise_i: str  # section I of a plan naming no school: education otherwise than in a school

    def for_child(self, first_name: str, section_i: str) -> str:
        name = json.dumps(first_name)[1:-1]
        return self.content.replace(NAME_MARK, name).replace(SECTION_I_MARK, section_i, 1)


def plan_contents(seed: int, today: date) -> PlanContents:
    content = plan_content.clean_content(
        plan_samples.complete_plan(first_name=NAME_MARK, size=1, today=today, seed=seed)
    )
    empty = plan_content.empty_content()
    written = {code: 1 for code in plan_content.SECTION_CODES if content[code] != empty[code]}
    findings = [f.as_dict() for f in quality.run(content)]
    text = _json({**content, "I": "@@section-i@@"})
    assert text.count(SECTION_I_MARK) == 1
    return PlanContents(
        content=text,
        revisions=_json(written),
        quality=_json(findings),
        draft_i=_section_i_json(""),
        otherwise_i=_section_i_json(OTHERWISE_THAN_IN_SCHOOL),
    )


# --- Dates and deadlines ------------------------------------------------------------------------------------


@functools.cache
def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@functools.cache
def computed_deadlines(event: str, on: date) -> tuple[tuple[str, date, tuple], ...]:
    """(code, due, the row's rule fields) for each deadline ``event`` on ``on`` starts, as the services
    store them (``services._create_deadlines``)."""
    return tuple(
        (
            c.code,
            c.due,
            (
                c.code,
                event,
                c.rules_version,
                c.rule.title,
                c.legal_basis,
                c.rule.plain_basis,
                c.rule.source_url,
                c.rule.guidance_only,
                c.rule.who_acts,
            ),
        )
        for c in clock.deadlines_for(event, on)
    )


@functools.cache
def exception_grounds_for(event: str, code: str, on: date) -> tuple[tuple[str, str], ...]:
    grounds = clock.exception_grounds(on=on)
    rule = clock.rule(code, on=on, event=event)
    return tuple((g, grounds[g]) for g in rule.exception_grounds)


PENDING, MET, MISSED, EXCEPTED, NOT_NEEDED = "pending", "met", "missed", "excepted", "not_needed"


# --- Cases ------------------------------------------------------------------------------------------------

OPEN_STAGE_CYCLE = ("received",) * 4 + ("panel",) * 3 + ("assessing",) * 9 + ("draft_plan",) * 4
AGE_BANDS = ((2, 4, 0.22), (5, 10, 0.42), (11, 15, 0.26), (16, 19, 0.10))


class CaseMaker:
    """Generates one area's children, cases, plans and deadlines into ``rows``.

    Pure apart from the ids it takes: the same area, seed, day and id starts give the same rows.
    """

    def __init__(self, area: Area, *, seed: int, today: date, ids: Ids, rows: Rows, contents: PlanContents):
        self.area = area
        self.rng = random.Random(f"{seed}:{area.volume.figures.ons_code}")
        self.today = today
        self.ids = ids
        self.rows = rows
        self.contents = contents
        self.pid = area.partnership_id
        self.icb_id = area.icb_ids[0] if area.icb_ids else None
        self.caseworkers = area.caseworker_ids
        by_age: dict[str, dict[int, list[SettingInfo]]] = {
            k: defaultdict(list) for k in ("mainstream", "special", "ap", "college")
        }
        for s in area.settings:
            kind = {
                T.SPECIAL: "special",
                T.INDEPENDENT_SPECIAL: "special",
                T.ALTERNATIVE_PROVISION: "ap",
                T.FURTHER_EDUCATION: "college",
            }.get(s.setting_type, "mainstream")
            for age in range(s.low, s.high + 1):
                by_age[kind][age].append(s)
                if kind == "college":
                    by_age["mainstream"][age].append(s)
        self.by_age = by_age
        self.specials = [s for s in area.settings if s.setting_type in (T.SPECIAL, T.INDEPENDENT_SPECIAL)]
        self.meetings: list[tuple[int, date]] = []
        self.meeting_positions: dict[int, int] = defaultdict(int)
        self.parents = 0

    # People and places ------------------------------------------------------------------------------

    def _setting_for(self, age: int, special_share: float) -> SettingInfo | None:
        rng = self.rng
        roll = rng.random()
        if roll < special_share:
            options = self.by_age["special"].get(age)
        elif roll < special_share + 0.03 and 11 <= age <= 16:
            options = self.by_age["ap"].get(age)
        elif roll > 0.96:
            options = None  # between settings, or educated at home
        else:
            options = self.by_age["mainstream"].get(age)
        return rng.choice(options) if options else None

    def _child(self, dob: date, setting: SettingInfo | None, created: date, surname: str | None = None):
        rng = self.rng
        child_id = self.ids.children()
        first, last = rng.choice(FIRST_NAMES), surname or rng.choice(SURNAMES)
        stamp = _at(created)
        self.rows.children.append(
            (
                child_id,
                self.pid,
                first,
                last,
                "",
                dob,
                "",
                "",
                self.area.la_id,
                setting.id if setting else None,
                stamp,
                stamp,
                "",
            )
        )
        return child_id, first, last

    def _dob(self, age_at: date, age: int) -> date:
        return age_at - timedelta(days=age * 365 + age // 4 + self.rng.randint(0, 364))

    def _open_age(self) -> int:
        roll = self.rng.random()
        for low, high, share in AGE_BANDS:
            if roll < share:
                return self.rng.randint(low, high)
            roll -= share
        return self.rng.randint(16, 19)

    def _parent(self, child_id: int, surname: str, granted_on: date, granted_by: int | None, email: str = ""):
        """A parent who uses the service: user, membership, parental responsibility and case participant."""
        rng = self.rng
        self.parents += 1
        user_id = self.ids.users()
        full_name = f"{rng.choice(PARENT_FIRST_NAMES)} {surname}"
        email = email or f"parent-{self.parents}@{self.area.slug}.{EMAIL_DOMAIN}"
        stamp = _at(granted_on, 10)
        self.rows.users.append(
            (user_id, UNUSABLE_PASSWORD, None, False, email, full_name, "", True, False, stamp)
        )
        self.rows.memberships.append(
            (self.ids.memberships(), user_id, Role.PARENT_CARER, self.pid, None, None, None, True, stamp)
        )
        self._link_parent(user_id, full_name, email, child_id, granted_on, granted_by)
        return user_id, full_name

    def _link_parent(self, user_id, full_name, email, child_id, granted_on, granted_by) -> None:
        self.rows.responsibilities.append(
            (self.ids.responsibilities(), self.pid, child_id, full_name, "mother", email, "", "", user_id)
        )
        self.rows.participants.append(
            (
                self.ids.participants(),
                self.pid,
                child_id,
                user_id,
                "parent_carer",
                "Parent with parental responsibility",
                granted_by,
                _at(granted_on, 10),
                None,
                None,
            )
        )

    # Deadlines ------------------------------------------------------------------------------------------

    def _deadlines(
        self,
        request_id: int,
        event: str,
        on: date,
        dues: list[date],
        *,
        done: dict[str, date] | None = None,
        not_needed: dict[str, date] | None = None,
        excepted: dict[str, int] | None = None,
        advice_id: int | None = None,
        consultation_id: int | None = None,
    ) -> None:
        """Deadlines as ``_create_deadlines`` makes them on ``on``, then closed (``_close``) on the dates in
        ``done``, set aside (``_not_needed``) on the dates in ``not_needed``, or left open: missed if the day
        has passed. Due dates still open are added to ``dues`` (for ``next_due_on``)."""
        today = self.today
        for code, due, rule_fields in computed_deadlines(event, on):
            met_on = done.get(code) if done else None
            exception_id = excepted.get(code) if excepted else None
            updated = met_on or on
            if exception_id is not None:
                status = EXCEPTED
            elif met_on is not None:
                status = MET if met_on <= due else MISSED
            elif not_needed and code in not_needed:
                status = NOT_NEEDED
                updated = not_needed[code]
            elif due < today:
                status = MISSED
                updated = due + timedelta(days=1)  # the nightly sweep after it passed
            else:
                status = PENDING
            if met_on is None and status != NOT_NEEDED:
                dues.append(due)
            self.rows.deadlines.append(
                (self.ids.deadlines(), self.pid, request_id, advice_id, consultation_id, *rule_fields, on, due, status, met_on, exception_id, _at(on), _at(updated, 10), None)
            )  # fmt: skip

    # Requests -------------------------------------------------------------------------------------------

    def _request(
        self,
        *,
        request_id,
        child_id,
        setting,
        stage,
        received_on,
        caseworker,
        route,
        requester,
        requester_name,
        requested_by=None,
        next_due_on=None,
        assess_on=None,
        issue_on=None,
        final_on=None,
        updated=None,
    ):
        rng = self.rng
        recorded_by = caseworker or self.caseworkers[0] if route == "recorded" else None
        manager = self.area.manager_id
        reference = uuid.UUID(int=rng.getrandbits(128), version=4)
        self.rows.requests.append(
            (
                request_id, reference, self.pid, child_id, "", "", None, route, requester, requester_name,
                requested_by, recorded_by, setting.id if setting else None,
                rng.choice(REASONS), rng.choice(FAMILY_VIEWS), rng.choice(SUPPORT_SO_FAR) if route == "school" else "",
                stage, received_on, _at(received_on), caseworker, next_due_on,
                "assess" if assess_on else "", assess_on, rng.choice(ASSESS_REASONS) if assess_on else "", manager if assess_on else None,
                "issue" if issue_on else "", issue_on, rng.choice(ISSUE_REASONS) if issue_on else "", manager if issue_on else None,
                final_on, final_on, _at(received_on), _at(updated or received_on, 16),
            )
        )  # fmt: skip

    def _who_asked(self, setting: SettingInfo | None, age: int, parent: tuple[int, str] | None):
        """(route, requester, requester name, requested_by) for a new request."""
        rng = self.rng
        if parent is not None and rng.random() < 0.7:
            return "portal", "parent", parent[1], parent[0]
        senco = self.area.senco_by_setting.get(setting.id) if setting else None
        if senco and rng.random() < 0.5:
            return "school", "school", setting.name, senco
        if age >= 16 and rng.random() < 0.5:
            return "recorded", "young_person", "The young person", None
        return "recorded", "parent", f"{rng.choice(PARENT_FIRST_NAMES)} (parent)", None

    def _meeting_on_or_after(self, day: date) -> tuple[int, date] | None:
        return next(((mid, on) for mid, on in self.meetings if on >= day), None)

    def _meeting_between(self, start: date, end: date) -> tuple[int, date] | None:
        found = [(mid, on) for mid, on in self.meetings if start <= on <= end]
        return found[-1] if found else None

    def make_meetings(self) -> None:
        """The panel meets every other Wednesday: the last 20 meetings and the next two."""
        area, today = self.area, self.today
        next_wednesday = today + timedelta(days=(2 - today.weekday()) % 7)
        for k in range(-20, 2):
            day = next_wednesday + timedelta(days=14 * k)
            meeting_id = self.ids.meetings()
            self.meetings.append((meeting_id, day))
            created = day - timedelta(days=28)
            self.rows.meetings.append(
                (meeting_id, self.pid, _at(day, 10), "Civic Centre, committee room 2", "Requests for EHC needs assessment", area.manager_id, _at(created))
            )  # fmt: skip
            for user_id, name, perspective in (
                (area.manager_id, "SEND manager (chair)", "chair"),
                (area.health_by_icb.get(self.icb_id), "Designated clinical officer", "health"),
                (area.social_care_id, "Social care team manager", "social_care"),
                (None, "Headteacher representative", "education"),
                (None, "Parent carer forum representative", "parent_representative"),
            ):
                self.rows.members.append(
                    (self.ids.members(), self.pid, meeting_id, user_id, name, perspective)
                )

    def _panel_case(self, request_id: int, meeting: tuple[int, date], *, recommendation: str | None) -> None:
        meeting_id, on = meeting
        self.meeting_positions[meeting_id] += 1
        recorded = on < self.today if recommendation is None else True
        recommendation = recommendation or (
            self.rng.choice(("assess", "assess", "assess", "not_assess", "more_information"))
            if recorded
            else ""
        )
        self.rows.panel_cases.append(
            (self.ids.panel_cases(), self.pid, meeting_id, request_id, self.meeting_positions[meeting_id], recommendation,
             "Panel's reasons recorded in the minutes." if recorded else "", self.area.manager_id if recorded else None,
             _at(on, 13) if recorded else None)
        )  # fmt: skip

    def open_case(
        self, stage: str, *, family: tuple[int, str, str] | None = None, served_ago: int | None = None
    ) -> int:
        """One open case at ``stage``. ``family`` = (user id, name, surname) links an existing parent."""
        rng, today = self.rng, self.today
        age = self._open_age()
        setting = self._setting_for(age, 0.06)
        dob = self._dob(today, age)
        caseworker = (
            None if rng.random() < (0.25 if stage == "received" else 0.05) else rng.choice(self.caseworkers)
        )
        days = timedelta

        # Dates, worked back from today so that every step comes after the one before.
        received_on = assess_on = issue_on = advice_on = served_on = None
        submissions: list[date | None] = []
        advice_kinds: list[str] = []
        if stage == "received":
            received_on = today - days(rng.randint(0, 48))
        elif stage == "panel":
            received_on = today - days(rng.randint(5, 60))
        elif stage == "assessing":
            assess_on = today - days(rng.randint(0, 110))
            received_on = assess_on - days(rng.randint(21, 56))
            if rng.random() < 0.92:
                advice_on = min(today, assess_on + days(rng.randint(0, 10)))
        else:  # draft_plan
            served_on = today - days(served_ago if served_ago is not None else rng.randint(0, 35))
            issue_on = served_on - days(rng.randint(0, 14))
            last_advice = issue_on - days(rng.randint(1, 21))
            advice_on = last_advice - days(rng.randint(14, 56))
            assess_on = advice_on - days(rng.randint(0, 10))
            received_on = assess_on - days(rng.randint(21, 52))
        if advice_on is not None:
            advice_kinds = ["educational" if setting else "psychological", "health", "social_care"]
            if setting and rng.random() < 0.6:
                advice_kinds.append("psychological")
            for _kind in advice_kinds:
                if stage == "draft_plan":
                    submissions.append(advice_on + days(rng.randint(7, (last_advice - advice_on).days)))
                else:
                    answered = advice_on + days(rng.randint(10, 63))
                    submissions.append(answered if answered <= today and rng.random() < 0.97 else None)
            if stage == "draft_plan":
                submissions[-1] = last_advice
            elif all(submissions) and rng.random() < 0.35:
                decided = max(submissions) + days(rng.randint(0, 14))
                issue_on = decided if decided <= today else None

        created = received_on
        child_id, first_name, last = self._child(dob, setting, created, surname=family[2] if family else None)
        parent = None
        if family is not None:
            parent = family[:2]
            self._link_parent(family[0], family[1], BENCH_PARENT_EMAIL, child_id, received_on, caseworker)
        elif rng.random() < 1 / PARENT_SAMPLE:
            parent = self._parent(child_id, last, received_on, caseworker)
        route, requester, requester_name, requested_by = self._who_asked(setting, age, parent)
        if family is not None:
            route, requester, requester_name, requested_by = "portal", "parent", family[1], family[0]

        request_id = self.ids.requests()
        dues: list[date] = []
        done = {"decide_whether_to_assess": assess_on} if assess_on else None
        not_needed = {"notify_not_to_issue": issue_on} if issue_on else None
        self._deadlines(request_id, "request_received", received_on, dues, done=done, not_needed=not_needed)
        if stage == "panel":
            meeting = self._meeting_on_or_after(received_on + days(7)) or self.meetings[-1]
            self._panel_case(request_id, meeting, recommendation=None)
        elif assess_on is not None:
            meeting = self._meeting_between(received_on, assess_on)
            if meeting is not None:
                self._panel_case(request_id, meeting, recommendation="assess")
        for kind, submitted in zip(advice_kinds, submissions, strict=True):
            self._advice(request_id, kind, advice_on, submitted, setting, caseworker, dues)
        updated = max(d for d in (received_on, assess_on, advice_on, issue_on, served_on) if d)
        if served_on is not None:
            self._draft_plan(
                request_id,
                child_id,
                first_name,
                setting,
                served_on,
                caseworker,
                parent,
                dues,
                commented=family is None,
            )
        self._request(
            request_id=request_id, child_id=child_id, setting=setting, stage=stage, received_on=received_on,
            caseworker=caseworker, route=route, requester=requester, requester_name=requester_name,
            requested_by=requested_by, next_due_on=min(dues) if dues else None, assess_on=assess_on,
            issue_on=issue_on, updated=updated,
        )  # fmt: skip
        return request_id

    def _advice(self, request_id, kind, requested_on, submitted, setting, caseworker, dues) -> None:
        area = self.area
        advice_id = self.ids.advice()
        target_setting = setting.id if kind == "educational" else None
        icb = self.icb_id if kind == "health" else None
        adviser_name = "Educational psychology service" if kind == "psychological" else ""
        by = None
        if submitted:
            by = {
                "educational": area.senco_by_setting.get(target_setting),
                "health": area.health_by_icb.get(icb),
                "social_care": area.social_care_id,
            }.get(kind)
        self.rows.advice.append(
            (advice_id, self.pid, request_id, kind, target_setting, icb, None, adviser_name, QUESTIONS[kind], requested_on,
             "submitted" if submitted else "requested", ADVICE_TEXT if submitted else "", _at(submitted, 15) if submitted else None,
             by, None, caseworker)
        )  # fmt: skip
        done = {"advice_due": submitted} if submitted else None
        self._deadlines(request_id, "advice_requested", requested_on, dues, done=done, advice_id=advice_id)

    def _version(
        self,
        plan_id,
        number,
        kind,
        issued_on,
        caseworker,
        first_name,
        section_i,
        *,
        based_on=None,
        made_on=None,
    ) -> int:
        """One version of a plan's content: issued on ``issued_on``, or being written (None)."""
        version_id = self.ids.versions()
        contents = self.contents
        made = made_on or issued_on
        issued = issued_on is not None
        self.rows.versions.append(
            (version_id, self.pid, plan_id, number, kind, "issued" if issued else "working",
             contents.for_child(first_name, section_i), plan_content.SCHEMA_VERSION, 1 if number == 1 else 0,
             contents.revisions if number == 1 else "{}", contents.quality, based_on, issued_on,
             caseworker if issued else None, caseworker, _at(made, 11), caseworker, _at(issued_on or made, 12))
        )  # fmt: skip
        return version_id

    def _draft_plan(
        self,
        request_id,
        child_id,
        first_name,
        setting,
        served_on,
        caseworker,
        parent,
        dues,
        *,
        commented=True,
    ):
        rng, today, days = self.rng, self.today, timedelta
        plan_id = self.ids.plans()
        comment_on = served_on + days(rng.randint(2, 20)) if commented and rng.random() < 0.55 else None
        if comment_on is not None and comment_on > today:
            comment_on = None
        preferred = None
        if comment_on is not None and self.specials and rng.random() < 0.4:
            preferred = rng.choice(self.specials)
        self.rows.plans.append(
            (plan_id, self.pid, request_id, child_id, "draft", served_on,
             rng.choice(COMMENTS) if comment_on else "", _at(comment_on, 15) if comment_on else None,
             parent[0] if comment_on and parent else None, preferred.id if preferred else None,
             "Closer to home, and meets sensory needs." if preferred else "", bool(comment_on) and rng.random() < 0.3,
             None, None, caseworker, _at(served_on), _at(comment_on or served_on, 16), caseworker, None, None, None,
             None)
        )  # fmt: skip
        # As plan_start, content_replace and draft_plan_issue leave it: the served draft, issued, and a
        # working copy to become the final plan.
        served = self._version(plan_id, 1, "draft", served_on, caseworker, first_name, self.contents.draft_i)
        self._version(plan_id, 2, "final", None, caseworker, first_name, self.contents.draft_i, based_on=served,
                      made_on=served_on)  # fmt: skip
        self._deadlines(
            request_id,
            "draft_plan_issued",
            served_on,
            dues,
            done={"comments_due": comment_on} if comment_on else None,
        )
        if rng.random() < 0.6:
            consulted = list({s.id: s for s in (preferred, setting) if s is not None}.values())
            if not consulted and self.specials:
                consulted = [rng.choice(self.specials)]
            for target in consulted[: 1 + (rng.random() < 0.3)]:
                sent_on = min(today, served_on + days(rng.randint(0, 10)))
                answered = sent_on + days(rng.randint(3, 25))
                if answered > today or rng.random() > 0.65:
                    answered = None
                consultation_id = self.ids.consultations()
                senco = self.area.senco_by_setting.get(target.id)
                self.rows.consultations.append(
                    (consultation_id, self.pid, plan_id, target.id, sent_on, caseworker,
                     rng.choice(("can_meet", "can_meet", "cannot_meet")) if answered else "",
                     "Our reasons are set out in the attached letter." if answered else "",
                     _at(answered, 14) if answered else None, senco if answered else None)
                )  # fmt: skip
                done = {"consultation_response_due": answered} if answered else None
                self._deadlines(
                    request_id, "consultation_sent", sent_on, dues, done=done, consultation_id=consultation_id
                )

    def final_plan(self, *, family: tuple[int, str, str] | None = None) -> int:
        """An active plan: the request that led to it, the final plan and its 20-week deadline."""
        rng, today, days = self.rng, self.today, timedelta
        volume = self.area.volume
        span = (today - FIRST_RULES_DAY).days
        final_on = today - days(1 + int(span * rng.random() ** 1.6))
        excepted = rng.random() < EXCEPTION_SHARE
        on_time = rng.random() < (volume.on_time_when_excepted if excepted else volume.on_time)
        weeks = rng.randint(84, 140) if on_time else rng.randint(141, 364)
        received_on = final_on - days(weeks)
        assess_on = received_on + days(int(weeks * 0.3))
        issue_on = received_on + days(int(weeks * 0.7))
        served_on = received_on + days(int(weeks * 0.8))
        years_since = (today - received_on).days // 365
        age = min(self._open_age(), max(0, 24 - years_since))
        dob = self._dob(received_on, age)
        age_now = (today - dob).days // 365
        setting = self._setting_for(min(age_now, 25), 0.4) if age_now <= 25 else None
        child_id, first_name, _ = self._child(
            dob, setting, received_on, surname=family[2] if family else None
        )
        caseworker = rng.choice(self.caseworkers) if rng.random() < 0.8 else None
        request_id = self.ids.requests()
        if family is not None:
            self._link_parent(family[0], family[1], BENCH_PARENT_EMAIL, child_id, received_on, caseworker)
            who = ("portal", "parent", family[1], family[0])
        else:
            who = self._who_asked(setting, age, None)
        self._request(
            request_id=request_id, child_id=child_id, setting=setting, stage="final", received_on=received_on,
            caseworker=caseworker, route=who[0], requester=who[1], requester_name=who[2], requested_by=who[3],
            assess_on=assess_on, issue_on=issue_on, final_on=final_on, updated=final_on,
        )  # fmt: skip
        # As final_plan_issue leaves it: the served draft and the final plan, issued, naming the setting in
        # section I; the first annual review due 12 months after the plan was made (schedule_next_review).
        plan_id = self.ids.plans()
        contents = self.contents
        served = self._version(plan_id, 1, "draft", served_on, caseworker, first_name, contents.draft_i)
        section_i = setting.section_i if setting else contents.otherwise_i
        final = self._version(plan_id, 2, "final", final_on, caseworker, first_name, section_i, based_on=served,
                              made_on=served_on)  # fmt: skip
        # Most plans have had their annual reviews: the last one completed near the latest anniversary, and
        # the next due 12 months after it (CFA s.44; review_completed). About 1 in 12 is behind.
        review_event, review_from, last_reviewed = "plan_issued", final_on, None
        years = _whole_months(final_on, today) // 12
        if years >= 1 and rng.random() < 0.92:
            last_reviewed = min(today, clock.add_months(final_on, 12 * years) + days(rng.randint(-40, 20)))
            review_event, review_from = "review_completed", last_reviewed
        review_due, review_fields = next(
            (d, f)
            for code, d, f in computed_deadlines(review_event, review_from)
            if code == "annual_review_due"
        )
        review_missed = review_due < today
        self.rows.deadlines.append(
            (self.ids.deadlines(), self.pid, None, None, None, *review_fields, review_from, review_due,
             MISSED if review_missed else PENDING, None, None, _at(final_on),
             _at(review_due + days(1) if review_missed else final_on, 10), plan_id)
        )  # fmt: skip
        self.rows.plans.append(
            (plan_id, self.pid, request_id, child_id, "final", served_on, "", None, None,
             None, "", False, setting.id if setting else None, final_on, caseworker, _at(served_on), _at(final_on, 16),
             caseworker, final, review_due, review_due, last_reviewed)
        )  # fmt: skip
        exception = None
        if excepted:
            grounds = exception_grounds_for("request_received", "final_plan_due", received_on)
            ground, description = rng.choice(grounds)
            starts_on = received_on + days(rng.randint(14, max(14, weeks - 14)))
            exception = self.ids.exceptions()
            self.rows.exceptions.append(
                (exception, self.pid, request_id, ground, description, starts_on,
                 starts_on + days(rng.randint(28, 70)) if rng.random() < 0.8 else None,
                 rng.choice(EXCEPTION_DETAILS), None, self.area.manager_id, _at(starts_on, 12))
            )  # fmt: skip
        due, rule_fields = next(
            (d, f)
            for code, d, f in computed_deadlines("request_received", received_on)
            if code == "final_plan_due"
        )
        status = EXCEPTED if excepted else (MET if final_on <= due else MISSED)
        self.rows.deadlines.append(
            (self.ids.deadlines(), self.pid, request_id, None, None, *rule_fields, received_on, due, status, final_on, exception, _at(received_on), _at(final_on, 16), None)
        )  # fmt: skip
        return request_id

    def make(self) -> None:
        volume, area = self.area.volume, self.area
        self.make_meetings()
        stages = [
            OPEN_STAGE_CYCLE[(k + area.index) % len(OPEN_STAGE_CYCLE)] for k in range(volume.open_cases)
        ]
        for stage in stages:
            self.open_case(stage)
        for _ in range(volume.plans):
            self.final_plan()
        if area.is_bench:
            self.bench_family()

    def bench_family(self) -> None:
        """The benchmark parent: three children with a request each (assessing, draft plan to comment on,
        final plan), signed in to measure the portal."""
        surname = self.rng.choice(SURNAMES)
        user_id = self.ids.users()
        full_name = f"{self.rng.choice(PARENT_FIRST_NAMES)} {surname}"
        stamp = _at(self.today - timedelta(days=400), 10)
        self.rows.users.append(
            (user_id, UNUSABLE_PASSWORD, None, False, BENCH_PARENT_EMAIL, full_name, "", True, False, stamp)
        )
        self.rows.memberships.append((self.ids.memberships(), user_id, Role.PARENT_CARER, self.pid, None, None, None, True, stamp))  # fmt: skip
        family = (user_id, full_name, surname)
        self.open_case("assessing", family=family)
        self.open_case("draft_plan", family=family, served_ago=3)
        self.final_plan(family=family)


# --- Loading ------------------------------------------------------------------------------------------------


def _tracked_tables() -> list[str]:
    return [spec.table for spec in TABLES]


def _trigger_names(cursor, tables: Iterable[str]) -> str:
    """The pgtrigger (pghistory) trigger names on these tables, as the array ``pgtrigger.ignore`` takes."""
    cursor.execute(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'pgtrigger_%%'"
        " AND tgrelid = ANY(%s::regclass[]) ORDER BY tgname",
        [list(tables)],
    )
    return "{" + ",".join(name for (name,) in cursor.fetchall()) + "}"


class Loader:
    """Writes ``Rows`` in batches: ``COPY`` into temporary staging tables, then one ``INSERT … SELECT`` per
    table, with the audit triggers ignored (``pgtrigger.ignore``).

    Two modes. Into tables that already hold other rows, each batch is its own transaction and the
    (deferred) foreign keys are checked row by row at each commit. Into empty tables (``bulk``, the
    benchmark database after ``--reset``), the whole load is one transaction: the secondary indexes and
    the foreign keys of the tables loaded are dropped first and put back, exactly as they were
    (``pg_get_indexdef``, ``pg_get_constraintdef``), before the commit. Building an index once and checking
    a foreign key with one join is many times faster than maintaining them row by row, and because DDL is
    transactional a failed load leaves the schema as it was.
    """

    def __init__(self, timings: dict[str, float], *, bulk: bool):
        connection.ensure_connection()
        self.timings = timings
        self.bulk = bulk
        self.counts: dict[str, int] = defaultdict(int)
        self._atomic = None
        self._indexes: list[str] = []
        self._foreign_keys: list[str] = []
        with connection.cursor() as cursor:
            self.ignore = _trigger_names(cursor, _tracked_tables())
            cursor.execute("SET synchronous_commit TO off")
            for spec in TABLES:
                cursor.execute(
                    f"CREATE TEMPORARY TABLE IF NOT EXISTS stage_{spec.table} ON COMMIT DELETE ROWS AS "  # noqa: S608
                    f"SELECT {', '.join(spec.columns)} FROM {spec.table} WITH NO DATA"
                )
        self.fill_ins = {spec.table: _fill_ins(spec) for spec in TABLES}

    def _time(self, name: str, since: float) -> None:
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - since

    def reserve(self, plans: int, cases: int) -> Ids:
        """Reserve a block of ids in each table's sequence; others inserting meanwhile get ids after it."""
        starts = {}
        with connection.cursor() as cursor:
            for spec in TABLES:
                count = spec.bound(plans, cases)
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s, 'id')) + %s)",
                    [spec.table, spec.table, count],
                )
                starts[spec.attr] = cursor.fetchone()[0] - count
        return Ids(starts)

    def __enter__(self) -> Loader:
        if self.bulk:
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            started = time.perf_counter()
            with connection.cursor() as cursor:
                # Check what earlier statements in this transaction left deferred, so that the tables
                # can be altered (PostgreSQL refuses while trigger events are pending).
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)", [self.ignore])
                tables = [spec.table for spec in TABLES if spec.table in BULK_TABLES]
                cursor.execute(
                    "SELECT format('DROP INDEX %%s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)"
                    " FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[])"
                    " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
                    " ORDER BY 1",
                    [tables],
                )
                indexes = cursor.fetchall()
                cursor.execute(
                    "SELECT format('ALTER TABLE %%s DROP CONSTRAINT %%I', conrelid::regclass, conname),"
                    " format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s', conrelid::regclass, conname,"
                    " pg_get_constraintdef(oid))"
                    " FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1",
                    [tables],
                )
                foreign_keys = cursor.fetchall()
                for drop, _ in foreign_keys + indexes:
                    cursor.execute(drop)
                self._indexes = [create for _, create in indexes]
                self._foreign_keys = [create for _, create in foreign_keys]
            self._time("drop indexes and foreign keys", started)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                with connection.cursor() as cursor:
                    # Never leave a sequence behind the ids used (if a bound in TABLES was too small).
                    for spec in TABLES:
                        cursor.execute(
                            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST("  # noqa: S608
                            f"(SELECT last_value FROM {_sequence(spec.table)}), (SELECT max(id) FROM {spec.table})))",
                            [spec.table],
                        )
            if self.bulk and exc_type is None:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL maintenance_work_mem TO '256MB'")
                    started = time.perf_counter()
                    for create in self._indexes:
                        cursor.execute(create)
                    self._time("rebuild indexes", started)
                    started = time.perf_counter()
                    for create in self._foreign_keys:
                        cursor.execute(create)
                    self._time("check and restore foreign keys", started)
            if self._atomic is not None:
                started = time.perf_counter()
                self._atomic.__exit__(exc_type, exc, tb)
                self._time("commit", started)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")

    def flush(self, rows: Rows) -> None:
        if not len(rows):
            return
        raw = connection.connection
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)", [self.ignore])
            with raw.cursor() as cursor:
                for spec in TABLES:
                    data = getattr(rows, spec.attr)
                    if not data:
                        continue
                    started = time.perf_counter()
                    columns = ", ".join(spec.columns)
                    stage = f"stage_{spec.table}"
                    with cursor.copy(f"COPY {stage} ({columns}) FROM STDIN") as copy:
                        for row in data:
                            copy.write_row(row)
                    extra_columns, extra_values = self.fill_ins[spec.table]
                    cursor.execute(
                        f"INSERT INTO {spec.table} ({', '.join([*spec.columns, *extra_columns])}) "  # noqa: S608
                        f"SELECT {', '.join([*spec.columns, *['%s'] * len(extra_values)])} FROM {stage}",
                        extra_values,
                    )
                    cursor.execute(f"TRUNCATE {stage}")
                    self.counts[spec.table] += len(data)
                    self._time(f"load {spec.table}", started)
            started = time.perf_counter()
        # Outside bulk mode the deferred foreign keys are checked here, at each batch's commit.
        self._time("commit batches" if not self.bulk else "release savepoints", started)
        rows.clear()


def _fill_ins(spec: TableSpec) -> tuple[list[str], list]:
    """Columns the generator does not know (added to a model since), with their model default: the load
    keeps working, and a NOT NULL column without a default is named rather than failing in PostgreSQL."""
    model = next(m for m in apps.get_models() if m._meta.db_table == spec.table)
    columns, values = [], []
    for model_field in model._meta.concrete_fields:
        if model_field.column in spec.columns:
            continue
        default = model_field.get_default()
        if default is None and not model_field.null:
            raise ValueError(f"{spec.table}.{model_field.column} has no default: add it to synthetic.TABLES")
        columns.append(model_field.column)
        values.append(model_field.get_db_prep_save(default, connection))
    return columns, values


def _sequence(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        return cursor.fetchone()[0]


# Tables loaded in bulk mode (the others, people and memberships, already hold the staff).
BULK_TABLES = frozenset(spec.table for spec in TABLES if spec.attr not in ("users", "memberships"))


def tables_empty() -> bool:
    """True when no row is in any table the cases are loaded into (bulk mode can be used)."""
    with connection.cursor() as cursor:
        return not any(
            _exists(cursor, f"SELECT 1 FROM {table} LIMIT 1", [])  # noqa: S608
            for table in sorted(BULK_TABLES)
        )


# --- Reset --------------------------------------------------------------------------------------------------


def _ehcp_tables() -> list[str]:
    return [
        model._meta.db_table
        for model in apps.get_app_config("ehcp").get_models()
        if not issubclass(model, pghistory.models.Event)
    ]


CHILD_TABLES = (
    "partnerships_caseparticipant",
    "partnerships_parentalresponsibility",
    "partnerships_childaccesslog",
    "partnerships_childuserobjectpermission",
    "partnerships_childgroupobjectpermission",
    "partnerships_child",
)
EHCP_DELETE_ORDER = (
    "ehcp_reminder",
    "ehcp_deadline",
    "ehcp_progressupdate",
    "ehcp_planattachment",
    "ehcp_plancessation",
    "ehcp_plantransfer",
    "ehcp_planreview",
    "ehcp_planversion",
    "ehcp_planconsultation",
    "ehcp_plan",
    "ehcp_advicerequest",
    "ehcp_panelcase",
    "ehcp_panelmember",
    "ehcp_panelmeeting",
    "ehcp_caseexception",
    "ehcp_decisionletter",
    "ehcp_attentionreferral",
    "ehcp_casedocument",
    "ehcp_assessmentrequest",
)


def reset(log: Callable[[str], None] = lambda _: None) -> dict[str, str]:
    """Delete the synthetic partnerships and everything in them.

    The case tables and the children's tables are emptied with ``TRUNCATE`` when nothing but synthetic
    data is in them (the benchmark database); otherwise only the synthetic partnerships' rows are deleted.
    """
    done = {}
    ids = list(Partnership.objects.filter(slug__startswith=SLUG_PREFIX).values_list("pk", flat=True))
    ehcp = _ehcp_tables()
    people = ["partnerships_user", "partnerships_membership"]
    with transaction.atomic(), connection.cursor() as cursor, pgtrigger.ignore():
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # nothing pending, so TRUNCATE is allowed
        cursor.execute(
            "SELECT set_config('pgtrigger.ignore', %s, true)",
            [_trigger_names(cursor, [*ehcp, *CHILD_TABLES, *people])],
        )
        only_synthetic = not any(
            _exists(cursor, f"SELECT 1 FROM {table} WHERE NOT partnership_id = ANY(%s) LIMIT 1", [ids])  # noqa: S608
            for table in [*ehcp, "partnerships_child"]
        )
        if only_synthetic and _truncate(cursor, [*ehcp, *CHILD_TABLES]):
            done["case and children's tables"] = "truncated"
        else:
            # A plan and its versions refer to each other (current_version): checked at the commit.
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in [t for t in EHCP_DELETE_ORDER if t in ehcp] + [
                t for t in ehcp if t not in EHCP_DELETE_ORDER
            ]:
                cursor.execute(f"DELETE FROM {table} WHERE partnership_id = ANY(%s)", [ids])  # noqa: S608
            for table in (
                "partnerships_childuserobjectpermission",
                "partnerships_childgroupobjectpermission",
            ):
                cursor.execute(
                    f"DELETE FROM {table} WHERE content_object_id IN "  # noqa: S608
                    "(SELECT id FROM partnerships_child WHERE partnership_id = ANY(%s))",
                    [ids],
                )
            for table in CHILD_TABLES:
                if table not in (
                    "partnerships_childuserobjectpermission",
                    "partnerships_childgroupobjectpermission",
                ):
                    cursor.execute(f"DELETE FROM {table} WHERE partnership_id = ANY(%s)", [ids])  # noqa: S608
            done["case and children's tables"] = "synthetic rows deleted"
        done.update(_delete_register(cursor, ids))
    for what, how in done.items():
        log(f"  reset {what}: {how}")
    return done


# The rows ``build_register`` and the loader write outside the case tables, in an order that deletes
# what refers to a row before the row: (table, condition, "users" or "ids" for its one parameter).
REGISTER_DELETES = (
    ("otp_totp_totpdevice", "user_id IN (SELECT id FROM partnerships_user WHERE email LIKE %s)", "users"),
    ("partnerships_membership", "user_id IN (SELECT id FROM partnerships_user WHERE email LIKE %s)", "users"),
    ("partnerships_membership", "partnership_id = ANY(%s)", "ids"),
    ("partnerships_membership", "setting_id IN (SELECT id FROM partnerships_setting WHERE partnership_id = ANY(%s))", "ids"),
    ("partnerships_user", "email LIKE %s", "users"),
    ("dashboards_partnershipsnapshot", "partnership_id = ANY(%s)", "ids"),
    ("partnerships_setting", "partnership_id = ANY(%s)", "ids"),
    ("partnerships_partnership_local_authorities", "partnership_id = ANY(%s)", "ids"),
    ("partnerships_partnership_icbs", "partnership_id = ANY(%s)", "ids"),
    ("partnerships_partnership", "id = ANY(%s)", "ids"),
)  # fmt: skip


def _delete_register(cursor, ids: list[int]) -> dict[str, str]:
    """Delete the synthetic partnerships, settings and people with plain SQL; if anything else still refers
    to them (say a session's token), fall back to the ORM, which follows every relation."""
    params = {"users": f"%{EMAIL_DOMAIN}", "ids": ids}
    try:
        with transaction.atomic():
            deleted = {}
            for table, where, param in REGISTER_DELETES:
                cursor.execute(f"DELETE FROM {table} WHERE {where}", [params[param]])  # noqa: S608
                deleted[table] = deleted.get(table, 0) + cursor.rowcount
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # any row still referring to them fails here
        return {
            "people": str(deleted["partnerships_user"]),
            "partnerships": str(deleted["partnerships_partnership"]),
        }
    except DatabaseError as exc:
        reason = str(exc).splitlines()[0]
        users = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}") | User.objects.filter(
            email__endswith=f".{EMAIL_DOMAIN}"
        )
        people = users.delete()[0]
        Setting.objects.filter(partnership_id__in=ids).delete()
        Partnership.objects.filter(pk__in=ids).delete()
        return {"people": f"{people} (with the ORM: {reason})", "partnerships": str(len(ids))}


def _truncate(cursor, tables: list[str]) -> bool:
    """TRUNCATE the tables together; False (and nothing done) if another table still refers to them."""
    try:
        with transaction.atomic():
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
    except DatabaseError:
        return False
    return True


def _exists(cursor, sql: str, params: list) -> bool:
    cursor.execute(sql, params)
    return cursor.fetchone() is not None


# --- The whole load -----------------------------------------------------------------------------------------


class SyntheticDataExists(Exception):
    """Synthetic partnerships are already loaded (use ``--reset``)."""


@dataclass
class SeedResult:
    scale: float
    seed: int
    today: date
    plans: int
    open_cases: int
    counts: dict[str, int]
    timings: dict[str, float]
    bench_authority: str
    bench_partnership_id: int
    bench_open_cases: int
    partnerships: int = 0
    seconds: float = 0.0


BATCH_ROWS = 250_000


def seed_national(
    *,
    scale: float,
    seed: int = 2026,
    today: date | None = None,
    reset_first: bool = False,
    log: Callable[[str], None] = lambda _: None,
) -> SeedResult:
    """Build the synthetic nation. Needs the reference data loaded (``load_reference_data``)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def phase(name: str, since: float) -> float:
        now = time.perf_counter()
        timings[name] = timings.get(name, 0.0) + now - since
        return now

    with rls.system_scope():
        mark = time.perf_counter()
        if reset_first:
            reset(log)
            mark = phase("reset", mark)
        elif Partnership.objects.filter(slug__startswith=SLUG_PREFIX).exists():
            raise SyntheticDataExists(
                "Synthetic partnerships are already loaded: run with --reset to replace them"
            )
        volumes = la_volumes(la_figures(), scale)
        areas = [
            Area(index=i, volume=v, slug=f"{SLUG_PREFIX}{v.figures.ons_code.lower()}")
            for i, v in enumerate(volumes)
        ]
        bench = max(areas, key=lambda a: (a.volume.open_cases, a.volume.plans, -a.index))
        bench.is_bench = True
        with transaction.atomic(), pgtrigger.ignore():
            build_register(areas, seed=seed, icbs_by_la=icbs_for_authorities())
        mark = phase("partnerships, settings and staff", mark)
        log(
            f"  {len(areas)} partnerships, {sum(len(a.settings) for a in areas)} settings ({timings['partnerships, settings and staff']:.1f}s)"
        )

        loader = Loader(timings, bulk=tables_empty())
        log(f"  loading {'in bulk (empty tables)' if loader.bulk else 'in batches'}")
        plans = sum(v.plans for v in volumes) + 1
        cases = sum(v.open_cases for v in volumes) + 2
        ids = loader.reserve(plans, cases)
        rows = Rows()
        contents = plan_contents(seed, today)
        mark = phase("reserve ids", mark)
        with loader:
            for area in areas:
                CaseMaker(area, seed=seed, today=today, ids=ids, rows=rows, contents=contents).make()
                mark = phase("generate rows", mark)
                if len(rows) >= BATCH_ROWS:
                    loader.flush(rows)
                    mark = time.perf_counter()
                    log(
                        f"  {area.index + 1}/{len(areas)} areas loaded ({time.perf_counter() - started:.0f}s)"
                    )
            loader.flush(rows)
        mark = time.perf_counter()
        with connection.cursor() as cursor:
            for spec in TABLES:
                cursor.execute(f"ANALYZE {spec.table}")
            for table in ("partnerships_setting", "partnerships_partnership"):
                cursor.execute(f"ANALYZE {table}")
        phase("analyze", mark)
    return SeedResult(
        scale=scale,
        seed=seed,
        today=today,
        plans=plans - 1,
        open_cases=cases - 2,
        counts=dict(loader.counts),
        timings=timings,
        bench_authority=bench.volume.figures.name,
        bench_partnership_id=bench.partnership_id,
        bench_open_cases=bench.volume.open_cases,
        partnerships=len(areas),
        seconds=time.perf_counter() - started,
    )
