"""Render a :class:`~kernfoto.profiles.model.Profile` as a one-page A4 PDF with Typst.

One :class:`TypstRenderer` keeps one ``typst.Compiler`` alive (fonts are scanned and the
template is parsed once) and renders many profiles with it::

    renderer = TypstRenderer()
    for profile in profiles:
        Path(f"{profile.slug}.pdf").write_bytes(renderer.render(profile))

The profile travels to the template as JSON in ``sys.inputs["profile"]`` (the page view of
:func:`kernfoto.profiles.charts.page_view`, charts included as SVG markup); the template
reads it with ``json(bytes(sys.inputs.profile))`` and shows SVGs with
``image(bytes(svg), format: "svg")``. No temporary files are written.

A kernfoto is exactly one page. When the content does not fit the normal layout, the
template sets it compactly (less white space, same type sizes: nothing under 8 pt; it decides
this itself, in the same compilation), then the renderer
leaves out the last items of "Wat we horen", then those of "Sociale basis" (the title then says
that the web page has them all); when that does not fit either, :meth:`TypstRenderer.render`
raises :class:`KernfotoOverflowError` instead of silently producing a second page. :meth:`TypstRenderer.warnings` reports the
overflow (and Typst's own warnings) without raising.

Fonts: the first available of :data:`PREFERRED_FONTS` (system fonts or ``font_paths``),
then Typst's embedded Libertinus Serif as the fallback, so rendering works on a machine
without any system fonts. The layout was tuned with DejaVu Sans (condensed width, which
the template asks for). The PDF has no creation date, so the same profile and the same
fonts give byte-identical PDFs.

Speed: a kernfoto is one Typst compilation (about 25-30 ms for a page that fits the normal
layout, 1.4 times that for one that needs the compact layout, on the 2-core development
machine); most of the time goes to laying out the figures table. The widths of the table
texts, which the template measures to give one-line rows a fixed height, are remembered across
pages. :meth:`TypstRenderer.render_many` and :meth:`TypstRenderer.render_iter` run one
compiler per CPU, in threads (Typst releases the GIL) or worker processes, for batches:
about 50-65 pages/s on 2 cores (``benchmarks/kernfoto_render.py``).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import re
import threading
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import typst

from kernfoto.errors import KernfotoError
from kernfoto.profiles.charts import page_view
from kernfoto.profiles.model import Profile

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE = TEMPLATE_DIR / "kernfoto.typ"

# Clean sans-serif faces, best first. DejaVu Sans (package fonts-dejavu-core, on nearly every
# Linux system) comes first because the one-page layout was tuned and tested with it; the
# others are used where it is missing. A municipality can pass its house font (``fonts=``).
PREFERRED_FONTS = (
    "DejaVu Sans",
    "Noto Sans",
    "Source Sans 3",
    "Fira Sans",
    "Open Sans",
    "Liberation Sans",
    "Arial",
)
# Embedded in the typst package, so always present: the last resort.
FALLBACK_FONTS = ("Libertinus Serif", "DejaVu Sans Mono")

# Layouts in order of preference: the normal one, then a tighter one for long content. The
# template chooses between them itself when asked for density "auto".
DENSITIES = ("normal", "compact")

# Added to the title of "Wat we horen" when the page only has room for part of its items.
VOICES_SHORTENED = "(meer op de webpagina)"

# Table texts whose measured width is remembered (a national batch has a few thousand).
MAX_REMEMBERED_WIDTHS = 100_000

_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def _shortened(title: str) -> str:
    """The title of a block the page shortened: "Wat we horen (meer op de webpagina)", or
    "Sociale basis (voorbeeldgegevens; meer op de webpagina)" when it already ends with a remark."""
    if title.endswith(")"):
        return f"{title[:-1]}; {VOICES_SHORTENED[1:]}"
    return f"{title} {VOICES_SHORTENED}"


class KernfotoOverflowError(KernfotoError):
    """The kernfoto does not fit on one A4 page."""

    def __init__(self, area_name: str, pages: int):
        self.area_name = area_name
        self.pages = pages
        super().__init__(
            f"De kernfoto van {area_name} past niet op één A4-pagina (de inhoud beslaat {pages} pagina's). "
            "Toon minder indicatoren of bevindingen, of kort de teksten in."
        )

    def __reduce__(self):  # picklable, for worker processes
        return type(self), (self.area_name, self.pages)


class KernfotoRenderError(KernfotoError):
    """Typst could not compile the page (a template or data problem)."""


@dataclass
class RenderResult:
    """One kernfoto of a batch: the PDF, or the reason there is none."""

    profile: Profile
    pdf: bytes | None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    exception: KernfotoError | None = field(default=None, repr=False, compare=False)  # what render() raised

    @property
    def ok(self) -> bool:
        return self.pdf is not None


# A rendering's outcome without its profile: PDF, warnings, error message, exception.
Outcome = tuple[bytes | None, list[str], str | None, KernfotoError | None]


def count_pdf_pages(pdf: bytes) -> int:
    """Number of page objects in a PDF written by Typst (it writes no object streams)."""
    return len(_PAGE_OBJECT.findall(pdf))


def page_count(out: bytes | list[bytes], fmt: str) -> int:
    """Pages of a Typst compilation: of the PDF, or the number of images (PNG/SVG come one per page)."""
    if fmt == "pdf":
        return count_pdf_pages(out)
    return len(out) if isinstance(out, list) else 1


def choose_fonts(available: Sequence[str], preferred: Sequence[str] = PREFERRED_FONTS) -> list[str]:
    """The first available preferred family, then the embedded fallbacks.

    Only families that exist are passed to Typst: an unknown family would make Typst warn
    on every page.
    """
    have = {name.lower() for name in available}
    chosen = [name for name in preferred if name.lower() in have][:1]
    return chosen + [name for name in FALLBACK_FONTS if name not in chosen]


class TypstRenderer:
    """Renders profiles to PDF (or PNG previews) with one long-lived Typst compiler.

    ``fonts``: preferred families, best first (default :data:`PREFERRED_FONTS`).
    ``font_paths``: extra font folders, e.g. a municipality's house font.
    ``ignore_system_fonts``: use only ``font_paths`` and the fonts embedded in typst.

    Thread-safe: compilations are serialised with a lock (the compiler keeps state).
    """

    def __init__(
        self,
        *,
        fonts: Sequence[str] | None = None,
        font_paths: Sequence[str | Path] = (),
        ignore_system_fonts: bool = False,
    ):
        self._options = {
            "fonts": fonts,
            "font_paths": tuple(font_paths),
            "ignore_system_fonts": ignore_system_fonts,
        }
        self._siblings: list[TypstRenderer] = []
        self._processes: ProcessPoolExecutor | None = None
        self._process_count = 0
        paths = [str(p) for p in font_paths]
        available = typst.Fonts(include_system_fonts=not ignore_system_fonts, font_paths=paths).families()
        self.fonts: list[str] = choose_fonts(available, fonts or PREFERRED_FONTS)
        self._compiler = typst.Compiler(
            str(TEMPLATE),
            root=str(TEMPLATE_DIR),
            font_paths=paths,
            ignore_system_fonts=ignore_system_fonts,
        )
        self._lock = threading.Lock()
        # Widths (pt) of table texts the template measured on earlier pages, keyed by text; shared
        # with the sibling compilers of render_many (same fonts, same template).
        self._widths: dict[str, float] = {}
        self.last_warnings: list[str] = []
        self.last_density: str = ""

    @property
    def font(self) -> str:
        """The family the page text is set in."""
        return self.fonts[0]

    # ------------------------------------------------------------------ internals

    def _compile(
        self, profile: Profile, view: dict, fmt: str, ppi: float | None = None, density: str = "normal"
    ) -> tuple[bytes | list[bytes], list[str]]:
        unknown = self._add_widths(view)
        data = {"fonts": self.fonts, "density": density, "view": view}
        inputs = {"profile": json.dumps(data, ensure_ascii=False, separators=(",", ":"))}
        with self._lock:
            try:
                out, warnings = self._compiler.compile_with_warnings(format=fmt, ppi=ppi, sys_inputs=inputs)
            except typst.TypstError as exc:
                detail = getattr(exc, "diagnostic", "") or str(exc)
                raise KernfotoRenderError(
                    f"De kernfoto van {profile.area_name} kon niet worden opgemaakt: {detail}"
                ) from exc
            if unknown:
                self._learn_widths()
            self.last_density = self._chosen_density() if density == "auto" else density
        messages = [getattr(w, "message", "") or str(w) for w in warnings]
        return out, messages

    # The template measures the label and trend text of every table row to see whether the row
    # fits one line (then it gets a fixed height, which Typst lays out faster). Those texts repeat
    # from page to page, so the widths it reports are remembered and passed with the next pages.

    @staticmethod
    def _width_keys(row: dict) -> tuple[str, str]:
        return "label:" + row["label"], "trend:" + json.dumps(row["trend"], ensure_ascii=False, sort_keys=True)

    def _add_widths(self, view: dict) -> bool:
        """Put the known widths into the view's rows; True when some are still unknown."""
        unknown = False
        for theme in view.get("themes", ()):
            for row in theme["rows"]:
                label, trend = self._width_keys(row)
                for field_name, key in (("label_width", label), ("trend_width", trend)):
                    if field_name not in row:
                        width = self._widths.get(key)
                        if width is None:
                            unknown = True
                        else:
                            row[field_name] = width
        return unknown

    def _chosen_density(self) -> str:
        """The density the template chose in the last "auto" compilation (the compiler's lock is held)."""
        try:
            return str(json.loads(self._compiler.query("<kernfoto-density>", field="value", one=True)))
        except (typst.TypstError, ValueError):
            return ""

    def _learn_widths(self) -> None:
        """Remember the widths the last compilation measured (the compiler's lock is held)."""
        try:
            reports = json.loads(self._compiler.query("<kernfoto-widths>", field="value"))
        except (typst.TypstError, ValueError):
            return
        if len(self._widths) > MAX_REMEMBERED_WIDTHS:
            self._widths.clear()
        for report in reports:
            for item in report:
                label, trend = self._width_keys({"label": item.get("label", ""), "trend": item.get("trend")})
                self._widths[label if "label" in item else trend] = float(item["width"])

    def _fit(
        self, profile: Profile, fmt: str, ppi: float | None = None
    ) -> tuple[list[bytes] | bytes, int, list[str]]:
        """Compile in the normal layout; if that needs a second page, in the compact one.

        Returns (output, number of pages, warnings); the overflow itself is not a warning yet.
        """
        view = page_view(profile)
        # One compilation: the template lays the page out normally and, only when that needs a
        # second page, again compactly ("auto"); it says which it chose (see kernfoto.typ).
        out, warnings = self._compile(profile, view, fmt, ppi=ppi, density="auto")
        pages = page_count(out, fmt)
        if pages != 1 and self.last_density != DENSITIES[-1]:  # a safety net: the template switches itself
            out, warnings = self._compile(profile, view, fmt, ppi=ppi, density=DENSITIES[-1])
            pages = page_count(out, fmt)
        # What we hear is the one block paper may shorten: its items come in order of importance (the
        # newest quotes, then counts). Drop items from the end until the page fits, keep at least one,
        # and say that the web page has them all.
        # "Wat er gebeurt" (newest initiatives first, then milestones) and the sociale basis block are
        # shortened the same way, after that: the sociale basis items are the offer, then the gaps, worst first.
        # "Wat er gebeurt" may go altogether (the template then leaves it out); the others keep one item.
        for block, keep in (("voices", 1), ("happenings", 0), ("socialbase", 1)):
            original = view[block]
            items = list(original["items"])
            while pages != 1 and len(items) > keep:
                items.pop()
                view = {**view, block: {**original, "items": items, "title": _shortened(original["title"])}}
                out, warnings = self._compile(profile, view, fmt, ppi=ppi, density=DENSITIES[-1])
                pages = page_count(out, fmt)
        return out, pages, warnings

    def _checked(self, profile: Profile, fmt: str, ppi: float | None = None) -> bytes:
        out, pages, warnings = self._fit(profile, fmt, ppi)
        if pages != 1:
            error = KernfotoOverflowError(profile.area_name, pages)
            self.last_warnings = [*warnings, str(error)]
            raise error
        self.last_warnings = warnings
        return out[0] if isinstance(out, list) else out

    # ------------------------------------------------------------------ API

    def render(self, profile: Profile) -> bytes:
        """The kernfoto as a one-page A4 PDF.

        Uses the compact layout when the normal one does not fit; raises
        :class:`KernfotoOverflowError` when even that needs more than one page.
        Typst's warnings are in :attr:`last_warnings` afterwards.
        """
        return self._checked(profile, "pdf")

    def render_png(self, profile: Profile, *, ppi: float = 144) -> bytes:
        """A PNG preview of the page (same fitting rules and errors as :meth:`render`)."""
        return self._checked(profile, "png", ppi)

    def warnings(self, profile: Profile) -> list[str]:
        """Typst's warnings for this profile, plus an overflow message when it needs more than one page.

        Never raises for overflow, so a batch can list every problem first.
        """
        _, pages, warnings = self._fit(profile, "pdf")
        if pages != 1:
            warnings = [*warnings, str(KernfotoOverflowError(profile.area_name, pages))]
        self.last_warnings = warnings
        return warnings

    def render_many(
        self, profiles: Iterable[Profile], *, workers: int | None = None, processes: bool = False
    ) -> list[RenderResult]:
        """Render a batch, in order; a profile that does not fit gets an error instead of a PDF.

        ``workers`` (default: the number of CPUs, at most 4) compilers work in parallel: in
        threads (this renderer's own compiler plus extra ones that are created once and kept for
        later batches; Typst releases the GIL while it compiles), or with ``processes=True`` in
        worker processes, each with its own renderer (started once, in about 0.2 s, and kept
        until :meth:`close`). In the benchmark processes were between 10% slower and 15% faster
        than threads, depending on the batch and on the machine's load (compilers in one process
        share Typst's caches and the memory allocator); threads need no start and no pickling.
        """
        profiles = list(profiles)
        workers = min(self._workers(workers), len(profiles) or 1)
        return list(self.render_iter(profiles, workers=workers, processes=processes))

    def render_iter(
        self, profiles: Iterable[Profile], *, workers: int | None = None, processes: bool = False
    ) -> Iterator[RenderResult]:
        """Like :meth:`render_many`, but lazily: results come in order as soon as they are ready.

        ``profiles`` is consumed in the caller's thread, a few ahead of the results, so a
        generator that builds profiles (from the database) works while the compilers render
        the ones before: building and rendering overlap. Only Typst runs in the workers.
        Worker processes are started with "spawn": the main module of the program must be
        importable without side effects (``if __name__ == "__main__":``).
        """
        n = self._workers(workers)
        if processes:
            pool = self._process_pool(n)
            yield from self._in_order(profiles, lambda p: pool.submit(_render_in_process, p), n)
            return
        if n == 1:
            for profile in profiles:
                yield RenderResult(profile, *self._outcome(self, profile))
            return
        while len(self._siblings) < n - 1:
            sibling = TypstRenderer(**self._options)
            sibling._widths = self._widths
            self._siblings.append(sibling)
        idle: queue.SimpleQueue[TypstRenderer] = queue.SimpleQueue()
        for renderer in [self, *self._siblings[: n - 1]]:
            idle.put(renderer)

        def job(profile: Profile) -> Outcome:
            renderer = idle.get()
            try:
                return self._outcome(renderer, profile)
            finally:
                idle.put(renderer)

        with ThreadPoolExecutor(max_workers=n, thread_name_prefix="kernfoto-typst") as pool:
            yield from self._in_order(profiles, lambda p: pool.submit(job, p), n)

    def close(self) -> None:
        """Stop the worker processes of :meth:`render_many` (they also stop when the program ends)."""
        if self._processes is not None:
            self._processes.shutdown(wait=True, cancel_futures=True)
            self._processes = None

    @staticmethod
    def _in_order(
        profiles: Iterable[Profile], submit: Callable[[Profile], Future[Outcome]], n: int
    ) -> Iterator[RenderResult]:
        pending: deque[tuple[Profile, Future[Outcome]]] = deque()
        try:
            for profile in profiles:
                pending.append((profile, submit(profile)))
                # keep every compiler busy, and hand back what is done
                while len(pending) > 2 * n or (pending and pending[0][1].done()):
                    done, future = pending.popleft()
                    yield RenderResult(done, *future.result())
            while pending:
                done, future = pending.popleft()
                yield RenderResult(done, *future.result())
        finally:  # the caller stopped early (or failed): do not render the rest
            for _, future in pending:
                future.cancel()

    def _process_pool(self, n: int) -> ProcessPoolExecutor:
        if self._processes is not None and self._process_count != n:
            self.close()
        if self._processes is None:
            self._processes = ProcessPoolExecutor(
                max_workers=n,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_process,
                initargs=(self._options,),
            )
            self._process_count = n
            weakref.finalize(self, self._processes.shutdown, wait=False, cancel_futures=True)
        return self._processes

    @staticmethod
    def _workers(workers: int | None) -> int:
        return max(1, workers or min(os.cpu_count() or 1, 4))

    @staticmethod
    def _outcome(renderer: TypstRenderer, profile: Profile) -> Outcome:
        """What :class:`RenderResult` needs besides the profile: PDF, warnings, error, exception."""
        try:
            pdf = renderer.render(profile)
            return pdf, list(renderer.last_warnings), None, None
        except KernfotoError as exc:
            return None, list(renderer.last_warnings), str(exc), exc


# One renderer per worker process of TypstRenderer.render_many(processes=True).
_process_renderer: TypstRenderer | None = None


def _start_process(options: dict) -> None:
    global _process_renderer
    _process_renderer = TypstRenderer(**options)


def _render_in_process(profile: Profile) -> Outcome:
    assert _process_renderer is not None
    return TypstRenderer._outcome(_process_renderer, profile)
