"""Public pages of the sociale basis: the finder, one offer, and the printable list of a kern (PDF).

Thin views over ``search.py`` (the in-memory index of a gemeente's directory) and ``pdf.py``. The
HTML pages go through the page cache (``web.pagecache.cached_page``, see ``urls.py``); the PDF prints
today's date, so it is cached per day in ``pdf.py`` instead. Every page that shows example data says
so (a notice, and "voorbeeld" on each example offer); offers nobody checked for a year are marked
(``freshness.py``). No personal data: only an organisation's general contact details are shown.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from ..areas.models import Area
from ..web.shortcuts import gemeente_or_404
from ..web.views_overview import dutch_404
from . import pdf, search
from .forms import FinderForm
from .nearby import km_text
from .search import DAY_NAMES

PAGE_SIZE = 20
EXAMPLE_NOTICE = ("Voorbeeld: de organisaties en activiteiten met “(voorbeeld)” zijn verzonnen. Ze laten zien hoe "
                  "deze pagina werkt; ga er niet naartoe en bel ze niet.")


def _crumbs(gm: Area) -> dict:
    return {"code": gm.code, "name": gm.display_name}


def _filter_summary(filters: dict, kernen: dict[str, str]) -> str:
    """The filters in words: "met “koffie”, in of voor Breukelen, over jeugd, voor ouderen, op dinsdag"; with a
    distance "in, voor of tot 1 km van Breukelen"."""
    parts = []
    if filters["q"]:
        parts.append(f"met “{filters['q']}”")
    if filters["kern"]:
        name = kernen.get(filters["kern"], filters["kern"])
        near = filters.get("near_km")
        parts.append(f"in, voor of tot {km_text(near)} van {name}" if near else f"in of voor {name}")
    if filters["theme"]:
        parts.append(f"over {search.theme_labels().get(filters['theme'], filters['theme']).lower()}")
    if filters["target_group"]:
        from .models import TargetGroup

        parts.append(f"voor {TargetGroup(filters['target_group']).label}")
    if filters["day"]:
        parts.append(f"op {DAY_NAMES[filters['day']]}")
    return ", ".join(parts)


@dutch_404
def finder(request, code: str):
    gm = gemeente_or_404(code)
    today = timezone.localdate()
    kernen = search.kernen(gm.code, today=today)
    form = FinderForm(request.GET or None, kernen=kernen)
    status = 200
    hits = search.Hits()
    summary = ""
    searched = bool(request.GET)
    if form.is_bound and not form.is_valid():
        status = 400
        searched = False
    else:
        filters = form.filters() if form.is_bound else {"q": "", "kern": None, "near_km": None, "theme": None,
                                                           "target_group": None, "day": None}
        hits = search.search(gm.code, today=today, **filters)
        summary = _filter_summary(filters, kernen)
    page = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("pagina"))
    # offers found only because they lie near the chosen kern say how far they are
    items = [(hit, hits.near_text(hit)) for hit in page]
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "pagina" and v])
    kern = form.cleaned_data.get("kern") if form.is_bound and form.is_valid() else None
    return render(request, "directory/finder.html", {
        "gm": gm, "data": _crumbs(gm), "form": form, "page": page, "total": len(hits), "summary": summary,
        "items": items, "searched": searched, "query": query, "examples": search.has_examples(gm.code, today=today),
        "example_notice": EXAMPLE_NOTICE, "kern": kern, "kern_name": kernen.get(kern or "", ""),
        "pdf_url": reverse("directory:kern_pdf", args=[gm.code, kern]) if kern else "",
        "kernen": kernen,
    }, status=status)


@dutch_404
def detail(request, code: str, pk):
    gm = gemeente_or_404(code)
    today = timezone.localdate()
    hit = search.get_hit(gm.code, str(pk), today=today)
    if hit is None:
        raise Http404("Dit aanbod staat niet (meer) in de sociale kaart van deze gemeente.")
    kernen = search.kernen(gm.code, today=today)
    back = reverse("directory:finder", args=[gm.code])
    if len(hit.kern_slugs) == 1:
        back += "?" + urlencode({"kern": hit.kern_slugs[0]})
    return render(request, "directory/detail.html", {
        "gm": gm, "hit": hit, "back_url": back, "example_notice": EXAMPLE_NOTICE,
        "kern_links": [{"name": kernen[s], "url": reverse("directory:finder", args=[gm.code]) + "?" +
                        urlencode({"kern": s})} for s in hit.kern_slugs if s in kernen],
    })


@dutch_404
def kern_pdf(request, code: str, kern: str):
    gm = gemeente_or_404(code)
    today = timezone.localdate()
    kernen = search.kernen(gm.code, today=today)
    if kern not in kernen:
        raise Http404(f"De kern '{kern}' hoort niet bij {gm.display_name}.")
    finder_url = request.build_absolute_uri(reverse("directory:finder", args=[gm.code]) + "?" +
                                            urlencode({"kern": kern}))
    body = pdf.kern_list_pdf(gm.code, kern, today=today, finder_url=finder_url)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sociale-basis-{kern}-{today:%Y-%m-%d}.pdf"'
    return response
