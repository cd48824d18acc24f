"""Realistic Profile objects for the renderer tests, built from real RIVM/GGD'en/CBS numbers.

The numbers come from ``tests/fixtures/profile_rows.csv`` (a verbatim copy of the rows of
CBS table 50090NED for Nederland, Stichtse Vecht and Wijk 01 Maarssen; see
``tests/fixtures/README.md``). The profile builder (engine -> Profile) is written elsewhere;
these fixtures stand in for it. Because this is a fixture and not product code, the
comparison class and the trend are derived here by a simple documented rule:

* comparison: a difference of less than 2 percentage points is "vergelijkbaar"; otherwise
  "gunstiger"/"ongunstiger" by the indicator's polarity, or "hoger"/"lager" when the
  polarity is "geen_oordeel";
* trend (2016 -> 2020): a change of less than 2 points is "gelijk gebleven", otherwise
  "gestegen"/"gedaald"; no 2016 value means no trend.
"""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from kernfoto.profiles.model import (
    Block,
    Figure,
    Finding,
    GroupComparison,
    GroupValue,
    Profile,
    Source,
    ThemeBlock,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GEO = Path(__file__).resolve().parents[2] / "src" / "kernfoto" / "data" / "geo"

AREA, GEMEENTE, NL = "WK190401", "GM1904", "NL01"

# theme id, theme label, [(column, indicator id, label, polarity, finding phrase)]
THEMES = [
    ("gezondheid", "Gezondheid", [
        ("ErvarenGezondheidGoedZeerGoed_4", "ervaren_gezondheid_goed_pct", "Ervaren gezondheid (zeer) goed", "hoog_gunstig",
         "inwoners ervaren hun gezondheid als goed of zeer goed"),
        ("EenOfMeerLangdurigeAandoeningen_16", "langdurige_aandoening_pct", "Eén of meer langdurige aandoeningen", "laag_gunstig",
         "inwoners hebben een langdurige aandoening"),
        ("BeperktVanwegeGezondheid_17", "beperkt_gezondheid_pct", "Beperkt vanwege gezondheid", "laag_gunstig",
         "inwoners zijn beperkt door hun gezondheid"),
    ]),
    ("beperkingen", "Beperkingen", [
        ("EenOfMeerLichamelijkeBeperkingen_20", "lichamelijke_beperking_pct", "Eén of meer lichamelijke beperkingen", "laag_gunstig",
         "inwoners hebben een lichamelijke beperking"),
        ("BeperkingInHoren_21", "beperking_horen_pct", "Beperking in horen", "laag_gunstig", "inwoners zijn beperkt in horen"),
        ("BeperkingInZien_22", "beperking_zien_pct", "Beperking in zien", "laag_gunstig", "inwoners zijn beperkt in zien"),
        ("BeperkingInBewegen_23", "beperking_bewegen_pct", "Beperking in bewegen", "laag_gunstig",
         "inwoners zijn beperkt in bewegen"),
    ]),
    ("bewegen", "Bewegen en gewicht", [
        ("VoldoetAanBeweegrichtlijn_5", "beweegrichtlijn_pct", "Voldoet aan de beweegrichtlijn", "hoog_gunstig",
         "inwoners voldoen aan de beweegrichtlijn"),
        ("WekelijkseSporters_6", "wekelijks_sporten_pct", "Sport wekelijks", "hoog_gunstig", "inwoners sporten wekelijks"),
        ("Overgewicht_9", "overgewicht_pct", "Overgewicht", "laag_gunstig", "inwoners hebben overgewicht"),
        ("ErnstigOvergewicht_10", "ernstig_overgewicht_pct", "Ernstig overgewicht (obesitas)", "laag_gunstig",
         "inwoners hebben ernstig overgewicht"),
    ]),
    ("leefstijl", "Roken en alcohol", [
        ("Roker_11", "roken_pct", "Rookt", "laag_gunstig", "inwoners roken"),
        ("VoldoetAanAlcoholRichtlijn_12", "alcoholrichtlijn_pct", "Voldoet aan de alcoholrichtlijn", "hoog_gunstig",
         "inwoners voldoen aan de alcoholrichtlijn"),
        ("ZwareDrinker_14", "zware_drinker_pct", "Zware drinker", "laag_gunstig", "inwoners drinken zwaar"),
    ]),
    ("mentaal", "Mentale gezondheid", [
        ("MatigHoogRisicoOpAngstOfDepressie_24", "risico_angst_depressie_pct", "Matig of hoog risico op angst of depressie",
         "laag_gunstig", "inwoners lopen risico op een angststoornis of depressie"),
        ("HeelVeelStressInAfgelopen4Weken_26", "veel_stress_pct", "Heel veel stress (afgelopen 4 weken)", "laag_gunstig",
         "inwoners ervaren heel veel stress"),
        ("MatigVeelRegieOverEigenLeven_27", "regie_eigen_leven_pct", "Matig tot veel regie over eigen leven", "hoog_gunstig",
         "inwoners ervaren regie over hun eigen leven"),
    ]),
    ("eenzaamheid", "Eenzaamheid", [
        ("Eenzaam_28", "eenzaam_pct", "Eenzaam", "laag_gunstig", "inwoners voelen zich eenzaam"),
        ("ErnstigZeerErnstigEenzaam_29", "ernstig_eenzaam_pct", "Ernstig of zeer ernstig eenzaam", "laag_gunstig",
         "inwoners voelen zich ernstig eenzaam"),
        ("EmotioneelEenzaam_30", "emotioneel_eenzaam_pct", "Emotioneel eenzaam", "laag_gunstig",
         "inwoners voelen zich emotioneel eenzaam"),
        ("SociaalEenzaam_31", "sociaal_eenzaam_pct", "Sociaal eenzaam", "laag_gunstig", "inwoners voelen zich sociaal eenzaam"),
    ]),
    ("meedoen", "Meedoen", [
        ("Mantelzorger_32", "mantelzorger_pct", "Geeft mantelzorg", "geen_oordeel", "inwoners geven mantelzorg"),
        ("Vrijwilligerswerk_33", "vrijwilligerswerk_pct", "Doet vrijwilligerswerk", "hoog_gunstig",
         "inwoners doen vrijwilligerswerk"),
    ]),
    ("bestaanszekerheid", "Bestaanszekerheid en wonen", [
        ("MoeiteMetRondkomen_38", "moeite_met_rondkomen_pct", "Moeite met rondkomen", "laag_gunstig",
         "inwoners hebben moeite met rondkomen"),
        ("ErnstigeGeluidhinderDoorBuren_37", "geluidhinder_buren_pct", "Ernstige geluidhinder door buren", "laag_gunstig",
         "inwoners hebben ernstige geluidhinder van buren"),
    ]),
]  # fmt: skip

THRESHOLD = 2.0  # percentage points; the fixture's rule for "vergelijkbaar" and "gelijk gebleven"


def load_rows() -> dict[tuple[str, str, str], dict[str, float | None]]:
    """(period, group, code) -> {column: value}; values like ``"    78.4"`` become 78.4, empty None."""
    rows = {}
    with open(FIXTURES / "profile_rows.csv", newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        measures = reader.fieldnames[8:]  # ID, Leeftijd, Marges, WijkenEnBuurten, Perioden, naam, soort, code
        for row in reader:
            group = {"20300": "18+", "80200": "65+"}[row["Leeftijd"].strip()]
            values = {key: float(row[key]) if row[key].strip() else None for key in measures}
            rows[(row["Perioden"][:4], group, row["Codering_3"].strip())] = values
    return rows


def pct(value: float | None) -> str:
    if value is None:
        return ""
    return f"{Decimal(str(value)).quantize(Decimal('1'), rounding=ROUND_HALF_UP)}%"


def comparison(value: float | None, ref: float | None, polarity: str) -> str:
    if value is None or ref is None:
        return "onbekend"
    diff = value - ref
    if abs(diff) < THRESHOLD:
        return "vergelijkbaar"
    if polarity == "geen_oordeel":
        return "hoger" if diff > 0 else "lager"
    better = diff > 0 if polarity == "hoog_gunstig" else diff < 0
    return "gunstiger" if better else "ongunstiger"


def trend(value: float | None, previous: float | None) -> str:
    if value is None or previous is None:
        return ""
    diff = value - previous
    if abs(diff) < THRESHOLD:
        return "gelijk gebleven"
    return "gestegen" if diff > 0 else "gedaald"


def make_figure(rows, theme: str, column: str, indicator: str, label: str, polarity: str) -> Figure:
    now = rows[("2020", "18+", AREA)][column]
    gm = rows[("2020", "18+", GEMEENTE)][column]
    nl = rows[("2020", "18+", NL)][column]
    before = rows[("2016", "18+", AREA)][column]
    return Figure(
        indicator=indicator,
        label=label,
        theme=theme,
        unit="%",
        polarity=polarity,
        value=now,
        status="ok" if now is not None else "ontbreekt",
        display=pct(now) if now is not None else "ontbreekt",
        decimals=0,
        gemeente_value=gm,
        gemeente_display=pct(gm),
        nl_value=nl,
        nl_display=pct(nl),
        comparison_gemeente=comparison(now, gm, polarity),
        comparison_nl=comparison(now, nl, polarity),
        previous_period="2016" if before is not None else None,
        previous_value=before,
        previous_display=pct(before),
        trend=trend(now, before),
        is_estimate=True,
        source="rivm_gezondheid",
    )


def make_map_svg(code: str, name: str) -> str:
    """A small locator map (wijken of the gemeente, this one filled) from the package geometry."""
    path = GEO / "stichtse_vecht_wijk_2020_rd.geojson"
    if not path.exists():
        return ""
    data = json.loads(path.read_text(encoding="utf-8"))
    polygons = []
    for feature in data["features"]:
        geom = feature["geometry"]
        parts = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        polygons.append((feature["properties"]["statcode"], parts))
    xs = [x for _, parts in polygons for poly in parts for ring in poly for x, _ in ring]
    ys = [y for _, parts in polygons for poly in parts for ring in poly for _, y in ring]
    minx, maxx, miny, maxy = min(xs), max(xs), min(ys), max(ys)
    width = 100.0
    scale = width / (maxx - minx)
    height = round((maxy - miny) * scale, 1)
    label = f"Kaart: ligging van {name} in gemeente Stichtse Vecht"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
        f'viewBox="-2 -2 {width + 4:g} {height + 4:g}" role="img" aria-label="{label}"><title>{label}</title>'
    ]
    for statcode, parts in sorted(polygons, key=lambda p: p[0] == code):
        d = ""
        for poly in parts:
            for ring in poly:
                pts = [f"{(x - minx) * scale:.1f} {(maxy - y) * scale:.1f}" for x, y in ring]
                d += "M" + "L".join(pts) + "Z"
        fill = "#154273" if statcode == code else "#dfe5ec"
        out.append(
            f'<path d="{d}" fill="{fill}" stroke="#ffffff" stroke-width="0.8" stroke-linejoin="round"/>'
        )
    out.append("</svg>")
    return "".join(out)


def buurt_names(wijk: str) -> tuple[str, ...]:
    path = GEO / "stichtse_vecht_buurt_2020_rd.geojson"
    if not path.exists():
        return ()
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        f["properties"]["statnaam"] for f in data["features"] if f["properties"].get("wkCode") == wijk
    )


