"""Screenshots of the web application for the documentation: docs/screenshots/*.png.

Loads the bundled sample into a temporary SQLite database, starts ``kernfoto serve`` on a free
loopback port, takes full-page screenshots (1280 px wide) with Debian's chromium through
Playwright, and stops the server again.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--chromium /usr/bin/chromium]

Nothing is downloaded: the browser is the system's chromium.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
WIDTH = 1280
MAX_HEIGHT = 3200  # px; a longer page is cut off there
MAX_BYTES = 400_000  # and shortened further until its PNG is at most this large
GM = "/gemeente/GM1904/"
PAGES = {
    "home": "/",
    "overzicht": GM,
    "kernfoto": GM + "maarssen-dorp/",
    "vergelijken": GM + "vergelijk/?gebied=maarssen-dorp&gebied=maarssenbroek",
    "indicator": GM + "indicator/moeite_met_rondkomen_pct/",
    "sociale-basis": GM + "sociale-basis/?kern=breukelen",
    "nood-en-aanbod": GM + "nood-en-aanbod/",
    "sociale-monitor": GM + "sociale-monitor/2020/",
    "initiatieven": GM + "initiatieven/",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kernfoto_command() -> list[str]:
    script = Path(sys.executable).with_name("kernfoto")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kernfoto.cli"]


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped (exit code {proc.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url} within {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    """Stop the server we started: its own process group (gunicorn's arbiter and workers)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def shoot(base: str, out: Path, chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": WIDTH, "height": 900}, locale="nl-NL")
        page = context.new_page()
        for name, path in PAGES.items():
            response = page.goto(base + path)
            if response is None or response.status != 200:
                raise SystemExit(f"{path}: HTTP {response.status if response else '?'}")
            page.wait_for_load_state("networkidle")
            if page.locator("#kf-trend-chart").count():
                page.locator("#kf-trend-chart svg").wait_for(state="visible")
            height = min(page.evaluate("() => document.documentElement.scrollHeight"), MAX_HEIGHT)
            target = out / f"{name}.png"
            while True:  # the top of the page, as much of it as fits in MAX_BYTES
                page.screenshot(path=str(target), clip={"x": 0, "y": 0, "width": WIDTH, "height": height},
                                full_page=True)
                size = target.stat().st_size
                if size <= MAX_BYTES or height <= 900:
                    break
                height = max(900, int(height * MAX_BYTES / size * 0.97))
            written.append(target)
            print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}: "
                  f"{WIDTH}x{height}, {target.stat().st_size // 1024} KB")
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", default=os.getenv("KERNFOTO_CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args()
    if not Path(args.chromium).exists():
        raise SystemExit(f"no chromium at {args.chromium} (Debian: apt-get install chromium)")

    tmp = Path(tempfile.mkdtemp(prefix="kernfoto-shots-"))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'shots.sqlite3'}", "KERNFOTO_DEBUG": "false"}
    env.pop("KERNFOTO_ALLOWED_HOSTS", None)
    proc = None
    try:
        print("loading the sample (kernfoto demo)…")
        subprocess.run([*kernfoto_command(), "demo"], cwd=tmp, env=env, check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen([*kernfoto_command(), "serve", "--host", "127.0.0.1", "--port", str(port),
                                 "--workers", "1"], cwd=tmp, env=env, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until_up(base + "/", proc)
        shoot(base, args.out, args.chromium)
    finally:
        if proc is not None:
            stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
