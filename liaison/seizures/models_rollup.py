"""Monthly roll-up of the ledger: what statistics read instead of scanning 3M items.

Three tables, each partitioned by (recording agency, month) so that `rollup.refresh()`
can recompute exactly the partitions a write touched. Every row also carries the
incident's sharing level and place, so scope (`sharing_q(owner="agency")`) and the
country/province filters apply to the roll-up as they do to the ledger. Districts are
left out on purpose: with them the roll-up was barely smaller than the ledger
(bench/bench_seizures.py); district groupings and filters read the ledger.

Counting rule kept exact by construction:
- `RollupIncident`: each live incident once (incidents, persons arrested).
- `RollupItem`: per drug and unit; `incidents`/`arrested` are carried only by the first
  item (lowest id) of each drug in each incident, so summing over units gives "incidents
  involving that drug" without double counting; `quantity` and `kg` sum every item.
- `RollupNationality`: persons arrested by nationality, once with `drug=""` (any drug,
  each incident once) and once per distinct drug of the incident (for drug groupings).
"""

from __future__ import annotations

from django.db import models


class _RollupBase(models.Model):
    month = models.DateField()  # first day of the month
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    sharing = models.CharField(max_length=20)
    country = models.ForeignKey(
        "agencies.Country", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    province = models.ForeignKey(
        "agencies.Area", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.agency_id} {self.month:%Y-%m}"


class RollupIncident(_RollupBase):
    incidents = models.PositiveIntegerField(default=0)
    arrested = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["agency", "month"], name="rollup_incident_part"),
            models.Index(fields=["month"], name="rollup_incident_month"),
        ]


class RollupItem(_RollupBase):
    drug = models.CharField(max_length=20)
    unit = models.CharField(max_length=10)
    incidents = models.PositiveIntegerField(default=0)
    arrested = models.PositiveIntegerField(default=0)
    quantity = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    kg = models.DecimalField(max_digits=22, decimal_places=6, default=0)

    class Meta:
        indexes = [
            models.Index(fields=["agency", "month"], name="rollup_item_part"),
            models.Index(fields=["month"], name="rollup_item_month"),
        ]


class RollupNationality(_RollupBase):
    drug = models.CharField(max_length=20, blank=True)  # "" = any drug
    nationality = models.CharField(max_length=2)
    arrested = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["agency", "month"], name="rollup_nationality_part"),
            models.Index(fields=["drug", "month"], name="rollup_nationality_drug"),
        ]
