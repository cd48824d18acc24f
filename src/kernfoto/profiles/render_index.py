"""An HTML index page that lists kernfoto's and links to their PDFs (Dutch, standalone)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from urllib.parse import quote

from kernfoto.profiles.charts import LEVEL_LABEL, dutch_date
from kernfoto.profiles.model import Profile

_CSS = """
body { margin: 0; color: #1a1a1a; background: #fff; line-height: 1.45;
  font-family: "Noto Sans", "Source Sans 3", "Fira Sans", "Open Sans", "Liberation Sans", Arial, "DejaVu Sans", sans-serif; }
main { max-width: 48rem; margin: 0 auto; padding: 1.5rem 1.25rem 2rem; }
h1 { color: #154273; font-size: 1.8rem; margin: 0 0 0.3rem; }
p { margin: 0 0 1rem; color: #595959; }
table { width: 100%; border-collapse: collapse; }
caption { text-align: left; font-weight: 700; color: #154273; padding: 0.3rem 0; }
th, td { text-align: left; padding: 0.35rem 0.4rem; border-bottom: 1px solid #c5ced8; }
thead th { border-bottom: 2px solid #154273; color: #595959; font-weight: 400; font-size: 0.9rem; }
tbody th { font-weight: 700; }
a { color: #154273; }
a:focus-visible { outline: 3px solid #154273; outline-offset: 2px; }
footer { font-size: 0.85rem; color: #595959; margin-top: 1rem; }
""".strip()


def _pdf_names(profiles: Sequence[Profile], pdf_names: Mapping[str, str] | Sequence[str]) -> list[str]:
    if isinstance(pdf_names, Mapping):
        missing = [p.slug for p in profiles if p.slug not in pdf_names]
        if missing:
            raise ValueError(f"geen pdf-naam voor: {', '.join(missing)}")
        return [pdf_names[p.slug] for p in profiles]
    names = list(pdf_names)
    if len(names) != len(profiles):
        raise ValueError(f"{len(profiles)} kernfoto's maar {len(names)} pdf-namen")
    return names


def render_index(
    profiles: Iterable[Profile],
    pdf_names: Mapping[str, str] | Sequence[str],
    *,
    title: str = "Kernfoto's",
) -> str:
    """A standalone HTML page with one row per kernfoto: area name, level, gemeente, period, PDF link.

    ``pdf_names``: either a list parallel to ``profiles`` or a mapping ``profile.slug -> file name``;
    names are relative links (e.g. ``"WK190401.pdf"``). Rows keep the order of ``profiles``.
    """
    profiles = list(profiles)
    names = _pdf_names(profiles, pdf_names)
    rows = []
    for profile, name in zip(profiles, names, strict=True):
        level = LEVEL_LABEL.get(profile.area_level, profile.area_level)
        href = quote(name, safe="/:#?&=.-_~%")
        rows.append(
            "<tr>"
            f'<th scope="row">{escape(profile.area_name)}</th>'
            f"<td>{escape(level)}</td>"
            f"<td>{escape(profile.gemeente_name)}</td>"
            f"<td>{escape(profile.period)}</td>"
            f'<td><a href="{escape(href)}">Kernfoto {escape(profile.area_name)} (pdf)</a></td>'
            "</tr>"
        )
    dates = sorted({p.generated_on for p in profiles if p.generated_on})
    generated = f"<footer>Gemaakt op {escape(dutch_date(dates[-1]))}.</footer>" if dates else ""
    body = "\n".join(rows) if rows else '<tr><td colspan="5">Er zijn nog geen kernfoto\'s gemaakt.</td></tr>'
    count = len(profiles)
    intro = f"{count} kernfoto{'' if count == 1 else chr(39) + 's'}: per gebied één A4-pagina met cijfers en wat opvalt."
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>
{_CSS}
</style>
</head>
<body>
<main>
<h1>{escape(title)}</h1>
<p>{escape(intro)}</p>
<table>
<caption>Overzicht van de kernfoto's</caption>
<thead><tr><th scope="col">Gebied</th><th scope="col">Niveau</th><th scope="col">Gemeente</th><th scope="col">Periode</th><th scope="col">Pdf</th></tr></thead>
<tbody>
{body}
</tbody>
</table>
{generated}
</main>
</body>
</html>
"""