def make_findings(themes: tuple[ThemeBlock, ...], phrases: dict[str, str]) -> tuple[Finding, ...]:
    """Sentences for the largest differences (fixture rule, see module doc).

    Krachten: favourable differences with Nederland. Opgaven: unfavourable differences with
    Nederland or unfavourable changes since 2016, at most one per theme.
    """
    krachten, opgaven = [], []
    for block in themes:
        for f in block.figures:
            ind = f.indicator
            if f.comparison_nl in ("gunstiger", "ongunstiger"):
                more = f.value > f.nl_value
                text = (
                    f"{'Meer' if more else 'Minder'} {phrases[ind]} dan gemiddeld in Nederland "
                    f"({f.display} tegen {f.nl_display})."
                )
                target = krachten if f.comparison_nl == "gunstiger" else opgaven
                target.append((abs(f.value - f.nl_value), text, ind, block.theme))
            if f.trend in ("gestegen", "gedaald") and f.polarity != "geen_oordeel":
                up = f.trend == "gestegen"
                if up == (f.polarity == "laag_gunstig"):
                    text = (
                        f"{'Meer' if up else 'Minder'} {phrases[ind]} dan in {f.previous_period} "
                        f"({f.display} tegen {f.previous_display})."
                    )
                    opgaven.append((abs(f.value - f.previous_value), text, ind, block.theme))
    krachten.sort(key=lambda t: -t[0])
    opgaven.sort(key=lambda t: -t[0])
    seen: set[str] = set()
    chosen = []
    for item in opgaven:
        if item[3] not in seen and len(chosen) < 2:
            seen.add(item[3])
            chosen.append(item)
    result = [Finding(kind="kracht", text=t, indicator=i, theme=th) for _, t, i, th in krachten[:3]]
    result += [Finding(kind="opgave", text=t, indicator=i, theme=th) for _, t, i, th in chosen]
    result.append(
        Finding(
            kind="opgave",
            text="Eenzaamheid onder 65-plussers (49%) ligt hoger dan onder alle volwassenen (43%); "
            "het wijkteam wil dit bespreken met de ouderenbonden.",
            indicator="eenzaam_pct",
            theme="eenzaamheid",
            curated=True,
        )
    )
    return tuple(result)


