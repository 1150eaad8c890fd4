"""The generated seizure ledger: border provinces as areas, incidents with their items and
arrests (raw executemany in batches), then the roll-up rebuilt once."""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta

from bench.common import Figure, World

BATCH = 20_000
FIRST_DAY = date(2020, 1, 1)
LAST_DAY = date(2025, 6, 30)
AREA_PREFIX = "B"  # generated areas: "BVN-03", "BVN-03-2"

# The border provinces (DESIGN.md), with a rough centre for the map.
PROVINCES = {
    "VN": [
        ("Điện Biên", 21.4, 103.0),
        ("Sơn La", 21.3, 103.9),
        ("Thanh Hóa", 20.1, 105.3),
        ("Nghệ An", 19.2, 104.9),
        ("Hà Tĩnh", 18.3, 105.9),
        ("Quảng Bình", 17.5, 106.3),
        ("Quảng Trị", 16.7, 106.9),
        ("Thừa Thiên Huế", 16.3, 107.6),
        ("Quảng Nam", 15.6, 107.9),
        ("Kon Tum", 14.6, 107.9),
        ("Gia Lai", 13.9, 108.0),
        ("Đắk Lắk", 12.7, 108.2),
        ("Đắk Nông", 12.2, 107.7),
        ("Bình Phước", 11.7, 106.8),
        ("Tây Ninh", 11.4, 106.1),
        ("Long An", 10.7, 106.2),
        ("Đồng Tháp", 10.6, 105.6),
        ("An Giang", 10.5, 105.1),
        ("Kiên Giang", 10.0, 105.1),
    ],
    "LA": [
        ("ຜົ້ງສາລີ", 21.7, 102.1),
        ("ຫົວພັນ", 20.4, 104.0),
        ("ຊຽງຂວາງ", 19.5, 103.2),
        ("ບໍລິຄຳໄຊ", 18.4, 104.5),
        ("ຄຳມ່ວນ", 17.4, 105.0),
        ("ສະຫວັນນະເຂດ", 16.6, 105.5),
        ("ສາລະວັນ", 15.7, 106.4),
        ("ເຊກອງ", 15.3, 106.7),
        ("ອັດຕະປື", 14.8, 106.8),
        ("ຈຳປາສັກ", 14.9, 105.9),
    ],
    "KH": [
        ("រតនគិរី", 13.7, 107.0),
        ("មណ្ឌលគិរី", 12.5, 107.2),
        ("ក្រចេះ", 12.5, 106.0),
        ("ត្បូងឃ្មុំ", 11.9, 105.7),
        ("ស្វាយរៀង", 11.1, 105.8),
        ("ព្រៃវែង", 11.5, 105.3),
        ("កណ្ដាល", 11.3, 105.0),
        ("តាកែវ", 10.9, 104.8),
        ("កំពត", 10.6, 104.2),
    ],
}
DISTRICTS_PER_PROVINCE = 4
# drug -> (weight, [(unit, low, high, kg per unit or None)])
DRUGS = {
    "meth_tablets": (30, [("tablets", 100, 200_000, 0.0001), ("g", 10, 5000, 0.001)]),
    "meth_crystal": (22, [("kg", 0.1, 120, 1.0), ("g", 1, 900, 0.001)]),
    "heroin": (15, [("kg", 0.05, 40, 1.0), ("g", 1, 900, 0.001)]),
    "cannabis_herb": (10, [("kg", 0.5, 300, 1.0)]),
    "cannabis_plants": (3, [("plants", 10, 5000, None)]),
    "ketamine": (6, [("kg", 0.1, 50, 1.0), ("g", 1, 900, 0.001)]),
    "mdma": (5, [("tablets", 10, 20_000, 0.0003)]),
    "opium": (4, [("kg", 0.1, 30, 1.0)]),
    "amphetamine": (2, [("tablets", 10, 5000, 0.00017)]),
    "precursors": (2, [("litres", 1, 2000, 1.0)]),
    "nps": (1, [("g", 1, 2000, 0.001)]),
}
SHARING = [("national", 60), ("partners", 25), ("agency", 10), ("network", 5)]
MODI = [("land", 70), ("river", 10), ("post", 10), ("air", 5), ("internet", 5)]
NATIONALITIES = [("VN", 50), ("LA", 25), ("KH", 15), ("CN", 5), ("TH", 5)]


