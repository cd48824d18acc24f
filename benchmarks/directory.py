"""Benchmark: import a generated directory of 20,000 services (HSDS CSV package) and answer 1,000 finder queries.

Generates, in a temporary folder, an HSDS 3.0 CSV package for Stichtse Vecht (GM1904) with 2,000
organisations, 20,000 services, 6,000 locations at random points inside random buurten (some placed
by kern only, some online), and their addresses, schedules, phones, contacts, costs, languages,
accessibility, service areas and the Kernfoto profile (themes, target groups, kind as attributes).
Then, on a fresh SQLite database (or DATABASE_URL) with the bundled sample loaded (boundaries and
kernen), it times ``kernfoto.directory.hsds.import_directory`` and 1,000 random queries of
``kernfoto.directory.search.search`` (words, kern, distance to the kern, theme, target group, day; the
first query builds the finder's index and the first query at each distance computes which offers lie
near which kern: both are reported separately). Prints the import time, p50/p95/max query time and the
peak memory (RSS) of the process.

    .venv/bin/python benchmarks/directory.py [--services 20000] [--queries 1000] [--seed 1]

Goal (issue 6): import < 10 s, p95 query < 50 ms.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

GM = "GM1904"
NS = uuid.UUID("2c7e0f5a-9b1d-4e63-8a2f-7d5c3b1e9f40")
WORDS = ("koffie", "taal", "eenzaam", "jongeren", "schuld", "wandelen", "mantelzorg", "bibliotheek", "sport",
         "geld", "kinderen", "ontmoeting", "hulp", "spreekuur", "cursus")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def uid(*parts) -> str:
    return str(uuid.uuid5(NS, "/".join(map(str, parts))))


def write(folder: Path, table, rows: list[dict]) -> None:
    with (folder / table.file).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=table.column_names, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(rows)


def generate(folder: Path, n_services: int, rng: random.Random) -> dict[str, int]:  # noqa: C901 - one pass
    from kernfoto.areas.geo import point_in_area
    from kernfoto.directory.hsds_tables import BY_NAME, profile_taxonomies
    from kernfoto.directory.placement import Placer

    placer = Placer(GM)
    kern_slugs = sorted(placer.kernen)
    themes, groups, kinds = (tax.codes for tax in profile_taxonomies())
    n_orgs, n_locations = max(n_services // 10, 1), max(n_services * 3 // 10, 1)
    rows: dict[str, list[dict]] = {t: [] for t in BY_NAME}
    for i in range(n_orgs):
        rows["organization"].append({"id": uid("org", i), "name": f"Organisatie {i}", "kernfoto_gemeente": GM,
                                     "description": "Gegenereerd voor de benchmark",
                                     "email": f"info{i}@bench.example", "kernfoto_is_example": "false"})
        rows["phone"].append({"id": uid("phone-org", i), "organization_id": uid("org", i),
                              "number": f"0346 000 {i:04d}", "type": "voice"})
        rows["contact"].append({"id": uid("contact", i), "organization_id": uid("org", i), "title": "Coördinator"})
    for i in range(n_locations):
        lid, oid = uid("loc", i), uid("org", i % n_orgs)
        row = {"id": lid, "organization_id": oid, "name": f"Locatie {i}", "location_type": "physical"}
        r = rng.random()
        if r < 0.02:
            row.update(location_type="virtual", url=f"https://bench.example/{i}")
        elif r < 0.12:
            row["kernfoto_kern"] = rng.choice(kern_slugs)
        else:
            shape = rng.choice(placer.shapes)
            x0, y0, x1, y1 = shape.bbox
            while True:
                lon, lat = rng.uniform(x0, x1), rng.uniform(y0, y1)
                if point_in_area(lon, lat, shape.rings):
                    break
            row.update(latitude=f"{lat:.5f}", longitude=f"{lon:.5f}")
        rows["location"].append(row)
        if row["location_type"] == "physical":
            rows["address"].append({"id": uid("addr", i), "location_id": lid, "address_1": f"Benchstraat {i}",
                                    "city": "Maarssen", "postal_code": "3600 AA", "country": "NL"})
            if i % 2:
                rows["accessibility"].append({"id": uid("acc", i), "location_id": lid,
                                              "description": "Rolstoeltoegankelijk"})
            if i % 3 == 0:
                rows["phone"].append({"id": uid("phone-loc", i), "location_id": lid, "number": f"030 000 {i:04d}"})
    for i in range(n_services):
        sid, org = uid("service", i), i % n_orgs
        word = rng.choice(WORDS)
        rows["service"].append({
            "id": sid, "organization_id": uid("org", org), "name": f"{word.capitalize()} {i}",
            "description": f"Aanbod {i} over {word} en {rng.choice(WORDS)}",
            "status": "active" if rng.random() < 0.95 else "inactive", "fees_description": "Gratis",
            "assured_date": f"202{rng.choice((4, 5, 6))}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"})
        loc = (org + n_orgs * rng.randrange(max(n_locations // n_orgs, 1))) % n_locations
        rows["service_at_location"].append({"id": uid("sal", i), "service_id": sid, "location_id": uid("loc", loc)})
        for k in range(rng.choice((1, 1, 2))):
            day = ",".join(sorted(rng.sample(DAYS, rng.randint(1, 3)), key=DAYS.index))
            rows["schedule"].append({"id": uid("sched", i, k), "service_id": sid, "freq": "WEEKLY", "interval": "1",
                                     "byday": day, "opens_at": "09:00", "closes_at": "12:00"})
        rows["cost_option"].append({"id": uid("cost", i), "service_id": sid, "amount": f"{rng.choice((0, 2.5, 5)):.2f}",
                                    "currency": "EUR"})
        if i % 4 == 0:
            rows["language"].append({"id": uid("lang", i), "service_id": sid, "code": "nl", "name": "Nederlands"})
        if i % 3 == 0:
            for slug in rng.sample(kern_slugs, 2):
                rows["service_area"].append({"id": uid("area", i, slug), "service_id": sid, "kernfoto_kern": slug})
        elif i % 50 == 1:
            rows["service_area"].append({"id": uid("area", i), "service_id": sid, "extent_type": "gemeente"})
        chosen = {"kernfoto-thema": rng.sample(themes, rng.choice((1, 1, 2))),
                  "kernfoto-doelgroep": rng.sample(groups, rng.choice((1, 2))),
                  "kernfoto-soort": [rng.choice(kinds)]}
        for tax in profile_taxonomies():
            for code in chosen[tax.name]:
                rows["attribute"].append({"id": tax.attribute_id(sid, code), "link_id": sid,
                                          "taxonomy_term_id": tax.term_id(code), "link_entity": "service",
                                          "link_type": tax.link_type})
    for tax in profile_taxonomies():
        rows["taxonomy"].append({"id": tax.id, "name": tax.name, "description": tax.description})
        for code, name, description in tax.terms:
            rows["taxonomy_term"].append({"id": tax.term_id(code), "code": code, "name": name,
                                          "description": description, "taxonomy": tax.name, "taxonomy_id": tax.id})
    for name, table in BY_NAME.items():
        write(folder, table, rows[name])
    return {name: len(r) for name, r in rows.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--services", type=int, default=20_000)
    ap.add_argument("--queries", type=int, default=1_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    from kernfoto.cli import setup_django

    setup_django()
    import datetime as dt

    from kernfoto.demo import load_demo
    from kernfoto.directory.hsds import import_directory
    from kernfoto.directory.models import Service

    t = time.perf_counter()
    load_demo()
    print(f"database: {os.environ['DATABASE_URL'].split('@')[-1]}; sample loaded in {time.perf_counter() - t:.1f} s")
    rng = random.Random(args.seed)
    pkg = tmp / "pakket"
    pkg.mkdir()
    t = time.perf_counter()
    counts = generate(pkg, args.services, rng)
    size = sum(f.stat().st_size for f in pkg.iterdir()) / 1e6
    print(f"generated {counts['service']:,} services, {sum(counts.values()):,} rows in {len(counts)} files "
          f"({size:.1f} MB) in {time.perf_counter() - t:.1f} s")
    t, cpu = time.perf_counter(), time.process_time()
    result = import_directory(pkg, gemeente=GM)
    t_import, cpu = time.perf_counter() - t, time.process_time() - cpu
    stored = sum(result.created.values())
    print(f"import  {result.services:,} services, {stored:,} rows stored in {t_import:.2f} s "
          f"(CPU {cpu:.2f} s); peak RSS {peak_mb():.0f} MB")
    assert Service.objects.filter(organization__gemeente_id=GM).count() >= args.services

    from kernfoto.directory import search as finder

    today = dt.date(2026, 11, 29)
    t = time.perf_counter()
    first = finder.search(GM, q="koffie", today=today)  # builds the finder's index of the gemeente
    t_first = time.perf_counter() - t
    kernen = sorted(finder.kernen(GM, today=today))
    distances = (1, 2, 5)
    near_ms = []
    for km in distances:  # the first query at a distance computes the offers near each kern (nearby.py)
        t = time.perf_counter()
        finder.search(GM, kern=kernen[0], near_km=km, today=today)
        near_ms.append(f"{km} km {(time.perf_counter() - t) * 1000:.0f} ms")
    from kernfoto.directory.hsds_tables import profile_taxonomies

    themes, groups, _ = (tax.codes for tax in profile_taxonomies())
    times, found = [], 0
    for _ in range(args.queries):
        kern = rng.choice(kernen) if rng.random() < 0.6 else None
        kwargs = {"q": rng.choice(WORDS) if rng.random() < 0.5 else "", "kern": kern,
                  "near_km": rng.choice((0, *distances)) if kern and rng.random() < 0.5 else None,
                  "theme": rng.choice(themes) if rng.random() < 0.4 else None,
                  "target_group": rng.choice(groups) if rng.random() < 0.3 else None,
                  "day": rng.choice(DAYS) if rng.random() < 0.3 else None}
        t = time.perf_counter()
        hits = finder.search(GM, today=today, **kwargs)
        times.append((time.perf_counter() - t) * 1000)
        found += len(hits)
    times.sort()
    p50, p95 = statistics.median(times), times[int(0.95 * len(times)) - 1]
    print(f"finder  first query (builds the index) {t_first * 1000:.0f} ms ({len(first):,} hits); first query "
          f"near a kern (computes the distances): {', '.join(near_ms)}")
    print(f"finder  {args.queries:,} queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms; "
          f"{found / args.queries:,.0f} hits on average")
    print(f"peak RSS {peak_mb():.0f} MB")
    ok = t_import < 10 and p95 < 50
    print(f"goal (import < 10 s, p95 query < 50 ms): {'met' if ok else 'NOT met'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