def build_sample_profile() -> Profile:
    rows = load_rows()
    phrases = {}
    themes = []
    for theme, theme_label, items in THEMES:
        figures = []
        for column, indicator, label, polarity, phrase in items:
            figures.append(make_figure(rows, theme, column, indicator, label, polarity))
            phrases[indicator] = phrase
        themes.append(ThemeBlock(theme=theme, label=theme_label, figures=tuple(figures)))
    themes = tuple(themes)
    area65 = rows[("2020", "65+", AREA)]
    area18 = rows[("2020", "18+", AREA)]
    groups = (
        GroupComparison(
            indicator="eenzaam_pct",
            label="Eenzaam",
            unit="%",
            values=(
                GroupValue("18+", area18["Eenzaam_28"], pct(area18["Eenzaam_28"])),
                GroupValue("65+", area65["Eenzaam_28"], pct(area65["Eenzaam_28"])),
            ),
            text=f"65-plussers voelen zich vaker eenzaam ({pct(area65['Eenzaam_28'])}) "
            f"dan alle volwassenen ({pct(area18['Eenzaam_28'])}).",
        ),
        GroupComparison(
            indicator="ervaren_gezondheid_goed_pct",
            label="Ervaren gezondheid (zeer) goed",
            unit="%",
            values=(
                GroupValue(
                    "18+",
                    area18["ErvarenGezondheidGoedZeerGoed_4"],
                    pct(area18["ErvarenGezondheidGoedZeerGoed_4"]),
                ),
                GroupValue(
                    "65+",
                    area65["ErvarenGezondheidGoedZeerGoed_4"],
                    pct(area65["ErvarenGezondheidGoedZeerGoed_4"]),
                ),
            ),
            text=f"Van de 65-plussers ervaart {pct(area65['ErvarenGezondheidGoedZeerGoed_4'])} de eigen gezondheid "
            f"als goed, tegen {pct(area18['ErvarenGezondheidGoedZeerGoed_4'])} van alle volwassenen.",
        ),
        GroupComparison(
            indicator="mantelzorger_pct",
            label="Geeft mantelzorg",
            unit="%",
            values=(
                GroupValue("18+", area18["Mantelzorger_32"], pct(area18["Mantelzorger_32"])),
                GroupValue("65+", area65["Mantelzorger_32"], pct(area65["Mantelzorger_32"])),
            ),
            text=f"Mantelzorg geven 65-plussers even vaak ({pct(area65['Mantelzorger_32'])}) "
            f"als alle volwassenen ({pct(area18['Mantelzorger_32'])}).",
        ),
    )
    return Profile(
        area_code=AREA,
        area_name="Maarssen",
        area_level="wijk",
        gemeente_code=GEMEENTE,
        gemeente_name="Stichtse Vecht",
        period="2020",
        group="18+",
        population=15930,  # CBS Kerncijfers wijken en buurten 2024 (85984NED), AantalInwoners_5 of WK190401
        population_note="CBS, 1 januari 2024",
        members=(),
        themes=themes,
        findings=make_findings(themes, phrases),
        groups=groups,
        voices=Block(
            title="Wat we horen",
            items=(),
            empty_text="Voor deze wijk zijn nog geen verhalen van bewoners vastgelegd.",
        ),
        socialbase=Block(
            title="Sociale basis",
            items=(),
            empty_text="De module sociale basis bevat voor deze wijk nog geen voorzieningen.",
        ),
        sources=(
            Source(
                "rivm_gezondheid",
                "50090NED",
                "Gezondheid per wijk en buurt; 2012/2016/2020 (indeling 2020)",
                "2016, 2020",
                "Bron: RIVM/GGD'en/CBS, Gezondheidsmonitor Volwassenen en Ouderen 2016 en 2020",
                "CC BY 4.0",
            ),
            Source(
                "kwb",
                "85984NED",
                "Kerncijfers wijken en buurten 2024",
                "2024",
                "Bron: CBS, Kerncijfers wijken en buurten 2024",
                "CC BY 4.0",
            ),
            Source(
                "kaart",
                "",
                "Wijk- en buurtkaart 2020",
                "2020",
                "Kaart: CBS/PDOK, wijkindeling 2020",
                "CC BY 4.0",
            ),
        ),
        method_notes=(
            "Gezondheidscijfers zijn modelschattingen van het RIVM voor volwassenen (18+); er is geen significantietoets gedaan.",
            "Vergelijkbaar: minder dan 2 procentpunt verschil met de gemeente. Ontwikkeling: ten opzichte van 2016, "
            "in dezelfde wijkindeling (2020).",
        ),
        map_svg=make_map_svg(AREA, "Maarssen"),
        generated_on="2025-11-29",
        version="0.1.0",
    )