def ensure_areas() -> dict[str, list[tuple[int, float, float, list[tuple[int, str]]]]]:
    """Provinces (id, lat, lon, [(district id, name)]) per country, created once."""
    from liaison.agencies.models import Area

    if not Area.objects.filter(code__startswith=f"{AREA_PREFIX}VN-").exists():
        provinces = [
            Area(code=f"{AREA_PREFIX}{c}-{i:02d}", kind="province", name=name, country_id=c)
            for c, rows in PROVINCES.items()
            for i, (name, _lat, _lon) in enumerate(rows)
        ]
        Area.objects.bulk_create(provinces)
        saved = Area.objects.filter(code__startswith=AREA_PREFIX, kind="province")
        Area.objects.bulk_create(
            [
                Area(
                    code=f"{p.code}-{d}",
                    kind="district",
                    name=f"{p.name} {d}",
                    country_id=p.country_id,
                    parent=p,
                )
                for p in saved
                for d in range(1, DISTRICTS_PER_PROVINCE + 1)
            ]
        )
    districts: dict[int, list[tuple[int, str]]] = {}
    for pk, parent, name in Area.objects.filter(
        code__startswith=AREA_PREFIX, kind="district"
    ).values_list("pk", "parent_id", "name"):
        districts.setdefault(parent, []).append((pk, name))
    out: dict[str, list] = {}
    for pk, code, country in (
        Area.objects.filter(code__startswith=AREA_PREFIX, kind="province")
        .order_by("code")
        .values_list("pk", "code", "country_id")
    ):
        _name, lat, lon = PROVINCES[country][int(code.rsplit("-", 1)[1])]
        out.setdefault(country, []).append((pk, lat, lon, sorted(districts.get(pk, []))))
    return out


def _insert_sql(model, columns: list[str]) -> str:
    from django.db import connection

    quote = connection.ops.quote_name
    return "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )


def recording_agencies(world: World, country: str) -> list[tuple[int, list[int]]]:
    """(provincial agency, its district agencies) of a country, in creation order."""
    provinces = world.agencies["province"].get(country, [])
    districts = world.agencies["district"].get(country, [])
    per = max(1, len(districts) // max(1, len(provinces)))
    return [(p, districts[i * per : (i + 1) * per]) for i, p in enumerate(provinces)]


def generate_ledger(count: int, world: World, *, progress=print, seed: int = 5) -> float:
    """Append `count` incidents (1-5 items, 0-3 arrest rows each); seconds taken."""
    from django.db import connection, transaction

    from liaison.seizures.models import Arrest, Incident, SeizedItem

    start = time.perf_counter()
    rng = random.Random(seed)
    areas = ensure_areas()
    recorders = {c: recording_agencies(world, c) for c in areas}
    incident_columns = [f.column for f in Incident._meta.concrete_fields]
    item_columns = [f.column for f in SeizedItem._meta.concrete_fields if f.column != "id"]
    arrest_columns = [f.column for f in Arrest._meta.concrete_fields if f.column != "id"]
    incident_sql = _insert_sql(Incident, incident_columns)
    item_sql = _insert_sql(SeizedItem, item_columns)
    arrest_sql = _insert_sql(Arrest, arrest_columns)
    drugs, drug_weights = list(DRUGS), [w for w, _ in DRUGS.values()]
    sharing, sharing_w = zip(*SHARING, strict=True)
    modi, modi_w = zip(*MODI, strict=True)
    nats, nats_w = zip(*NATIONALITIES, strict=True)
    countries, country_w = ["VN", "LA", "KH"], [55, 30, 15]
    span = (LAST_DAY - FIRST_DAY).days
    first_id = (Incident.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    now = connection.ops.adapt_datetimefield_value(datetime.now(UTC))
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("PRAGMA cache_size = -262144")
    default_sharing: dict[int, str] = {}
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        incidents, items, arrests = [], [], []
        for n in range(first_id + done, first_id + done + size):
            country = rng.choices(countries, country_w)[0]
            p = rng.randrange(len(areas[country]))
            province, lat, lon, districts = areas[country][p]
            agency, district_agencies = recorders[country][p % len(recorders[country])]
            d = rng.randrange(len(districts))
            if district_agencies and rng.random() < 0.6:
                agency = district_agencies[d % len(district_agencies)]
            arrested = 0
            for _ in range(rng.choices((0, 1, 2, 3), (25, 45, 20, 10))[0]):
                how_many = rng.choice((1, 1, 1, 2, 3))
                arrested += how_many
                arrests.append((n, None, rng.choices(nats, nats_w)[0], how_many))
            seized_kg = 0.0
            # 1-5 items, three on average
            for _ in range(rng.choices((1, 2, 3, 4, 5), (20, 20, 20, 20, 20))[0]):
                drug = rng.choices(drugs, drug_weights)[0]
                unit, low, high, per_unit = rng.choice(DRUGS[drug][1])
                quantity = round(rng.uniform(low, high), 3)
                kg = None if per_unit is None else round(quantity * per_unit, 6)
                conversion = "" if unit == "kg" or per_unit is None else f"1 {unit} = {per_unit} kg"
                item = {
                    "incident_id": n,
                    "drug": drug,
                    "substance": "",
                    "quantity": quantity,
                    "unit": unit,
                    "kg": kg,
                    "conversion": conversion,
                }
                items.append(tuple(item[c] for c in item_columns))
                seized_kg += kg or 0
            row = {
                "id": n,
                "ref": f"G-{n}",
                "agency_id": agency,
                # an agency records at its default level, with a few exceptions
                "sharing": default_sharing.setdefault(
                    agency, random.Random(agency).choices(sharing, sharing_w)[0]
                )
                if rng.random() < 0.9
                else rng.choices(sharing, sharing_w)[0],
                "handling_code": "H0",
                "occurred_on": FIRST_DAY + timedelta(days=rng.randrange(span + 1)),
                "country_id": country,
                "province_id": province,
                "district_id": districts[d][0],
                "place": "",
                "border_gate_id": None,
                "latitude": round(lat + rng.uniform(-0.4, 0.4), 6),
                "longitude": round(lon + rng.uniform(-0.4, 0.4), 6),
                "modus": rng.choices(modi, modi_w)[0],
                "origin": rng.choice(("", "MM", "LA", "KH")),
                "transit": rng.choice(("", "", "LA", "TH;LA")),
                "destination": rng.choice(("", "VN", "CN", "KH")),
                "case_id": None,
                "notes": "",
                "arrested_count": arrested,
                "seized_kg": round(seized_kg, 6),
                "cancelled_at": None,
                "cancel_reason": "",
                "created_by_id": None,
                "created_at": now,
                "updated_at": now,
            }
            incidents.append(tuple(row[c] for c in incident_columns))
        arrest_rows = [
            tuple(
                {"incident_id": a[0], "person_id": a[1], "nationality": a[2], "count": a[3]}[c]
                for c in arrest_columns
            )
            for a in arrests
        ]
        with transaction.atomic(), connection.cursor() as cur:
            cur.executemany(incident_sql, incidents)
            cur.executemany(item_sql, items)
            if arrest_rows:
                cur.executemany(arrest_sql, arrest_rows)
        done += size
        if done % 100_000 < BATCH or done == count:
            rate = done / (time.perf_counter() - start)
            progress(f"  {done:,} incidents ({rate:,.0f}/s)")
    _after_bulk_insert()
    return time.perf_counter() - start


def _after_bulk_insert() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    from liaison.seizures.models import Arrest, Incident, SeizedItem

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Incident, SeizedItem, Arrest]
            ):
                cur.execute(sql)
            cur.execute("ANALYZE")
        else:
            cur.execute("ANALYZE")


