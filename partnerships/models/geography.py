"""Reference geography: DfE regions, local authorities (with superseded codes) and NHS ICBs.

Loaded from the DfE and ONS files in ``reference_data/`` by ``manage.py load_reference_data``.
"""

from django.db import models


class Region(models.Model):
    """One of the 9 English regions used by DfE statistics and its Regional Directors."""

    code = models.CharField(max_length=9, unique=True, help_text="ONS code, for example E12000003")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocalAuthority(models.Model):
    """An upper-tier local authority. Terminated authorities are kept so historic data still joins."""

    class Status(models.TextChoices):
        LIVE = "live", "Live"
        TERMINATED = "terminated", "Terminated"

    ons_code = models.CharField(max_length=9, unique=True, help_text="ONS code, for example E08000035")
    dfe_code = models.CharField(max_length=3, blank=True, help_text="DfE 3-digit LA code, for example 383")
    name = models.CharField(max_length=120)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="local_authorities"
    )
    entity_type = models.CharField(
        max_length=60, blank=True, help_text="Unitary, metropolitan, London borough or county"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    date_of_operation = models.DateField(null=True, blank=True)
    date_of_termination = models.DateField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"
        indexes = [models.Index(fields=["dfe_code"]), models.Index(fields=["status", "region"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.dfe_code})" if self.dfe_code else self.name


class ICB(models.Model):
    """An NHS Integrated Care Board (42 in England)."""

    ons_code = models.CharField(max_length=9, unique=True, help_text="ONS code, for example E54000061")
    ods_code = models.CharField(max_length=5, unique=True, help_text="NHS ODS code, for example QF7")
    name = models.CharField(max_length=150)
    nhs_region_code = models.CharField(max_length=9)
    nhs_region_name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = "integrated care board"

    def __str__(self) -> str:
        return self.name


class SubICBLocation(models.Model):
    """A sub-ICB location (formerly a CCG area) and the ICB it belongs to."""

    ons_code = models.CharField(max_length=9, unique=True)
    ods_code = models.CharField(max_length=5)
    name = models.CharField(max_length=150)
    icb = models.ForeignKey(ICB, on_delete=models.PROTECT, related_name="sub_icb_locations")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