@pytest.fixture(scope="session")
def sample_profile() -> Profile:
    """Wijk 01 Maarssen, 25 figures in 8 themes, 6 findings: the typical one-pager."""
    return build_sample_profile()


@pytest.fixture(scope="session")
def long_name_profile(sample_profile) -> Profile:
    """Long area name, long labels and many member buurten: must still fit on one page."""
    themes = list(sample_profile.themes)
    first = themes[0]
    long_fig = replace(
        first.figures[0],
        label="Ervaren gezondheid goed of zeer goed, volwassenen van 18 jaar en ouder (modelschatting)",
        note="Schatting op basis van een steekproef; bij kleine buurten onzeker.",
    )
    themes[0] = replace(
        first,
        label="Gezondheid, beperkingen en ervaren kwaliteit van leven",
        figures=(long_fig, *first.figures[1:]),
    )
    return replace(
        sample_profile,
        area_code="maarssen-buitengebied",
        area_name="Buitengebied Maarsseveen, Bethunepolder-zuid en Otterspoorbroek (inclusief verspreide bebouwing)",
        area_level="kern",
        members=buurt_names(AREA),
        themes=tuple(themes),
    )


@pytest.fixture(scope="session")
def empty_blocks_profile(sample_profile) -> Profile:
    """Every optional block empty: no findings, groups, voices, sociale basis, map, population."""
    return replace(
        sample_profile,
        area_code="WK190499",
        area_name="Lege Wijk",
        findings=(),
        groups=(),
        voices=Block(title="Wat we horen", items=(), empty_text="Nog geen verhalen vastgelegd."),
        socialbase=Block(title="Sociale basis", items=(), empty_text="Nog geen voorzieningen vastgelegd."),
        map_svg="",
        population=None,
        population_note="",
        members=(),
        method_notes=(),
        sources=(),
        generated_on="",
        version="",
    )


