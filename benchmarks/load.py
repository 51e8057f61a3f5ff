"""Load on the API, on loopback only: concurrent readers while an ingest writes to the same store.

    python benchmarks/load.py [--seconds 30] [--readers 8] [--max-requests 50000] [--articles 300] [--ingest 600]

Builds a store of --articles synthetic articles, starts `newsevents serve` on 127.0.0.1 (a free port, a
token), then for --seconds (or until --max-requests are made) runs --readers threads that each send a mix of
reads (event pages with filters, one event's detail, stats, article pages, a small export) while
`newsevents ingest` codes --ingest more articles into the same file and one client POSTs small batches
through the API with the token. Prints requests/s, latency percentiles and errors, overall and per kind
of request, and how far the writers got: the figures docs/reliability.md reports. Exit status 1 when a
request failed. tests/test_faults.py runs a few seconds of it in CI.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import synthetic  # noqa: E402

HOST = "127.0.0.1"  # loopback only, whatever the arguments
TOKEN = "load-test-token"
COUNTRIES = ["KEN", "NGA", "SOM", "BGD", "NPL", "PHL", "COD", "NER", "AFG", "IDN", "MMR", "MOZ", "IRQ", "YEM"]
TYPES = ["Protests", "Riots", "Battles", "Violence against civilians", "Explosions/Remote violence",
         "Peaceful protest", "ASSAULT", "PROTEST", "COERCE"]


@dataclass
class Load:
    """Latencies (seconds) and failures of every request, by kind."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    seconds: float = 0.0
    posted: int = 0  # articles stored through POST /api/articles
    ingested: int = 0  # articles the concurrent `newsevents ingest` stored
    articles_before: int = 0

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values()) + sum(len(v) for v in self.errors.values())

    @property
    def error_count(self) -> int:
        return sum(len(v) for v in self.errors.values())

    def row(self, name: str, values: list[float], errors: int) -> str:
        if not values:
            return f"| {name} | 0 | - | - | - | - | {errors} |"
        q = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else [values[0]] * 99
        return (f"| {name} | {len(values) + errors} | {(len(values) + errors) / self.seconds:.1f} | {q[49] * 1000:.0f} | "
                f"{q[98] * 1000:.0f} | {max(values) * 1000:.0f} | {errors} |")

    def table(self) -> str:
        lines = ["| requests | count | per second | p50 ms | p99 ms | max ms | errors |", "|---|---|---|---|---|---|---|"]
        everything = [v for values in self.latencies.values() for v in values]
        lines.append(self.row("all reads and writes", everything, self.error_count))
        for name in sorted(set(self.latencies) | set(self.errors)):
            lines.append(self.row(name, self.latencies[name], len(self.errors[name])))
        return "\n".join(lines)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def write_articles(path: Path, n: int, seed: int) -> None:
    path.write_text("".join(json.dumps(a) + "\n" for a in synthetic.articles(n, seed=seed)), encoding="utf-8")


def stored(db: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)) as con:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]


def _reader(base: str, ids: list[str], stop: threading.Event, load: Load, lock: threading.Lock, seed: int,
            budget: list[int]) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=60) as client:
        while not stop.is_set():
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
                turn = budget[0]
            reads = [
                ("events page", "/api/events", {"limit": 50}),
                ("events by country", "/api/events", {"country": rng.choice(COUNTRIES), "limit": 100}),
                ("events by type and date", "/api/events", {"type": rng.choice(TYPES), "date_from": "2024-04-01"}),
                ("events full text", "/api/events", {"q": rng.choice(["police", "tear gas", "militia", "strike"])}),
                ("event detail", f"/api/events/{rng.choice(ids)}", {}),
                ("stats", "/api/stats", {"country": rng.choice(COUNTRIES)} if rng.random() < 0.5 else {}),
                ("articles page", "/api/articles", {"limit": 100, "status": "coded"}),
                ("export geojson", "/api/export", {"format": "geojson", "country": rng.choice(COUNTRIES)}),
            ]
            # The readers take the kinds of read in turn, so any run of 8 reads makes every kind (a slow machine
            # makes fewer requests, never fewer kinds); what each asks for is random.
            kind, url, params = reads[turn % len(reads)]
            started = time.perf_counter()
            try:
                response = client.get(url, params=params)
                ok = response.status_code == 200
                problem = f"HTTP {response.status_code}: {response.text[:120]}"
            except httpx.HTTPError as exc:
                ok, problem = False, f"{type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - started
            with lock:
                (load.latencies[kind].append(elapsed) if ok else load.errors[kind].append(problem))


