"""Voices backend: theme suggestions, CSV import (good file, every bad case), retention, counts and quotes."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kernfoto.accounts.models import AuditLog, Membership, Role
from kernfoto.areas.models import AreaGroup
from kernfoto.cli import main
from kernfoto.errors import InputError
from kernfoto.voices import services
from kernfoto.voices.models import Quote, Status, ThemeKeyword, Voice

GM = "GM1904"
HEADER = "datum;kern;soort;wie;themas;samenvatting;citaat;toestemming"


def day(days_ago: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days_ago)


def nl(d: dt.date) -> str:
    return f"{d:%d-%m-%Y}"


@pytest.fixture
def analyst(sample):
    user = get_user_model().objects.create_user("analist_sv", email="analist@example.org", password="x")
    Membership.objects.create(user=user, gemeente_id=GM, role=Role.ANALYST)
    return user


@pytest.fixture
def partner(sample):
    user = get_user_model().objects.create_user("partner_sv", password="x")
    m = Membership.objects.create(user=user, gemeente_id=GM, role=Role.PARTNER)
    m.kernen.add(AreaGroup.objects.get(kind="kern", gemeente_id=GM, slug="maarssenbroek"))
    return user


def write(tmp_path, lines: list[str], name: str = "gesprekken.csv") -> object:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def state() -> tuple[int, int, int]:
    return Voice.objects.count(), Quote.objects.count(), AuditLog.objects.count()


# ------------------------------------------------------------------------------------------ theme suggestion


SENTENCES = [
    ("Mevrouw vertelt dat ze zich sinds het overlijden van haar man erg eenzaam voelt; het dorpshuis is "
     "voor haar te ver weg en ze heeft niemand om mee te praten.", "eenzaamheid_sociale_basis"),
    ("Steeds meer gezinnen kunnen de hoge energierekening niet betalen en komen bij de voedselbank; "
     "sommigen hebben schulden.", "bestaanszekerheid"),
    ("Hij wacht al maanden op huishoudelijke hulp via de Wmo; het wijkteam is moeilijk bereikbaar en de "
     "wachtlijst is lang.", "zorg_ondersteuning"),
    ("De jongeren hebben geen plek om af te spreken; bij de school is een hangplek ontstaan.", "jeugd"),
    ("Er rijdt geen bus meer naar de supermarkt en de stoep is te smal voor een rolstoel.", "leefomgeving"),
    ("Het huurhuis is vochtig en er zit schimmel in de badkamer; een andere woning is niet te vinden.", "wonen"),
    ("Veel ouderen sporten niet meer sinds de gymzaal dicht is; bewegen doen ze alleen nog door te wandelen.",
     "leefstijl"),
    ("Ze heeft veel pijn en stress, de huisarts verwijst haar door naar het ziekenhuis.", "gezondheid"),
]


@pytest.mark.parametrize(("text", "theme"), SENTENCES)
def test_suggests_the_theme_of_real_sentences(sample, text, theme):
    suggested = services.suggest_themes(text)
    assert suggested and suggested[0] == theme, services.explain_suggestions(text)


def test_word_prefix_case_and_accents(sample):
    assert services.suggest_themes("EENZAAMHEID onder ouderen") == ["eenzaamheid_sociale_basis"]
    assert services.explain_suggestions("Eénzaam, geen schuldhulpverlening") == {
        "eenzaamheid_sociale_basis": ["eenzaam"], "bestaanszekerheid": ["schuld"]}
    # a keyword must start a word: "verschuldigd" has no word starting with "schuld"
    assert "bestaanszekerheid" not in services.suggest_themes("Wij zijn de vrijwilligers veel dank verschuldigd")
    assert services.suggest_themes("Het weer was mooi.") == []


def test_ordered_by_number_of_hits_and_explained(sample):
    text = ("Ze kan niet rondkomen, heeft schulden en gaat naar de voedselbank. Ze voelt zich soms eenzaam.")
    assert services.suggest_themes(text) == ["bestaanszekerheid", "eenzaamheid_sociale_basis"]
    explained = services.explain_suggestions(text)
    assert list(explained) == ["bestaanszekerheid", "eenzaamheid_sociale_basis"]
    assert explained["bestaanszekerheid"] == ["rondkomen", "schuld", "voedselbank"]


def test_keywords_are_seeded_once_and_the_table_is_the_source_of_truth(sample):
    ThemeKeyword.objects.all().delete()
    added = services.ensure_keywords()
    assert added == ThemeKeyword.objects.count() > 100
    seed = services.default_keywords()
    assert set(seed) <= {"bevolking", "gezondheid", "leefstijl", "eenzaamheid_sociale_basis", "bestaanszekerheid",
                         "zorg_ondersteuning", "jeugd", "wonen", "leefomgeving"}
    assert all(10 <= len(words) <= 25 for words in seed.values()), {t: len(w) for t, w in seed.items()}
    assert services.ensure_keywords() == 0  # not again
    # an analyst edits the list: the suggestions follow the table, not the file
    ThemeKeyword.objects.filter(keyword="eenzaam").delete()
    ThemeKeyword.objects.create(theme="leefomgeving", keyword="zandbak")
    assert "eenzaamheid_sociale_basis" not in services.suggest_themes("eenzaam")
    assert services.suggest_themes("De zandbakken zijn vies") == ["leefomgeving"]


# ------------------------------------------------------------------------------------------ personal data


@pytest.mark.parametrize("text", ["mail haar op j.jansen@example.nl", "bel 06-12345678", "bel 06 1234 5678",
                                  "tel. +31 6 12345678", "+31 (0)30 123 45 67", "(030) 123 45 67", "0346-123456",
                                  "BSN 111222333", "BSN 111222333.", "nummer 111222333, zei ze",
                                  "woont op Kerkstraat 12", "postcode 3601 AB"])
def test_personal_data_is_recognised(text):
    assert services.personal_data_in(text)


@pytest.mark.parametrize("text", ["op 01-02-2024 15 mensen gesproken", "op 06-05-2024 12 aanmeldingen",
                                  "tussen 0 en 10 mensen", "kosten 1.234.567 euro", "123456789 keer",
                                  "een bedrag van 111222333,50 euro",
                                  "2 keer per week naar de Kerkstraat", "in 2024 kwamen er 30 mensen"])
def test_ordinary_text_is_not_personal_data(text):
    assert services.personal_data_in(text) is None


# ------------------------------------------------------------------------------------------ import


def test_import_good_file(tmp_path, analyst):
    before = state()
    path = write(tmp_path, [
        HEADER,
        f"{nl(day(30))};maarssenbroek;gesprek;inwoner;;Mevrouw voelt zich eenzaam sinds haar man overleed;"
        "Ik zie soms dagen niemand.;ja",
        f"{day(40).isoformat()};Maarssen-dorp;signaal;professional;\"bestaanszekerheid; wonen\";"
        "Meer huishoudens met huurachterstand;;",
        f"{nl(day(50))};Breukelen;Gesprek;Sleutelfiguur;Jeugd;Jongeren missen een eigen plek;"
        "\"Er is hier niks voor ons; echt niks.\";nee",
        ";;;;;;;",  # an empty row is skipped
    ])
    assert services.import_voices_csv(path, GM, analyst) == 3
    voices = list(Voice.objects.order_by("date"))
    assert len(voices) == before[0] + 3
    breukelen, dorp, broek = voices[-3:]
    assert (broek.kern.slug, broek.kind, broek.speaker, broek.date) == ("maarssenbroek", "gesprek", "inwoner", day(30))
    assert broek.themes == ["eenzaamheid_sociale_basis"]  # suggested from the text
    assert dorp.themes == ["bestaanszekerheid", "wonen"] and dorp.kind == "signaal" and dorp.kern.slug == "maarssen-dorp"
    assert breukelen.themes == ["jeugd"] and breukelen.speaker == "sleutelfiguur"
    assert {v.status for v in (broek, dorp, breukelen)} == {Status.INGEDIEND}
    assert {v.created_by_id for v in (broek, dorp, breukelen)} == {analyst.pk}
    assert broek.source_file == "gesprekken.csv"
    q1, q2 = broek.quotes.get(), breukelen.quotes.get()
    assert (q1.text, q1.consent, q1.approved) == ("Ik zie soms dagen niemand.", True, False)
    assert (q2.text, q2.consent, q2.approved) == ("Er is hier niks voor ons; echt niks.", False, False)
    assert not dorp.quotes.exists()
    log = AuditLog.objects.filter(action="voice.import").get()
    assert (log.user_id, log.gemeente, log.details["voices"], log.details["quotes"]) == (analyst.pk, GM, 3, 2)
    # the same file again is refused, nothing doubles
    with pytest.raises(InputError, match="al ingelezen"):
        services.import_voices_csv(path, GM, analyst)
    assert Voice.objects.count() == before[0] + 3


def test_import_with_comma_separator_and_without_optional_columns(tmp_path, analyst):
    path = write(tmp_path, ["datum,kern,soort,wie,samenvatting",
                            f"{nl(day(3))},maarssenbroek,signaal,vrijwilliger,\"Bus rijdt niet meer, ouderen zitten thuis\""])
    assert services.import_voices_csv(path, GM, analyst) == 1
    voice = Voice.objects.get(summary__startswith="Bus rijdt")
    assert voice.themes[0] == "leefomgeving"


OK = f"{nl(day(10))};maarssenbroek;gesprek;inwoner;;Goed gesprek over de buurt;;"
BAD_CASES = {
    "onbekende kern": (f"{nl(day(10))};atlantis;gesprek;inwoner;;Tekst;;", 3, "kern", "onbekende kern 'atlantis'"),
    "ongeldige datum": ("31-02-2025;maarssenbroek;gesprek;inwoner;;Tekst;;", 3, "datum", "ongeldige datum"),
    "datum als tekst": ("gisteren;maarssenbroek;gesprek;inwoner;;Tekst;;", 3, "datum", "dd-mm-jjjj of jjjj-mm-dd"),
    "datum in de toekomst": (f"{nl(day(-5))};maarssenbroek;gesprek;inwoner;;Tekst;;", 3, "datum", "toekomst"),
    "datum voorbij bewaartermijn": (f"{nl(day(4 * 366))};maarssenbroek;gesprek;inwoner;;Tekst;;", 3, "datum",
                                    "bewaartermijn"),
    "onbekende soort": (f"{nl(day(10))};maarssenbroek;klacht;inwoner;;Tekst;;", 3, "soort", "gesprek of signaal"),
    "onbekende spreker": (f"{nl(day(10))};maarssenbroek;gesprek;Jan de Vries;;Tekst;;", 3, "wie", "nooit een naam"),
    "onbekend thema": (f"{nl(day(10))};maarssenbroek;gesprek;inwoner;gezondheid|sport;Tekst;;", 3, "themas",
                       "onbekend thema 'sport'"),
    "citaat zonder toestemming": (f"{nl(day(10))};maarssenbroek;gesprek;inwoner;;Tekst;Mooi dorp;", 3,
                                  "toestemming", "citaat is toestemming verplicht"),
    "toestemming misschien": (f"{nl(day(10))};maarssenbroek;gesprek;inwoner;;Tekst;Mooi dorp;misschien", 3,
                              "toestemming", "'ja' of 'nee'"),
    "lege samenvatting": (f"{nl(day(10))};maarssenbroek;gesprek;inwoner;;  ;;", 3, "samenvatting", "leeg"),
    "e-mail in samenvatting": (f"{nl(day(10))};maarssenbroek;gesprek;inwoner;;Mail piet@example.nl terug;;", 3,
                               "samenvatting", "e-mailadres"),
    "telefoon in citaat": (f"{nl(day(10))};maarssenbroek;gesprek;inwoner;;Tekst;Bel me: 06-12345678;ja", 3,
                           "citaat", "telefoonnummer"),
    "adres in samenvatting": (f"{nl(day(10))};maarssenbroek;gesprek;inwoner;;Woont Kerkstraat 12;;", 3,
                              "samenvatting", "adres"),
    "te veel cellen": (f"{nl(day(10))};maarssenbroek;gesprek;inwoner;;Tekst; met; puntkomma;ja;x", 3, None,
                       "meer cellen"),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_import_refuses_bad_rows_and_writes_nothing(tmp_path, analyst, case):
    line, row, column, message = BAD_CASES[case]
    path = write(tmp_path, [HEADER, OK, line, OK])
    before = state()
    with pytest.raises(InputError) as info:
        services.import_voices_csv(path, GM, analyst)
    err = info.value
    assert (err.file, err.row, err.column) == ("gesprekken.csv", row, column), str(err)
    assert message in str(err)
    assert str(err).startswith(f"bestand gesprekken.csv, rij {row}" + (f", kolom {column}" if column else ""))
    assert state() == before  # database unchanged


@pytest.mark.parametrize(("header", "column", "message"), [
    ("datum;kern;soort;wie;naam;samenvatting", "naam", "persoonsgegevens"),
    ("datum;kern;soort;wie;E-mail;samenvatting", "e-mail", "persoonsgegevens"),
    ("datum;kern;soort;wie;telefoonnummer;samenvatting", "telefoonnummer", "persoonsgegevens"),
    ("datum;kern;soort;wie;naam inwoner;samenvatting", "naam inwoner", "persoonsgegevens"),
    ("datum;kern;soort;wie;opmerking;samenvatting", "opmerking", "onbekende kolom"),
    ("datum;kern;wie;samenvatting", "soort", "ontbreekt"),
    ("datum;kern;soort;wie;samenvatting;samenvatting", "samenvatting", "twee keer"),
])
def test_import_refuses_bad_headers(tmp_path, analyst, header, column, message):
    n = header.count(";") + 1
    path = write(tmp_path, [header, ";".join(["x"] * n)])
    before = state()
    with pytest.raises(InputError) as info:
        services.import_voices_csv(path, GM, analyst)
    assert (info.value.row, info.value.column) == (1, column)
    assert message in str(info.value)
    assert state() == before


@pytest.mark.parametrize(("content", "message"), [(b"", "leeg"), (HEADER.encode() + b"\n", "alleen een kopregel"),
                                                  ("datum;kern\n\xe9".encode("latin-1"), "UTF-8")])
def test_import_refuses_empty_and_unreadable_files(tmp_path, analyst, content, message):
    path = tmp_path / "gesprekken.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        services.import_voices_csv(path, GM, analyst)


def test_import_needs_the_analyst_role(tmp_path, partner):
    path = write(tmp_path, [HEADER, OK])
    before = state()
    with pytest.raises(PermissionDenied):
        services.import_voices_csv(path, GM, partner)
    assert state() == before


def test_cli_import_and_anonymise(tmp_path, analyst, partner):
    path = write(tmp_path, [HEADER, OK])
    runner = CliRunner()
    result = runner.invoke(main, ["stemmen", "import", str(path), "--gemeente", "gm1904", "--gebruiker", "analist_sv"])
    assert result.exit_code == 0, result.output
    assert "1 notitie ingelezen voor GM1904" in result.output
    result = runner.invoke(main, ["stemmen", "import", str(path), "--gemeente", GM, "--gebruiker", "partner_sv"])
    assert result.exit_code == 1 and "rol analist" in result.output
    result = runner.invoke(main, ["stemmen", "import", str(path), "--gemeente", GM, "--gebruiker", "niemand"])
    assert result.exit_code == 1 and "bestaat niet" in result.output
    bad = write(tmp_path, [HEADER, BAD_CASES["onbekende kern"][0]], "fout.csv")
    result = runner.invoke(main, ["stemmen", "import", str(bad), "--gemeente", GM, "--gebruiker", "analist_sv"])
    assert result.exit_code == 1 and "bestand fout.csv, rij 2, kolom kern" in result.output
    result = runner.invoke(main, ["stemmen", "anonimiseer"])
    assert result.exit_code == 0 and "geen notities ouder dan 3 jaar" in result.output
    assert "Wat we horen" in runner.invoke(main, ["stemmen", "--help"]).output


# ------------------------------------------------------------------------------------------ retention, counts


def make_voice(kern: str, date: dt.date, *, status=Status.GOEDGEKEURD, kind="gesprek", themes=("jeugd",),
               summary="Samenvatting", quotes=(), speaker="inwoner") -> Voice:
    voice = Voice.objects.create(gemeente_id=GM, kern=AreaGroup.objects.get(kind="kern", gemeente_id=GM, slug=kern),
                                 date=date, kind=kind, speaker=speaker, themes=list(themes), summary=summary,
                                 status=status)
    for text, consent, approved in quotes:
        Quote.objects.create(voice=voice, text=text, consent=consent, approved=approved)
    return voice


def test_anonymise_old(sample):
    now = timezone.make_aware(dt.datetime(2026, 6, 15, 12, 0))
    old = make_voice("maarssenbroek", dt.date(2023, 6, 14), summary="Oude notitie", themes=("wonen", "jeugd"),
                     quotes=[("Oud citaat", True, True)])
    edge = make_voice("maarssenbroek", dt.date(2023, 6, 15), summary="Precies drie jaar",
                      quotes=[("Nog net", True, True)])
    assert services.anonymise_old(now=now) == 1
    old.refresh_from_db()
    assert old.summary == "[geanonimiseerd]" and old.anonymised_at == now
    assert not old.quotes.exists() and not Quote.objects.filter(text="Oud citaat").exists()
    assert old.status == Status.GOEDGEKEURD and old.themes == ["wonen", "jeugd"] and old.kind == "gesprek"
    edge.refresh_from_db()
    assert edge.summary == "Precies drie jaar" and edge.anonymised_at is None and edge.quotes.count() == 1
    log = AuditLog.objects.get(action="voice.anonymise")
    assert (log.gemeente, log.details["voices"], log.details["quotes"]) == (GM, 1, 1)
    assert services.anonymise_old(now=now) == 0  # nothing left to do
    # anonymised notes no longer count on the kernfoto and never show a quote
    counts = services.voice_counts(GM, "maarssenbroek")
    assert counts.get("wonen") is None and counts["jeugd"] == {"gesprekken": 1, "signalen": 0}


def test_counts_and_quotes_only_of_approved_voices(sample):
    make_voice("maarssenbroek", day(5), kind="signaal", themes=("bestaanszekerheid", "wonen"),
               quotes=[("Publiek citaat", True, True), ("Zonder toestemming", False, True),
                       ("Niet goedgekeurd", True, False)])
    make_voice("maarssenbroek", day(6), themes=("bestaanszekerheid",), speaker="sleutelfiguur",
               quotes=[("Tweede publiek citaat", True, True)])
    make_voice("maarssenbroek", day(7), status=Status.INGEDIEND, themes=("bestaanszekerheid",),
               quotes=[("Ingediend citaat", True, True)])
    make_voice("maarssenbroek", day(8), status=Status.AFGEWEZEN, themes=("bestaanszekerheid",),
               quotes=[("Afgewezen citaat", True, True)])
    make_voice("maarssen-dorp", day(5), themes=("bestaanszekerheid",), quotes=[("Ander dorp", True, True)])
    assert services.voice_counts(GM, "maarssenbroek") == {
        "bestaanszekerheid": {"gesprekken": 1, "signalen": 1}, "wonen": {"gesprekken": 0, "signalen": 1}}
    quotes = services.publishable_quotes(GM, "maarssenbroek")
    assert [q.text for q in quotes] == ["Publiek citaat", "Tweede publiek citaat"]
    assert all(q.publishable for q in quotes)
    assert services.publishable_quotes(GM, "maarssenbroek", limit=1)[0].text == "Publiek citaat"
    line = services.quote_line(quotes[1])
    assert line == f"“Tweede publiek citaat” — sleutelfiguur, {services.month_year(day(6))}"
    assert str(day(6).day) + " " not in line.split("—")[1].replace(str(day(6).year), "")  # no day, only month/year
    long = Quote(text="woord " * 100, voice=quotes[0].voice)
    assert len(services.quote_line(long, max_chars=200)) < 260 and "…" in services.quote_line(long, max_chars=200)