@pytest.fixture(scope="session")
def voices_profile(sample_profile) -> Profile:
    """The sample with (illustrative) items in the text blocks."""
    return replace(
        sample_profile,
        voices=replace(
            sample_profile.voices,
            items=(
                "Voorbeeldtekst: bewoners noemen de bibliotheek en het wijkcentrum als ontmoetingsplek.",
                "Voorbeeldtekst: ouderen missen een bankje langs de looproute naar de winkels.",
            ),
        ),
        socialbase=replace(
            sample_profile.socialbase,
            items=(
                "Voorbeeldtekst: wijkcentrum met inloop op dinsdag en donderdag.",
                "Voorbeeldtekst: 4 sportverenigingen en een buurtsportcoach.",
            ),
        ),
    )


@pytest.fixture(scope="session")
def overfull_profile(sample_profile) -> Profile:
    """80 figures: does not fit on one A4 page; the renderer must refuse it."""
    figures = [f for block in sample_profile.themes for f in block.figures]
    themes = []
    for i in range(10):
        chunk = tuple(replace(f, indicator=f"{f.indicator}_{i}") for f in (figures * 4)[i * 8 : i * 8 + 8])
        themes.append(ThemeBlock(theme=f"thema_{i}", label=f"Thema {i + 1}", figures=chunk))
    return replace(sample_profile, area_code="overvol", themes=tuple(themes))
