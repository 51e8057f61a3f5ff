"""The batch job on Ray with 2 local workers equals `ingest` of the same input into an empty store."""

import json
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from batch import corpus_lines, differences  # noqa: E402  (benchmarks/batch.py: the corpus and the comparison)

ray = pytest.importorskip("ray")
pq = pytest.importorskip("pyarrow.parquet")

from newsevents import batch, ingest, read  # noqa: E402
from newsevents.errors import InputError  # noqa: E402
from newsevents.store import Store  # noqa: E402

ARTICLES = 240
WORKERS = 2


@pytest.fixture(scope="module")
def engine():
    """One local Ray instance for the module, with a CPU for each of the 2 coders."""
    ray.init(num_cpus=WORKERS, include_dashboard=False, log_to_driver=False, logging_level="WARNING")
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def runs(engine, tmp_path_factory):
    """The corpus in two files (read in name order) through batch, and through ingest into a store."""
    tmp = tmp_path_factory.mktemp("batch")
    lines = corpus_lines(ARTICLES, seed=21)
    data = tmp / "in"
    (data / "later").mkdir(parents=True)
    half = len(lines) // 2
    (data / "a.jsonl").write_text("\n".join(lines[:half]) + "\n", encoding="utf-8")
    (data / "later" / "b.jsonl").write_text("\n".join(lines[half:]) + "\n", encoding="utf-8")
    (data / "notes.txt").write_text("not an article file: skipped\n", encoding="utf-8")

    out = tmp / "out"
    summary = batch.run(str(data), str(out), workers=WORKERS, block_articles=16)

    db = tmp / "ingest.db"
    with Store(str(db)) as store:
        reference = ingest.ingest(read.read_paths([str(data / "a.jsonl"), str(data / "later" / "b.jsonl")]), store)
    return {"data": data, "out": out, "db": db, "summary": summary, "reference": reference, "tmp": tmp}


def _parquet_rows(folder: Path) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.parquet")):
        rows.extend(pq.read_table(path).to_pylist())
    return rows


def _store_rows(db: Path, sql: str) -> list[dict]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(sql)]
    finally:
        con.close()


def _events(rows: list[dict]) -> dict[str, dict]:
    return {r["id"]: {k: v for k, v in r.items() if k not in ("created_at", "updated_at")} for r in rows}


ARTICLE_COLUMNS = ("id", "origin", "status", "error", "story_id", "duplicate_of", "similarity", "event_count")


def _articles(rows: list[dict]) -> dict[str, tuple]:
    return {r["id"]: tuple(r[c] for c in ARTICLE_COLUMNS) for r in rows}


def test_batch_equals_ingest(runs):
    """Every column of every event (mention and source counts, fatalities, the full record with its sources
    in order), every mention, and every article's status, error, story and event count."""
    out, db = runs["out"], runs["db"]
    assert differences(out, db) == []
    events = _events(_parquet_rows(out / "events"))
    assert len(events) > 200 and any(e["mention_count"] > 1 for e in events.values())  # merged across articles
    articles = _articles(_parquet_rows(out / "articles"))
    assert {a[2] for a in articles.values()} == {"coded", "duplicate", "failed"}
    assert any(a[5] and a[2] == "coded" for a in articles.values())  # a near-duplicate joined a story


def test_summary_counts_equal_ingests(runs):
    got, want = runs["summary"], runs["reference"]
    for name in ("read", "new", "duplicate", "near_duplicate", "failed", "events", "merged"):
        assert getattr(got, name) == getattr(want, name), name
    assert sorted(got.failures) == sorted(want.failures)
    assert got.coded_here >= got.new and got.cached == 0
    written = json.loads((runs["out"] / "summary.json").read_text())
    assert written["events"] == got.events and written["workers"] == WORKERS


def test_rerun_skips_what_is_done_and_recodes_what_is_missing(runs):
    out = runs["out"]
    before = _parquet_rows(out / "events")
    again = batch.run(str(runs["data"]), str(out), workers=WORKERS, block_articles=16)
    assert again.coded_here == 0 and again.cached == runs["summary"].coded_here
    assert _parquet_rows(out / "events") == before

    cache = sorted((out / "_coded").glob("*.parquet"))
    cache[0].unlink()  # as if the run had been killed before this block was written
    cache[1].write_bytes(b"damaged")
    resumed = batch.run(str(runs["data"]), str(out), workers=WORKERS, block_articles=16)
    assert 0 < resumed.coded_here < runs["summary"].new
    assert _events(_parquet_rows(out / "events")) == _events(before)


