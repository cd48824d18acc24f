"""Who may do what in the browser: the accounts pages and the voices workflow (``werk/``).

Personas (users with a Membership in Stichtse Vecht, GM1904, of the bundled sample):
``partner_a`` works in kern Maarssen-dorp, ``partner_b`` in Breukelen, ``analyst`` in the whole gemeente,
``outsider`` is logged in without any role, and the visitor is the anonymous test client.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from html import unescape
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kernfoto.accounts.models import AuditLog, LoginAttempt, Membership, Role
from kernfoto.areas.models import AreaGroup, AreaGroupMember
from kernfoto.demo import DATA
from kernfoto.profiles.models import CuratedFinding, CuratedSetting
from kernfoto.stats.models import Dataset
from kernfoto.voices.models import ProfileReview, Publication, Quote, Status, Voice
from personas import PASSWORD, client_for
from personas import person as _person

GM = "GM1904"
KERN_A = "maarssen-dorp"
KERN_B = "breukelen"
GOOD_TABLE = DATA / "sample" / "rivm_50090NED_gezondheid_2020_18plus_GM1904.csv"


# ------------------------------------------------------------------------------------------------- personas


def _kern(slug: str) -> AreaGroup:
    return AreaGroup.objects.get(kind="kern", gemeente_id=GM, slug=slug)


@pytest.fixture
def partner_a(sample):
    return _person("partner_a", Role.PARTNER, (KERN_A,))


@pytest.fixture
def partner_b(sample):
    return _person("partner_b", Role.PARTNER, (KERN_B,))


@pytest.fixture
def analyst(sample):
    return _person("analist", Role.ANALYST)


@pytest.fixture
def outsider(sample):
    return _person("buitenstaander")


@pytest.fixture
def visitor(sample):
    return Client()


def make_voice(user, kern: str, *, summary: str = "Bewoners voelen zich eenzaam sinds de buurthuizen dicht zijn.",
               quotes: tuple[tuple[str, bool], ...] = (("Ik zie soms dagen niemand.", True),)) -> Voice:
    voice = Voice.objects.create(gemeente_id=GM, kern=_kern(kern), date=timezone.localdate() - dt.timedelta(days=3),
                                 kind="gesprek", speaker="inwoner", themes=["eenzaamheid_sociale_basis"],
                                 summary=summary, status=Status.INGEDIEND, created_by=user)
    for text, consent in quotes:
        Quote.objects.create(voice=voice, text=text, consent=consent)
    return voice


def voice_post(kern: str, **extra) -> dict:
    data = {"date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(), "kern": str(_kern(kern).pk),
            "kind": "gesprek", "speaker": "sleutelfiguur", "summary": "Ouderen missen een plek om elkaar te zien.",
            "themes": ["eenzaamheid_sociale_basis"], "quote_1": "We hebben hier niks meer.", "consent_1": "on",
            "actie": "opslaan"}
    data.update(extra)
    return data


def snapshot() -> tuple:
    """Everything the workflow can write."""
    return (
        sorted(Voice.objects.values_list("pk", "status", "summary", "kern_id")),
        sorted(Quote.objects.values_list("pk", "text", "consent", "approved")),
        ProfileReview.objects.count(), Publication.objects.count(),
        sorted(CuratedFinding.objects.values_list("pk", "text")), CuratedSetting.objects.count(),
        sorted(Dataset.objects.values_list("sha256", flat=True)),
        sorted(AreaGroup.objects.values_list("pk", "slug")), AreaGroupMember.objects.count(),
    )


def text_of(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.content.decode()))


# ------------------------------------------------------------------------------------------------- visitors


def post_endpoints(voice: Voice) -> list[tuple[str, dict]]:
    """Every POST endpoint of the workflow with a plausible body."""
    bad_table = SimpleUploadedFile("rivm_50090NED_2020.csv", GOOD_TABLE.read_bytes(), content_type="text/csv")
    return [
        (reverse("voices:add", args=[GM]), voice_post(KERN_A)),
        (reverse("voices:add", args=[GM]), voice_post(KERN_A, actie="voorstellen")),
        (reverse("voices:edit", args=[GM, voice.pk]), voice_post(KERN_A, summary="Gewijzigd.")),
        (reverse("voices:review_voice", args=[GM, voice.pk]),
         {"besluit": "goedkeuren", "citaten": [q.pk for q in voice.quotes.all()]}),
        (reverse("voices:import", args=[GM]), {"soort": "data", "bestanden": bad_table}),
        (reverse("voices:curated", args=[GM]), {"kern": KERN_A, "periode": "2020", "krachten": "Sterk.", "opgaven": ""}),
        (reverse("voices:profile_review", args=[GM]), {"kern": KERN_A, "periode": "2020", "verdict": "ja"}),
        (reverse("voices:publish", args=[GM]), {"periode": "2020"}),
    ]


def test_a_visitor_cannot_write_anything(visitor, partner_a):
    voice = make_voice(partner_a, KERN_A)
    before, audits = snapshot(), AuditLog.objects.count()
    login = reverse("accounts:login")
    for url, data in post_endpoints(voice):
        response = visitor.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(login + "?next="), url
    assert snapshot() == before
    assert AuditLog.objects.count() == audits
    # the pages themselves ask for a login too
    assert visitor.get(reverse("voices:list", args=[GM])).status_code == 302
    assert visitor.get(reverse("accounts:dashboard")).status_code == 302


def test_a_user_without_a_role_gets_403_and_nothing_changes(outsider, partner_a):
    voice = make_voice(partner_a, KERN_A)
    before = snapshot()
    c = client_for(outsider)
    for url, data in post_endpoints(voice):
        response = c.post(url, data)
        assert response.status_code == 403, url
        assert "Geen toegang" in text_of(response)
    assert snapshot() == before
    assert c.get(reverse("voices:list", args=[GM])).status_code == 403


def test_navigation_offers_login_or_my_work(visitor, partner_a):
    assert "Inloggen" in text_of(visitor.get(reverse("web:home")))
    page = text_of(client_for(partner_a).get(reverse("web:home")))
    assert "Mijn werk" in page and "Inloggen" not in page


# ------------------------------------------------------------------------------------------------- partners


def test_a_partner_cannot_approve_or_do_analyst_work(partner_a):
    voice = make_voice(partner_a, KERN_A)
    c = client_for(partner_a)
    before = snapshot()
    response = c.post(reverse("voices:review_voice", args=[GM, voice.pk]),
                      {"besluit": "goedkeuren", "citaten": [q.pk for q in voice.quotes.all()]})
    assert response.status_code == 403
    voice.refresh_from_db()
    assert voice.status == Status.INGEDIEND
    assert not voice.quotes.filter(approved=True).exists()
    for name in ("voices:review", "voices:import", "voices:curated", "voices:publish"):
        assert c.get(reverse(name, args=[GM])).status_code == 403, name
    for url, data in post_endpoints(voice)[3:]:
        if "herkenning" in url:  # partners may answer "herkent u dit beeld?" for their own kern
            continue
        assert c.post(url, data).status_code == 403, url
    assert snapshot() == before


def test_a_partner_of_kern_a_cannot_see_or_edit_kern_b(partner_a, partner_b):
    theirs = make_voice(partner_b, KERN_B, summary="Jongeren in Breukelen hangen rond bij het station.")
    c = client_for(partner_a)
    before = snapshot()
    # not in the list
    mine = make_voice(partner_a, KERN_A, summary="In Maarssen-dorp is de bibliotheek een ontmoetingsplek.")
    page = text_of(c.get(reverse("voices:list", args=[GM])))
    assert "bibliotheek" in page
    assert "station" not in page
    # not by address
    assert c.get(reverse("voices:edit", args=[GM, theirs.pk])).status_code == 403
    assert c.post(reverse("voices:edit", args=[GM, theirs.pk]), voice_post(KERN_B, summary="Overschreven")).status_code == 403
    theirs.refresh_from_db()
    assert theirs.summary.startswith("Jongeren")
    # not by moving their own voice there, not by adding one there
    assert c.post(reverse("voices:edit", args=[GM, mine.pk]), voice_post(KERN_B)).status_code == 400
    mine.refresh_from_db()
    assert mine.kern.slug == KERN_A
    n = Voice.objects.count()
    response = c.post(reverse("voices:add", args=[GM]), voice_post(KERN_B))
    assert response.status_code == 400
    assert Voice.objects.count() == n
    # the kern select offers their own kern only
    form = c.get(reverse("voices:add", args=[GM])).content.decode()
    assert "Maarssen-dorp" in form and "Breukelen" not in form
    # nor a review of kern B's kernfoto
    assert c.get(reverse("voices:profile_review", args=[GM]) + f"?kern={KERN_B}").status_code == 403
    assert c.post(reverse("voices:profile_review", args=[GM]),
                  {"kern": KERN_B, "periode": "2020", "verdict": "nee"}).status_code == 403
    assert ProfileReview.objects.count() == before[2]
    # partner B still sees and edits their own
    assert client_for(partner_b).get(reverse("voices:edit", args=[GM, theirs.pk])).status_code == 200


def test_a_partner_adds_a_voice_after_theme_suggestions(partner_a):
    c = client_for(partner_a)
    summary = "Veel ouderen zijn eenzaam en hebben schulden."
    n = Voice.objects.count()
    response = c.post(reverse("voices:add", args=[GM]), voice_post(KERN_A, summary=summary, themes=[], actie="voorstellen"))
    assert response.status_code == 200
    assert Voice.objects.count() == n  # a suggestion saves nothing
    page = response.content.decode()
    checked = set(re.findall(r'<input type="checkbox" name="themes" value="([a-z_]+)"[^>]*checked', page))
    assert {"eenzaamheid_sociale_basis", "bestaanszekerheid"} <= checked
    assert "eenzaam" in text_of(response) and "schuld" in text_of(response)  # which words matched
    assert summary in unescape(page)  # what was typed is kept
    response = c.post(reverse("voices:add", args=[GM]), voice_post(KERN_A, summary=summary, themes=sorted(checked)))
    assert response.status_code == 302
    voice = Voice.objects.latest("pk")
    assert voice.status == Status.INGEDIEND and voice.created_by == partner_a
    assert set(voice.themes) == checked
    assert [(q.text, q.consent, q.approved) for q in voice.quotes.all()] == [("We hebben hier niks meer.", True, False)]
    assert AuditLog.objects.filter(action="voice.add", user=partner_a, object_id=str(voice.pk), gemeente=GM).exists()


def test_the_form_refuses_personal_data_and_links_the_error(partner_a):
    c = client_for(partner_a)
    n = Voice.objects.count()
    response = c.post(reverse("voices:add", args=[GM]), voice_post(KERN_A, summary="Bel haar op 06-12345678."))
    assert response.status_code == 400
    assert Voice.objects.count() == n
    page = response.content.decode()
    assert "telefoonnummer" in page
    assert re.search(r'<textarea[^>]*aria-describedby="id_summary_helptext id_summary_error"', page)
    assert 'id="id_summary_error"' in page


# ------------------------------------------------------------------------------------------------- analysts


def test_an_analyst_approves_only_consented_quotes(analyst, partner_a):
    voice = make_voice(partner_a, KERN_A, quotes=(("Met toestemming.", True), ("Zonder toestemming.", False)))
    yes, no = voice.quotes.order_by("pk")
    c = client_for(analyst)
    url = reverse("voices:review_voice", args=[GM, voice.pk])
    assert "Zonder toestemming." in text_of(c.get(reverse("voices:review", args=[GM])))
    # trying to approve the quote without consent changes nothing
    c.post(url, {"besluit": "goedkeuren", "citaten": [yes.pk, no.pk]})
    voice.refresh_from_db()
    no.refresh_from_db()
    assert voice.status == Status.INGEDIEND and not no.approved
    c.post(url, {"besluit": "goedkeuren", "citaten": [yes.pk]})
    voice.refresh_from_db()
    yes.refresh_from_db()
    no.refresh_from_db()
    assert voice.status == Status.GOEDGEKEURD and voice.reviewed_by == analyst
    assert yes.approved and yes.publishable and not no.approved and not no.publishable
    assert AuditLog.objects.filter(action="voice.approve", user=analyst, object_id=str(voice.pk)).exists()
    # a partner's edit sends it back for review
    r = client_for(partner_a).post(reverse("voices:edit", args=[GM, voice.pk]),
                                   voice_post(KERN_A, summary="Aangevuld.", quote_1="Met toestemming.", consent_1="on"))
    assert r.status_code == 302
    voice.refresh_from_db()
    assert voice.status == Status.INGEDIEND and voice.summary == "Aangevuld."


def test_writes_are_audited(analyst, partner_a):
    pa, an = client_for(partner_a), client_for(analyst)
    period = "2020"
    assert pa.post(reverse("voices:profile_review", args=[GM]),
                   {"kern": KERN_A, "periode": period, "verdict": "deels", "comment": "Klopt grotendeels."}).status_code == 302
    assert an.post(reverse("voices:curated", args=[GM]),
                   {"kern": KERN_A, "periode": period, "krachten": "Actieve vrijwilligers.\nSterke kerken.",
                    "opgaven": "Weinig ontmoetingsplekken.", "vervang": "on"}).status_code == 302
    assert an.post(reverse("voices:publish", args=[GM]), {"periode": period}).status_code == 302
    assert set(AuditLog.objects.filter(gemeente=GM).values_list("action", flat=True)) >= {
        "profile.review", "profile.curate", "period.publish"}
    assert list(CuratedFinding.objects.filter(gemeente_id=GM, area_code=KERN_A, period=period)
                .values_list("kind", "text")) == [("kracht", "Actieve vrijwilligers."), ("kracht", "Sterke kerken."),
                                                 ("opgave", "Weinig ontmoetingsplekken.")]
    assert CuratedSetting.objects.get(gemeente_id=GM, area_code=KERN_A, period=period).replaces_engine
    # analysts see every review of the kern; the publication date is on everyone's dashboard
    page = text_of(an.get(reverse("voices:profile_review", args=[GM]) + f"?kern={KERN_A}&periode={period}"))
    assert "Klopt grotendeels." in page and "partner_a" in page
    published = Publication.objects.get(gemeente_id=GM, period=period)
    dashboard = text_of(pa.get(reverse("accounts:dashboard")))
    assert f"periode {period} op" in dashboard
    assert timezone.localtime(published.published_at).strftime("%Y") in dashboard


def test_the_dashboard_links_what_the_role_may_do(analyst, partner_a):
    partner = text_of(client_for(partner_a).get(reverse("accounts:dashboard")))
    assert "partner" in partner and "Maarssen-dorp" in partner
    assert "Gesprek of signaal toevoegen" in partner and "Gegevens importeren" not in partner
    assert "beoordelen" not in partner.replace("concept-kernfoto beoordelen", "")
    ana = text_of(client_for(analyst).get(reverse("accounts:dashboard")))
    assert "analist" in ana and "alle kernen" in ana
    for label in ("Gegevens importeren", "Gesprekken en citaten beoordelen", "Periode publiceren",
                  "Krachten en opgaven per kern"):
        assert label in ana


def test_browser_import_shows_file_row_and_column_and_changes_nothing(analyst, tmp_path):
    lines = GOOD_TABLE.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[4].split(",")
    cells[header.index("MoeiteMetRondkomen_38")] = "veel"
    lines[4] = ",".join(cells)
    bad = SimpleUploadedFile("rivm_50090NED_2020_tekst.csv", ("\n".join(lines) + "\n").encode(), content_type="text/csv")
    good = SimpleUploadedFile(GOOD_TABLE.name, GOOD_TABLE.read_bytes(), content_type="text/csv")
    before, audits = snapshot(), AuditLog.objects.count()
    response = client_for(analyst).post(reverse("voices:import", args=[GM]), {"soort": "data", "bestanden": [good, bad]})
    assert response.status_code == 400
    page = text_of(response)
    assert "Niet geïmporteerd." in page
    assert "bestand rivm_50090NED_2020_tekst.csv, rij 5, kolom MoeiteMetRondkomen_38" in page
    assert "Er is niets gewijzigd" in page
    assert 'aria-describedby="bestanden-uitleg import-fout"' in response.content.decode()
    assert snapshot() == before
    assert AuditLog.objects.count() == audits


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NATIONAL = FIXTURES / "kwb_2019_gemeenten_14vars.csv"  # every gemeente of 2019, GM0003 in row 2
OWN_BUURTEN = FIXTURES / "kwb_2022_buurt_GM1904_stichtse_vecht.csv"  # only BU1904...


def upload(path: Path, old: bytes = b"", new: bytes = b"") -> SimpleUploadedFile:
    """``path`` as an upload; with ``old``/``new`` one figure changed, so it is not already imported."""
    data = path.read_bytes()
    assert old in data
    return SimpleUploadedFile(path.name, data.replace(old, new, 1), content_type="text/csv")


def sha256(upload_file: SimpleUploadedFile) -> str:
    upload_file.seek(0)
    return hashlib.sha256(upload_file.read()).hexdigest()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMIN])
def test_browser_import_of_a_national_table_by_a_gemeente_is_refused(sample, role):
    user = _person("gemeente_" + role, role)
    before, audits = snapshot(), AuditLog.objects.count()
    datasets = sorted(Dataset.objects.values_list("pk", "sha256", "imported_at"))
    response = client_for(user).post(reverse("voices:import", args=[GM]),
                                     {"soort": "data", "bestanden": [upload(OWN_BUURTEN), upload(NATIONAL)]})
    assert response.status_code == 400
    page = text_of(response)
    assert ("bestand kwb_2019_gemeenten_14vars.csv, rij 2, kolom unique_id: GM0003 hoort niet bij Stichtse Vecht; "
            "u mag alleen cijfers van uw eigen gemeente inlezen. Landelijke tabellen leest de beheerder in.") in page
    assert "Er is niets gewijzigd" in page
    assert snapshot() == before
    assert sorted(Dataset.objects.values_list("pk", "sha256", "imported_at")) == datasets
    assert AuditLog.objects.count() == audits


def test_browser_import_of_the_own_gemeente_works(analyst):
    assert "alleen cijfers of grenzen van Stichtse Vecht" in text_of(client_for(analyst).get(reverse("voices:import", args=[GM])))
    changed = upload(OWN_BUURTEN, b",Maarsseveen,630,", b",Maarsseveen,631,")
    response = client_for(analyst).post(reverse("voices:import", args=[GM]), {"soort": "data", "bestanden": changed},
                                        follow=True)
    assert "Geïmporteerd: kwb_2022_buurt_GM1904_stichtse_vecht.csv: vervangen" in text_of(response)
    assert Dataset.objects.get(sha256=sha256(changed)).scope == GM
    assert AuditLog.objects.filter(action="data.import", user=analyst).exists()


def test_the_site_operator_may_import_a_national_table(sample):
    operator = get_user_model().objects.create_user("beheerder", password=PASSWORD, is_staff=True, is_superuser=True)
    page = text_of(client_for(operator).get(reverse("voices:import", args=[GM])))
    assert "ook landelijke tabellen" in page
    changed = upload(NATIONAL, b",GM0003,11721,", b",GM0003,11722,")
    response = client_for(operator).post(reverse("voices:import", args=[GM]), {"soort": "data", "bestanden": changed},
                                         follow=True)
    assert "Geïmporteerd: kwb_2019_gemeenten_14vars.csv:" in text_of(response)
    assert Dataset.objects.get(sha256=sha256(changed)).scope == "NL"


def test_browser_import_refuses_a_file_over_the_size_limit(analyst, settings):
    settings.MAX_IMPORT_MB = 1
    big = SimpleUploadedFile("rivm_50090NED_groot.csv", GOOD_TABLE.read_bytes() + b"x" * (1024 * 1024))
    before = snapshot()
    response = client_for(analyst).post(reverse("voices:import", args=[GM]), {"soort": "data", "bestanden": big})
    assert response.status_code == 400
    assert "te groot" in text_of(response) and "rivm_50090NED_groot.csv" in text_of(response)
    assert snapshot() == before


def test_browser_import_of_a_kernen_file_of_another_gemeente_changes_nothing(analyst):
    other = SimpleUploadedFile("kernen.yaml", b"gemeente: GM0307\nkernen:\n  - naam: Centrum\n    wijken: [WK030701]\n")
    before = snapshot()
    response = client_for(analyst).post(reverse("voices:import", args=[GM]), {"soort": "kernen", "kernenbestand": other})
    assert response.status_code == 400
    assert "kernen.yaml" in text_of(response)
    assert snapshot() == before


def test_browser_import_of_kernen_keeps_the_partners_kernen(analyst, partner_a):
    yaml_file = DATA / "kernen_stichtse_vecht.yaml"
    upload = SimpleUploadedFile(yaml_file.name, yaml_file.read_bytes())
    response = client_for(analyst).post(reverse("voices:import", args=[GM]), {"soort": "kernen", "kernenbestand": upload})
    assert response.status_code == 302, text_of(response)
    assert [k.slug for k in Membership.objects.get(user=partner_a).kernen.all()] == [KERN_A]
    assert AuditLog.objects.filter(action="kernen.edit", user=analyst).exists()


def test_browser_import_of_voices_csv(analyst):
    csv_text = ("datum,kern,soort,wie,themas,samenvatting,citaat,toestemming\n"
                f"{(timezone.localdate() - dt.timedelta(days=10)):%d-%m-%Y},Breukelen,signaal,professional,,"
                "Mantelzorgers raken overbelast,Ik kan niet meer,ja\n")
    upload = SimpleUploadedFile("gesprekken.csv", csv_text.encode())
    response = client_for(analyst).post(reverse("voices:import", args=[GM]), {"soort": "stemmen", "stemmenbestand": upload})
    assert response.status_code == 302, text_of(response)
    voice = Voice.objects.get(summary="Mantelzorgers raken overbelast")
    assert voice.kern.slug == KERN_B and voice.status == Status.INGEDIEND
    assert AuditLog.objects.filter(action="voice.import", user=analyst).exists()


# ------------------------------------------------------------------------------------------------- CSRF and login


def test_csrf_is_enforced(partner_a):
    c = Client(enforce_csrf_checks=True)
    c.force_login(partner_a)
    n = Voice.objects.count()
    response = c.post(reverse("voices:add", args=[GM]), voice_post(KERN_A))
    assert response.status_code == 403
    assert Voice.objects.count() == n
    # with the token of the form it works
    form = c.get(reverse("voices:add", args=[GM]))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode()).group(1)
    response = c.post(reverse("voices:add", args=[GM]), {**voice_post(KERN_A), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Voice.objects.count() == n + 1


def test_logout_is_a_post(partner_a):
    c = client_for(partner_a)
    assert c.get(reverse("accounts:logout")).status_code == 405
    assert c.post(reverse("accounts:logout")).status_code == 302
    assert c.get(reverse("accounts:dashboard")).status_code == 302


def login(c: Client, username: str, password: str, address: str = "10.0.0.1"):
    return c.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(c: Client) -> bool:
    return "_auth_user_id" in c.session


def test_login_works_and_clears_failures(partner_a):
    c = Client()
    assert login(c, "partner_a", "fout").status_code == 200
    assert LoginAttempt.objects.filter(username="partner_a").count() == 1
    response = login(c, "partner_a", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:dashboard")
    assert logged_in(c)
    assert not LoginAttempt.objects.filter(username="partner_a").exists()


def test_login_locks_after_max_failures_for_a_username(partner_a, settings):
    settings.LOGIN_MAX_FAILURES = 3
    settings.LOGIN_LOCK_MINUTES = 15
    for n in range(3):
        response = login(Client(), "partner_a", f"fout-{n}", address=f"10.0.0.{n + 1}")
        assert response.status_code == 200
    # the right password from yet another address is refused now, without logging in
    c = Client()
    response = login(c, "Partner_A", PASSWORD, address="10.0.0.99")
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in text_of(response)
    assert not logged_in(c)
    # once the failures are older than the lock window, it works again
    LoginAttempt.objects.update(at=timezone.now() - dt.timedelta(minutes=16))
    response = login(c, "partner_a", PASSWORD, address="10.0.0.99")
    assert response.status_code == 302 and logged_in(c)


def test_login_locks_after_max_failures_from_an_address(partner_a, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for name in ("a", "b", "c"):
        login(Client(), name, "fout", address="192.0.2.7")
    c = Client()
    response = login(c, "partner_a", PASSWORD, address="192.0.2.7")
    assert response.status_code == 429 and not logged_in(c)
    assert login(c, "partner_a", PASSWORD, address="192.0.2.8").status_code == 302


def test_password_change_uses_the_validators(partner_a):
    c = client_for(partner_a)
    url = reverse("accounts:password_change")
    response = c.post(url, {"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"})
    assert response.status_code == 200
    assert "12" in text_of(response)  # minimum length 12
    response = c.post(url, {"old_password": PASSWORD, "new_password1": "Een-lange-zin-over-de-Vecht",
                            "new_password2": "Een-lange-zin-over-de-Vecht"})
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="account.password_change", user=partner_a).exists()


@pytest.mark.parametrize("name", ["accounts:login", "accounts:password_change"])
def test_account_forms_have_labels(partner_a, name):
    c = client_for(partner_a) if name == "accounts:password_change" else Client()
    page = c.get(reverse(name)).content.decode()
    ids = re.findall(r'<input[^>]+type="(?:text|password)"[^>]*id="([^"]+)"', page)
    assert len(ids) >= 2
    for field_id in ids:
        assert f'for="{field_id}"' in page


def test_the_admin_logs_in_through_the_throttled_login(partner_a):
    visitor = Client()
    response = visitor.get("/beheer/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:login") + "?next=/beheer/"
    # the admin's own login form does not exist: a POST with a password logs nobody in
    response = visitor.post("/beheer/login/", {"username": "partner_a", "password": PASSWORD})
    assert response.status_code == 302 and not logged_in(visitor)
    # a logged-in user without staff rights gets a 403, not a login form (nor a redirect loop)
    assert client_for(partner_a).get("/beheer/login/?next=/beheer/").status_code == 403
    # staff log in on the accounts page and land in the admin
    get_user_model().objects.create_user("beheerder", password=PASSWORD, is_staff=True, is_superuser=True)
    c = Client()
    response = c.post(reverse("accounts:login") + "?next=/beheer/",
                      {"username": "beheerder", "password": PASSWORD, "next": "/beheer/"})
    assert response.status_code == 302 and response["Location"] == "/beheer/"
    assert c.get("/beheer/").status_code == 200