def _fill_seized_kg() -> None:
    """What the ledger services keep on every write, done in one statement."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "UPDATE seizures_incident SET seized_kg = COALESCE((SELECT SUM(i.kg) FROM "
            "seizures_seizeditem i WHERE i.incident_id = seizures_incident.id), 0)"
        )


def ensure_ledger(total: int, world: World, *, progress=print) -> list[Figure]:
    """Generate the ledger (and the roll-up) unless it is there; figures of the work."""
    from liaison.seizures import rollup
    from liaison.seizures.models import Incident, SeizedItem
    from liaison.seizures.models_rollup import RollupIncident

    figures: list[Figure] = []
    existing = Incident.objects.count()
    if existing < total:
        progress(f"Generating {total - existing:,} incidents...")
        seconds = generate_ledger(total - existing, world, progress=progress)
        _fill_seized_kg()
        figures.append(Figure("generating the ledger", seconds, "s"))
    if Incident.objects.exists() and not Incident.objects.exclude(seized_kg=0).exists():
        # ledgers generated before incidents kept their seized kg
        progress("Computing each incident's seized kg...")
        start = time.perf_counter()
        _fill_seized_kg()
        figures.append(Figure("filling Incident.seized_kg", time.perf_counter() - start, "s"))
    if existing < total or not RollupIncident.objects.exists():
        progress("Rebuilding the roll-up...")
        start = time.perf_counter()
        counts = rollup.rebuild(progress=progress)
        _after_bulk_insert()
        figures.append(
            Figure(
                "roll-up rebuild (seizures_rollup_rebuild)",
                time.perf_counter() - start,
                "s",
                note=", ".join(f"{k}: {v:,} rows" for k, v in counts.items()),
            )
        )
    figures.insert(0, Figure("incidents in the ledger", float(Incident.objects.count()), ""))
    figures.insert(1, Figure("seized items in the ledger", float(SeizedItem.objects.count()), ""))
    figures.insert(2, _rollup_rows())
    return figures


def _rollup_rows() -> Figure:
    """What the statistics read: the size of each roll-up table."""
    from liaison.seizures.models_rollup import (
        RollupIncident,
        RollupItem,
        RollupItemQuarter,
        RollupNationality,
    )

    counts = {
        model._meta.model_name: model.objects.count()
        for model in (RollupIncident, RollupItem, RollupItemQuarter, RollupNationality)
    }
    return Figure(
        "roll-up rows",
        float(sum(counts.values())),
        "",
        note=", ".join(f"{name}: {rows:,}" for name, rows in counts.items()),
    )