def test_parquet_input_gives_the_same_events(runs):
    """The same articles as Parquet are read row by row as JSON lines are; their codings come from the cache."""
    import pyarrow as pa

    tmp = runs["tmp"]
    rows = []
    for line in (runs["data"] / "a.jsonl").read_text().splitlines():
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            pass  # a Parquet file has no broken lines
    (tmp / "parquet-in").mkdir()
    columns = ("id", "text", "published", "source", "url", "title")
    pq.write_table(pa.table({c: [r.get(c) for r in rows] for c in columns}), tmp / "parquet-in" / "a.parquet")
    (tmp / "jsonl-in").mkdir()
    (tmp / "jsonl-in" / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    summaries = {}
    for name in ("parquet", "jsonl"):
        shutil.copytree(runs["out"] / "_coded", tmp / f"{name}-out" / "_coded")
        summaries[name] = batch.run(str(tmp / f"{name}-in"), str(tmp / f"{name}-out"), workers=WORKERS)
        assert summaries[name].coded_here == 0
    out, jsonl = tmp / "parquet-out", tmp / "jsonl-out"
    assert summaries["parquet"].events == summaries["jsonl"].events > 0
    assert _events(_parquet_rows(out / "events")) == _events(_parquet_rows(jsonl / "events"))
    errors = [a["error"] for a in _parquet_rows(out / "articles") if a["status"] == "failed"]
    assert errors and all("(a.parquet:line " in e for e in errors)  # row numbers count as line numbers


def test_bad_input_output_or_engine_are_named_errors(engine, tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        batch.run(str(tmp_path / "missing"), str(tmp_path / "out"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no .jsonl, .ndjson or .parquet files"):
        batch.run(str(tmp_path / "empty"), str(tmp_path / "out"))
    (tmp_path / "a.jsonl").write_text('{"id": "x", "text": "hello"}\n')
    (tmp_path / "file").write_text("")
    with pytest.raises(InputError, match="is a file"):
        batch.run(str(tmp_path / "a.jsonl"), str(tmp_path / "file"))
    with pytest.raises(batch.EngineError, match="unknown engine"):
        batch.run(str(tmp_path / "a.jsonl"), str(tmp_path / "out"), engine="dask")


def test_an_unreachable_address_fails_in_seconds(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "x", "text": "hello"}\n')
    with pytest.raises(batch.EngineError, match="cannot reach a Ray cluster at 127.0.0.1:9"):
        batch.run(str(tmp_path / "a.jsonl"), str(tmp_path / "out"), address="127.0.0.1:9")


def _coder(window: int, failing_text: str):
    """The real coder, taking `window` articles before it answers (as a larger spaCy batch would), and
    failing on one text as an internal error would."""
    from newsevents import pipeline
    from newsevents.errors import ArticleError

    def code_articles(items):
        waiting = []
        for item in items:
            waiting.append(item)
            if len(waiting) >= window:
                yield from _answers(waiting)
                waiting = []
        yield from _answers(waiting)

    def _answers(articles):
        for article, result in pipeline.code_articles(articles):
            yield article, ArticleError(article.id, "internal error while coding") if article.text == failing_text else result

    return code_articles


def _snapshot(db: Path) -> dict:
    skip = {"rowid", "ingested_at", "created_at", "updated_at"}
    return {table: sorted(json.dumps({k: v for k, v in r.items() if k not in skip}, sort_keys=True, default=str)
                          for r in _store_rows(db, f"SELECT * FROM {table}"))
            for table in ("articles", "events", "mentions")}


def test_ingest_changes_events_in_input_order_whatever_the_coders_batch(tmp_path):
    """What batch relies on: ingest's events do not depend on how many articles wait for the coder, and an
    article the coder fails on stays the original of its copies."""
    lines = corpus_lines(40, seed=5)  # exact copies come three articles after their originals
    failing = json.loads(next(line for line in lines if '"source": "wire"' in line))["text"]  # an original's
    first = json.loads(lines[0])  # then an edited copy that merges into its events, then an exact copy
    lines[1:1] = [json.dumps({**first, "id": "edited", "source": "agency", "text": "UPDATE: " + first["text"] + " More soon."}),
                  json.dumps({**first, "id": "copy", "source": "wire", "url": "https://wire.example/first"})]
    data = tmp_path / "a.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    snapshots = []
    for window in (1, 64):
        db = tmp_path / f"w{window}.db"
        with Store(str(db)) as store:
            ingest.ingest(read.read_paths([str(data)]), store, code_articles=_coder(window, failing))
        snapshots.append(_snapshot(db))
    assert snapshots[0] == snapshots[1]
    rows = _store_rows(tmp_path / "w1.db", "SELECT id, status, duplicate_of, text FROM articles")
    failed = [r for r in rows if r["status"] == "failed" and r["text"] == failing]
    assert len(failed) == 1
    assert [r["status"] for r in rows if r["duplicate_of"] == failed[0]["id"]] == ["duplicate"]


def test_hostile_jsonl_lines_fail_one_by_one_as_they_do_in_ingest(engine, tmp_path):
    """Broken lines, wrong types, implausible dates, bad Unicode, deep nesting, NUL bytes: each is one failed
    article with its reason, the good lines are coded, and the result equals ingest's."""
    from hostile import corpus

    lines = [line for line, _, _ in corpus._jsonl_lines()]
    data = tmp_path / "in"
    data.mkdir()
    (data / "broken.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    summary = batch.run(str(data), str(tmp_path / "out"), workers=WORKERS)
    db = tmp_path / "ingest.db"
    with Store(str(db)) as store:
        reference = ingest.ingest(read.read_paths([str(data / "broken.jsonl")]), store)
    expected_failed = sum(1 for _, _, reason in corpus._jsonl_lines() if reason)
    assert summary.failed == reference.failed == expected_failed
    assert summary.new == reference.new >= 3
    assert sorted(summary.failures) == sorted(reference.failures)
    got = _articles(_parquet_rows(tmp_path / "out" / "articles"))
    want = _articles(_store_rows(db, "SELECT * FROM articles"))
    assert got == want


# -- large files read in pieces ------------------------------------------------------------------------

def _jsonl_bytes() -> bytes:
    """Lines of every awkward kind: long and short, blank, CRLF, broken JSON, no id (named by its line number),
    and a last line without a line break."""
    lines = []
    for n in range(40):
        if n % 7 == 3:
            lines.append(b"")
        elif n % 11 == 5:
            lines.append(b'{"id": "broken-%d", "text": ' % n)
        elif n % 13 == 6:
            lines.append(b'{"text": "no id, line %d"}\r' % n)
        else:
            lines.append(json.dumps({"id": f"a{n}", "text": "word " * (n * n % 37)}).encode())
    return b"\n".join(lines)


def _summary(items) -> list[tuple]:
    return [(type(i).__name__, getattr(i, "id", None) or i.article_id, getattr(i, "reason", None),
             getattr(i, "text", None)) for i in items]


@pytest.mark.parametrize("chunk", [1, 2, 7, 50, 64, 333, 10_000])
def test_a_jsonl_file_read_in_byte_ranges_gives_every_line_once_with_its_number(tmp_path, chunk):
    path = tmp_path / "big.jsonl"
    path.write_bytes(_jsonl_bytes())
    size = path.stat().st_size
    ranges = [(0, str(path), start, min(start + chunk, size)) for start in range(0, size, chunk)]
    counts = [batch._count_lines(url, start, stop) for _, url, start, stop in ranges]
    pieces = list(batch._jsonl_pieces(ranges, counts))
    got = [item for piece in pieces for item in batch._read_piece(piece)]
    whole = list(batch._read_piece(batch._Piece(0, str(path))))
    assert _summary(got) == _summary(whole)
    names = [name for _, name, _, _ in _summary(whole)]
    assert "big.jsonl:33" in names and "big.jsonl:line 28" in names  # line numbers survive the cut


def test_a_parquet_file_read_in_row_groups_numbers_rows_as_a_whole_read(tmp_path):
    import fsspec
    import pyarrow as pa

    rows = [{"id": f"r{n}" if n % 5 else None, "text": f"row {n} " * n} for n in range(23)]
    path = tmp_path / "big.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=4)
    fs, root = fsspec.core.url_to_fs(str(path))
    pieces = batch._parquet_pieces(0, str(path), fs, root, chunk_bytes=1)
    assert len(pieces) == 6 and [p.first for p in pieces] == [1, 5, 9, 13, 17, 21]
    got = [item for piece in pieces for item in batch._read_piece(piece)]
    assert _summary(got) == _summary(batch._read_piece(batch._Piece(0, str(path))))


def test_batch_reading_in_small_pieces_gives_the_same_output(runs):
    """The same input read in 4 KB pieces (many tasks per file) gives the same articles and events."""
    tmp = runs["tmp"]
    out = tmp / "pieces-out"
    shutil.copytree(runs["out"] / "_coded", out / "_coded")
    summary = batch.run(str(runs["data"]), str(out), workers=WORKERS, block_articles=16, chunk_bytes=4096)
    assert summary.coded_here == 0
    assert _events(_parquet_rows(out / "events")) == _events(_parquet_rows(runs["out"] / "events"))
    assert _articles(_parquet_rows(out / "articles")) == _articles(_parquet_rows(runs["out"] / "articles"))


def test_the_stderr_filter_drops_only_rays_known_noise(capfd):
    """Ray's C++ core prints a false actor-restart warning on stderr (ray-project/ray#57733): the batch drops
    that line and passes every other byte through, a progress redraw without its newline too."""
    noise = (b"[2026-01-01 10:00:00,000 E 1 1] core_worker.cc:2465: Actor with class name: 'MapWorker' has "
             b"constructor arguments in the object store and max_restarts > 0. See the issue.\n")
    with batch._StderrFilter(batch.RAY_NOISE):
        os.write(2, b"a line of our own\n" + noise[:40])
        os.write(2, noise[40:] + b"[another] bracketed line\n\rcoded 5 of 9")
    err = capfd.readouterr().err
    assert err == "a line of our own\n[another] bracketed line\n\rcoded 5 of 9"


def test_the_stderr_filter_passes_everything_when_told_to_keep_all(capfd):
    with batch._StderrFilter(()):
        os.write(2, b"[x] has constructor arguments in the object store and max_restarts > 0\n")
    assert "max_restarts" in capfd.readouterr().err
