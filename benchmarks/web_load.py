"""Benchmark: the public web application under load, as it runs in production (gunicorn, gthread).

Loads the bundled sample into a temporary SQLite database (``kernfoto demo``), starts

    gunicorn kernfoto.wsgi:application --workers 2 --threads 4 --worker-class gthread --bind 127.0.0.1:<free port>

waits until it answers, warms every worker's cache, then lets 20 concurrent clients (threads with
keep-alive ``http.client`` connections, loopback only) request the overview of Stichtse Vecht and
the kernfoto page of Maarssen-dorp in turn for 30 s, and prints per page the number of requests,
the p50/p95/max latency (measured at the client, so it includes the client's own overhead) and
the errors; then it stops gunicorn.

    .venv/bin/python benchmarks/web_load.py [--clients 20] [--seconds 30] [--workers 2] [--threads 4] [--app MODULE:APP]

Goal: p95 < 150 ms on both pages and no errors (a 2-core machine).
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

PAGES = {
    "overzicht": ("/gemeente/GM1904/", b"<h1 class=\"utrecht-heading-1\">Stichtse Vecht</h1>"),
    "kernfoto": ("/gemeente/GM1904/maarssen-dorp/", b">Maarssen-dorp</h1>"),
}
GOAL_P95_MS = 150.0
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else name


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    errors: list[str] = field(default_factory=list)


def fetch(conn: http.client.HTTPConnection, path: str, marker: bytes) -> str | None:
    """One GET on a kept-alive connection; None if it is the expected page, else what went wrong."""
    conn.request("GET", path, headers={"Accept": "text/html"})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        return f"HTTP {response.status}"
    if marker not in body:
        return "unexpected content"
    return None


def client(port: int, order: list[str], deadline: float, tallies: dict[str, Tally], lock: threading.Lock) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    n = 0
    while time.perf_counter() < deadline:
        name = order[n % len(order)]
        n += 1
        path, marker = PAGES[name]
        start = time.perf_counter()
        try:
            problem = fetch(conn, path, marker)
        except (OSError, http.client.HTTPException) as exc:
            problem = f"{type(exc).__name__}: {exc}"
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        elapsed = time.perf_counter() - start
        with lock:
            if problem is None:
                tallies[name].latencies.append(elapsed)
            else:
                tallies[name].errors.append(problem)
    conn.close()


def wait_until_up(base: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit code {proc.returncode})")
        try:
            with urllib.request.urlopen(base + "/", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer at {base} within {timeout:.0f} s")


def warm(port: int, concurrency: int) -> None:
    """Computing a gemeente takes a second or two, once per worker process. Requests come in
    rounds of ``concurrency`` (workers x threads) at once per page, so every worker gets some,
    until a whole round answers quickly."""
    def one(path: str) -> float:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        start = time.perf_counter()
        conn.request("GET", path)
        conn.getresponse().read()
        conn.close()
        return time.perf_counter() - start

    with ThreadPoolExecutor(concurrency) as pool:
        for round_ in range(1, 11):
            slowest = {name: max(pool.map(one, [path] * concurrency)) for name, (path, _) in PAGES.items()}
            print(f"  warm-up round {round_}: slowest " + ", ".join(f"{n} {s * 1000:.0f} ms" for n, s in slowest.items()))
            if round_ >= 2 and max(slowest.values()) < 0.5:
                return


def percentile(values: list[float], p: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(p) - 1]


def report(tallies: dict[str, Tally], seconds: float) -> bool:
    met = True
    print(f"\n{'page':<10} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'errors':>6}")
    for name, t in tallies.items():
        if t.latencies:
            ms = [x * 1000 for x in t.latencies]
            p50, p95, top = statistics.median(ms), percentile(ms, 95), max(ms)
        else:
            p50 = p95 = top = float("nan")
        n = len(t.latencies) + len(t.errors)
        print(f"{name:<10} {n:>8} {n / seconds:>7.1f} {p50:>7.1f} {p95:>7.1f} {top:>7.1f} {len(t.errors):>6}")
        if t.errors:
            kinds = {e: t.errors.count(e) for e in set(t.errors)}
            print("           errors: " + "; ".join(f"{k} ({v}x)" for k, v in sorted(kinds.items())))
        met = met and bool(t.latencies) and p95 < GOAL_P95_MS and not t.errors
    return met


def stop(proc: subprocess.Popen) -> None:
    """Stop the gunicorn we started (its own process group: the arbiter and its workers)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description="Load benchmark of the web application under gunicorn.")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--app", default="kernfoto.wsgi:application",
                        help="WSGI application for gunicorn (for experiments; on PYTHONPATH)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (database, gunicorn log)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="kernfoto-load-"))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}", "KERNFOTO_DEBUG": "false"}
    env.pop("KERNFOTO_ALLOWED_HOSTS", None)
    proc = None
    try:
        t = time.perf_counter()
        subprocess.run([tool("kernfoto"), "demo"], cwd=tmp, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"sample loaded into {env['DATABASE_URL']} in {time.perf_counter() - t:.1f} s")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(tmp / "gunicorn.log", "wb")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(
            [tool("gunicorn"), args.app, "--workers", str(args.workers), "--threads",
             str(args.threads), "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}"],
            cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_until_up(base, proc)
        print(f"gunicorn at {base}: {args.workers} workers x {args.threads} threads (gthread); "
              f"{os.cpu_count()} CPUs")
        warm(port, args.workers * args.threads)

        tallies = {name: Tally() for name in PAGES}
        lock = threading.Lock()
        names = list(PAGES)
        print(f"loading with {args.clients} clients for {args.seconds:.0f} s…")
        start = time.perf_counter()
        deadline = start + args.seconds
        threads = [threading.Thread(target=client, args=(port, names[i % 2:] + names[:i % 2], deadline, tallies, lock),
                                    daemon=True) for i in range(args.clients)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(timeout=args.seconds + 30)
        elapsed = time.perf_counter() - start
        met = report(tallies, elapsed)
        print(f"\ngoal (p95 < {GOAL_P95_MS:.0f} ms on each page, no errors): {'met' if met else 'NOT met'}")
    finally:
        if proc is not None:
            stop(proc)
        if args.keep:
            print(f"kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
