"""Writes for the national SEND standards catalogue (docs/adr/0014).

The catalogue is versioned. A DfE national administrator starts a draft version from the latest one,
adds, changes and removes standards in the draft, then publishes it with the day it applies from. A
published version never changes: every write here refuses anything but a draft, so the standards EHC plans
and local inclusion plans cite keep what they cited. A standard's ``code`` is stable across versions;
changing what a standard says keeps its code, so "what changed" can be shown where it is cited.
"""

import tomllib
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ehcp import audit
from partnerships.models import User

from . import policy
from .models import Standard, StandardsVersion

SEED_FILE = Path(__file__).resolve().parent / "standards" / "england.toml"
STANDARD_FIELDS = (
    "area_of_need",
    "tier",
    "title",
    "expected_provision",
    "responsible_partner",
    "source",
    "source_url",
)


def _require_draft(version: StandardsVersion) -> None:
    if version.status != StandardsVersion.Status.DRAFT:
        raise ValidationError(
            {"version": [f"Version {version.number} is published and cannot be changed: start a new version"]}
        )


def _clean(standard: Standard) -> None:
    try:
        standard.full_clean(exclude=["version"], validate_unique=False)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc


@transaction.atomic
def standards_draft_start(*, actor: User, title: str = "") -> StandardsVersion:
    """A new draft version copying the latest version's standards (one draft at a time)."""
    policy.require_standards_admin(actor)
    versions = StandardsVersion.objects.select_for_update()
    if versions.filter(status=StandardsVersion.Status.DRAFT).exists():
        raise ValidationError({"version": ["A draft version already exists: finish or publish it first"]})
    latest = versions.order_by("-number").first()
    number = (versions.aggregate(top=Max("number"))["top"] or 0) + 1
    with audit.context(actor, "standards_draft_start"):
        draft = StandardsVersion.objects.create(
            number=number,
            title=(title or (latest.title if latest else "National SEND standards")).strip()[:200],
            based_on=latest,
            created_by=actor,
        )
        if latest is not None:
            Standard.objects.bulk_create(
                Standard(
                    version=draft,
                    code=s.code,
                    position=s.position,
                    **{name: getattr(s, name) for name in STANDARD_FIELDS},
                )
                for s in latest.standards.all()
            )
    return draft


@transaction.atomic
def standards_draft_update(*, actor: User, version: StandardsVersion, title: str, summary_of_changes: str):
    policy.require_standards_admin(actor)
    version = StandardsVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    if not title.strip():
        raise ValidationError({"title": ["Enter the version's title"]})
    with audit.context(actor, "standards_draft_update"):
        version.title = title.strip()[:200]
        version.summary_of_changes = summary_of_changes.strip()
        version.save(update_fields=["title", "summary_of_changes"])
    return version


@transaction.atomic
def standard_save(
    *, actor: User, version: StandardsVersion, code: str, values: dict, adding: bool = False
) -> Standard:
    """Add a standard to a draft (a new code; ``adding`` refuses a code already there) or change one
    already in it (same code). Codes are kept in lower case."""
    policy.require_standards_admin(actor)
    version = StandardsVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    code = (code or "").strip().lower()
    standard = version.standards.filter(code=code).first()
    if adding and standard is not None:
        raise ValidationError({"code": ["This version already has a standard with this code"]})
    if standard is None:
        top = version.standards.aggregate(top=Max("position"))["top"]
        standard = Standard(version=version, code=code, position=(top or 0) + 1)
    for name in STANDARD_FIELDS:
        if name in values:
            setattr(standard, name, (values[name] or "").strip())
    _clean(standard)
    with audit.context(actor, "standard_save", code=code):
        standard.save()
    return standard


@transaction.atomic
def standard_remove(*, actor: User, version: StandardsVersion, code: str) -> None:
    policy.require_standards_admin(actor)
    version = StandardsVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    code = (code or "").strip().lower()
    standard = version.standards.filter(code=code).first()
    if standard is None:
        raise ValidationError({"code": [f"Version {version.number} has no standard {code}"]})
    with audit.context(actor, "standard_remove", code=code):
        standard.delete()


@transaction.atomic
def standards_publish(
    *, actor: User | None, version: StandardsVersion, effective_from: date | None
) -> StandardsVersion:
    """Publish a draft: from now on it never changes. ``actor`` None only for the seed command."""
    if actor is not None:
        policy.require_standards_admin(actor)
    version = StandardsVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    errors = {}
    if effective_from is None:
        errors["effective_from"] = ["Enter the day the version applies from"]
    if not version.standards.exists():
        errors["version"] = ["Add at least one standard before publishing"]
    if version.number > 1 and not version.summary_of_changes.strip():
        errors["summary_of_changes"] = ["Say in brief what changed in this version"]
    if errors:
        raise ValidationError(errors)
    version.status = StandardsVersion.Status.PUBLISHED
    version.effective_from = effective_from
    version.published_at = timezone.now()
    version.published_by = actor
    if actor is not None:
        with audit.context(actor, "standards_publish", number=version.number):
            version.save()
    else:
        version.save()
    return version


@transaction.atomic
def standards_seed(*, path: Path = SEED_FILE) -> StandardsVersion | None:
    """Load the seed file as the first published version when the catalogue is empty (idempotent: once a
    version exists the catalogue belongs to the national administrator and the file is not read again)."""
    if StandardsVersion.objects.select_for_update().exists():
        return None
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    meta = raw["version"]
    version = StandardsVersion.objects.create(
        number=int(meta["number"]), title=meta["title"], summary_of_changes=meta.get("summary_of_changes", "")
    )
    for position, row in enumerate(raw["standards"], start=1):
        standard = Standard(
            version=version,
            code=row["code"],
            position=position,
            **{n: row.get(n, "") for n in STANDARD_FIELDS},
        )
        _clean(standard)
        standard.save()
    return standards_publish(actor=None, version=version, effective_from=meta["effective_from"])
