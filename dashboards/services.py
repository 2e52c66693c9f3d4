"""Writes for the dashboards: loading published statistics and rolling live data up into snapshots.

The roll-up reads children's rows, so it lifts the row-level-security fence (``rls.system_scope``) for
the counting, and stores counts only: never a name or an identifier.
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from partnerships import rls
from partnerships.models import (
    CaseParticipant,
    Child,
    LocalAuthority,
    ParentalResponsibility,
    Partnership,
    Setting,
)
from partnerships.reference import read_csv, reference_path

from .models import SYMBOL_MEANINGS, PartnershipSnapshot, PublishedLAStatistic

SEN2_FILE = "sen2_mi.csv"
NO_SETTING = "none"


def _parse_measure(raw: str, *, rate: bool) -> tuple[int | Decimal | None, str]:
    """A published cell as (number, '') or (None, symbol). Unknown text is kept as its own symbol."""
    value = raw.strip()
    if value in SYMBOL_MEANINGS or not value:
        return None, value or "x"
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None, value
    if rate:
        return number.quantize(Decimal("0.001")), ""
    return int(number), ""


@transaction.atomic
def published_statistics_load(*, directory: Path | None = None) -> int:
    """Upsert one ``PublishedLAStatistic`` per local authority per year from ``sen2_mi.csv``.

    Rows join the authority by their ONS code (``new_la_code``), or failing that by their DfE code
    (``old_la_code``, preferring a live authority). Regional and national rows are skipped: the
    dashboards add authorities up themselves. Needs the local authorities loaded first; returns how
    many rows were loaded.
    """
    by_ons = dict(LocalAuthority.objects.values_list("ons_code", "pk"))
    by_dfe: dict[str, int] = {}
    for pk, dfe_code, status in LocalAuthority.objects.exclude(dfe_code="").values_list(
        "pk", "dfe_code", "status"
    ):
        if dfe_code not in by_dfe or status == LocalAuthority.Status.LIVE:
            by_dfe[dfe_code] = pk
    statistics: dict[tuple[int, int], PublishedLAStatistic] = {}
    for row in read_csv(reference_path(SEN2_FILE, directory)):
        if row["geographic_level"] != "Local authority":
            continue
        la_id = by_ons.get(row["new_la_code"]) or by_dfe.get(row["old_la_code"])
        if la_id is None:
            raise ValueError(
                f"SEN2 row for {row['la_name']} ({row['new_la_code']}) matches no local authority"
            )
        statistic = PublishedLAStatistic(
            local_authority_id=la_id,
            year=int(row["time_period"]),
            source_ons_code=row["new_la_code"],
            source_dfe_code=row["old_la_code"],
        )
        symbols = {}
        for measure in PublishedLAStatistic.MEASURES:
            number, symbol = _parse_measure(row[measure], rate=measure in PublishedLAStatistic.RATE_MEASURES)
            setattr(statistic, measure, number)
            if symbol:
                symbols[measure] = symbol
        statistic.symbols = symbols
        statistic.has_suppressed = "c" in symbols.values()
        statistics[(la_id, statistic.year)] = statistic
    PublishedLAStatistic.objects.bulk_create(
        list(statistics.values()),
        update_conflicts=True,
        unique_fields=["local_authority", "year"],
        update_fields=[
            "source_ons_code",
            "source_dfe_code",
            *PublishedLAStatistic.MEASURES,
            "symbols",
            "has_suppressed",
        ],
    )
    return len(statistics)


@transaction.atomic
def partnership_rollup(*, partnership: Partnership, on_date: date | None = None) -> PartnershipSnapshot:
    """Count one partnership's children, settings and case participants into its snapshot for the day.

    Runs with the row-level-security fence lifted (it is system work, outside any request) and
    replaces the day's snapshot if there is one, so it can run as often as the schedule likes.
    """
    now = timezone.now()
    on_date = on_date or timezone.localdate(now)
    setting_types = [value for value, _label in Setting.Type.choices]
    participant_roles = [value for value, _label in CaseParticipant.Role.choices]
    with rls.system_scope():
        children = Child.objects.filter(partnership=partnership)
        by_setting = dict.fromkeys([*setting_types, NO_SETTING], 0)
        for setting_type, count in (
            children.values("current_setting__setting_type")
            .annotate(n=Count("pk"))
            .values_list("current_setting__setting_type", "n")
        ):
            by_setting[setting_type or NO_SETTING] += count
        active = CaseParticipant.objects.filter(partnership=partnership, revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )
        with_role = dict.fromkeys(participant_roles, 0)
        for role, count in (
            active.values("role").annotate(n=Count("child", distinct=True)).values_list("role", "n")
        ):
            with_role[role] = count
        with_parental_responsibility = (
            ParentalResponsibility.objects.filter(partnership=partnership).values("child").distinct().count()
        )
        assessments = _assessment_figures(partnership, on_date)
        plan_quality = _plan_quality_figures(partnership, on_date)
        redress = _redress_figures(partnership, on_date)
    settings_by_type = dict.fromkeys(setting_types, 0)
    for setting_type, count in (
        Setting.objects.filter(partnership=partnership, is_open=True)
        .values("setting_type")
        .annotate(n=Count("pk"))
        .values_list("setting_type", "n")
    ):
        settings_by_type[setting_type] = count
    children_count = sum(by_setting.values())
    snapshot, _created = PartnershipSnapshot.objects.update_or_create(
        partnership=partnership,
        on_date=on_date,
        defaults={
            "computed_at": now,
            "children_count": children_count,
            "children_without_setting": by_setting[NO_SETTING],
            "children_by_setting_type": by_setting,
            "children_with_role": with_role,
            "children_with_parental_responsibility": with_parental_responsibility,
            "settings_count": sum(settings_by_type.values()),
            "settings_by_type": settings_by_type,
            "assessments": assessments,
            "plan_quality": plan_quality,
            "redress": redress,
        },
    )
    return snapshot


def _assessment_figures(partnership: Partnership, on_date: date) -> dict:
    """Open cases by stage, deadlines overdue, and the 20-week rate over the 12 months to ``on_date``
    (final plans issued within 20 weeks of the request, with and without exception cases, as SEN2)."""
    from ehcp import clock
    from ehcp import selectors as ehcp_selectors
    from ehcp.models import AssessmentRequest, Deadline

    open_cases = AssessmentRequest.objects.filter(
        partnership=partnership, stage__in=AssessmentRequest.OPEN_STAGES
    )
    by_stage = dict.fromkeys([str(stage) for stage in AssessmentRequest.OPEN_STAGES], 0)
    for stage, count in open_cases.values("stage").annotate(n=Count("pk")).values_list("stage", "n"):
        by_stage[stage] = count
    overdue = Deadline.objects.filter(
        partnership=partnership, request__isnull=False, status=Deadline.Status.MISSED, met_on__isnull=True
    ).count()
    year_before = clock.add_months(on_date, -12)
    rate = ehcp_selectors.timeliness(partnership_ids=[partnership.pk], since=year_before, until=on_date)
    return {
        "open_cases": sum(by_stage.values()),
        "open_by_stage": by_stage,
        "overdue_deadlines": overdue,
        **rate,
    }


def _plan_quality_figures(partnership: Partnership, on_date: date) -> dict:
    """Final and amended plans issued in the 12 months to ``on_date``: the share that passed every
    quality check, and the count failing each (``dashboards.selectors.plan_quality``)."""
    from ehcp import clock

    from .selectors import plan_quality

    return plan_quality(partnership_ids=[partnership.pk], since=clock.add_months(on_date, -12), until=on_date)


def _redress_figures(partnership: Partnership, on_date: date) -> dict:
    """Redress over the 12 months to ``on_date`` (``redress.selectors.measures``; ADR 0015)."""
    from ehcp import clock
    from redress import selectors as redress_selectors

    return redress_selectors.measures(
        partnership_ids=[partnership.pk], since=clock.add_months(on_date, -12), until=on_date
    )


def partnership_rollup_all(*, on_date: date | None = None) -> int:
    """Roll up every partnership (each in its own transaction); returns how many were rolled up."""
    count = 0
    for partnership in Partnership.objects.order_by("pk"):
        partnership_rollup(partnership=partnership, on_date=on_date)
        count += 1
    return count