def _poster(base: str, stop: threading.Event, load: Load, lock: threading.Lock) -> None:
    """Small batches through the API, with the token, while everything else goes on."""
    batches = iter(synthetic.articles(10_000, seed=99))
    with httpx.Client(base_url=base, timeout=120) as client:
        while not stop.is_set():
            batch = [{k: a[k] for k in ("id", "text", "title", "source", "published")} for a, _ in zip(batches, range(5))]
            started = time.perf_counter()
            try:
                response = client.post("/api/articles", json={"articles": batch},
                                       headers={"Authorization": f"Bearer {TOKEN}"})
                ok = response.status_code == 200
                problem = f"HTTP {response.status_code}: {response.text[:120]}"
            except httpx.HTTPError as exc:
                ok, problem = False, f"{type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    load.latencies["POST 5 articles"].append(elapsed)
                    load.posted += response.json()["summary"]["new"]
                else:
                    load.errors["POST 5 articles"].append(problem)


def run(workdir: Path, seconds: float = 30, readers: int = 8, max_requests: int = 50_000, articles: int = 300,
        ingest: int = 600, post: bool = True, db: Path | None = None, log=print) -> Load:
    """Build the store (or load `db`, which the writers then add to), serve it, load it; returns what the
    readers and writers saw."""
    env = {**os.environ, "NEWSEVENTS_TOKEN": TOKEN}
    more = workdir / "more.jsonl"
    write_articles(more, ingest, seed=4)
    if db is None:
        db, first = workdir / "load.db", workdir / "first.jsonl"
        write_articles(first, articles, seed=3)
        log(f"building a store of {articles} articles ...")
        subprocess.run([sys.executable, "-m", "newsevents", "ingest", str(first), "--db", str(db)], env=env, check=True,
                       capture_output=True, timeout=3600)
    with contextlib.closing(sqlite3.connect(db)) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM events ORDER BY random() LIMIT 500")]
    port = free_port()
    base = f"http://{HOST}:{port}"
    server_log = open(workdir / "serve.log", "wb")
    server = subprocess.Popen([sys.executable, "-m", "newsevents", "serve", "--db", str(db), "--port", str(port)],
                              env=env, stdout=server_log, stderr=subprocess.STDOUT)
    writer = None
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + "/api/stats", timeout=5).status_code == 200:
                    break
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: {(workdir / 'serve.log').read_text()}")
            time.sleep(0.2)
        load = Load(articles_before=stored(db))
        log(f"loading {base} for {seconds:g} s: {readers} readers, an ingest of {ingest} articles"
            f"{', and POSTs of 5 articles' if post else ''} ...")
        writer = subprocess.Popen([sys.executable, "-m", "newsevents", "ingest", str(more), "--db", str(db)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        stop, lock, budget = threading.Event(), threading.Lock(), [max_requests]
        threads = [threading.Thread(target=_reader, args=(base, ids, stop, load, lock, n, budget)) for n in range(readers)]
        if post:
            threads.append(threading.Thread(target=_poster, args=(base, stop, load, lock)))
        started = time.monotonic()
        for t in threads:
            t.start()
        while time.monotonic() - started < seconds and budget[0] > 0:
            time.sleep(0.1)
        stop.set()
        load.seconds = time.monotonic() - started  # requests in flight now finish, and count, after it
        for t in threads:
            t.join(timeout=180)
        load.ingested = stored(db) - load.articles_before - load.posted
        return load
    finally:
        if writer is not None and writer.poll() is None:
            writer.send_signal(signal.SIGINT)  # an interrupted ingest keeps what it committed
            writer.wait(timeout=60)
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server_log.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--articles", type=int, default=300, help="articles in the store before the load")
    parser.add_argument("--ingest", type=int, default=600, help="articles `newsevents ingest` codes during the load")
    parser.add_argument("--no-post", dest="post", action="store_false", help="no POSTs through the API")
    parser.add_argument("--workdir", help="where the store goes (default: a temporary folder)")
    args = parser.parse_args()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="newsevents-load-"))
    workdir.mkdir(parents=True, exist_ok=True)
    load = run(workdir, args.seconds, args.readers, args.max_requests, args.articles, args.ingest, args.post,
               log=lambda m: print(m, file=sys.stderr))
    print(f"# API load on loopback, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs, {args.readers} reader threads, "
          f"{load.seconds:.0f} s, store of {load.articles_before} articles")
    print(load.table())
    print(f"\nwhile it ran: `newsevents ingest` stored {load.ingested} articles and POST /api/articles {load.posted}; "
          f"{load.error_count} requests failed")
    for kind, problems in load.errors.items():
        for problem in problems[:3]:
            print(f"  {kind}: {problem}")
    return 1 if load.error_count else 0


if __name__ == "__main__":
    sys.exit(main())
