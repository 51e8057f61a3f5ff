"""The batch job on a cluster: articles in (JSONL or Parquet, local or any fsspec URL), Parquet out, on Ray Data.

The output equals what `ingest` of the same input (files sorted by name, then line) into an empty store
holds, because every decision is taken the way ingest takes it, in the same order:

1. read (distributed, one task per input file, or per piece of a large one): each item is parsed as
   `newsevents code` parses it, and
   fingerprinted with `ingest.identify` (stored key, text hash);
2. triage (driver, fingerprints only): a failed item, the same key again, an exact copy of an earlier
   text, or an article to code;
3. code (distributed: Ray Data actors, each loading the pipeline once): the articles to code, in blocks;
   each block's results (records as JSON, MinHash signature) go to OUTPUT/_coded/ as soon as it is done,
   so a rerun codes only what is missing;
4. stories (driver): each coded article joins the story of its most similar earlier one, as ingest does;
5. dedupe (distributed, one group per country, unplaced events as one more): Ray tasks sort each coded
   block's operations by group, then one task per group, the largest first, replays the group's events and
   exact copies in input order through `ingest.EventMerger` on an in-memory store. A
   stored event is a candidate only for events of its own country, so each country alone gives what
   the whole sequence gives;
6. write: OUTPUT/events/<ISO3>.parquet and OUTPUT/mentions/<ISO3>.parquet (the store's `events` and
   `mentions` tables), OUTPUT/articles/part-00000.parquet (one row per article: status, error, story),
   and OUTPUT/summary.json last.

docs/cluster.md says how to run it on a real cluster.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import functools
import hashlib
import importlib.metadata
import json
import logging
import math
import os
import re
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Iterable, Iterator

from newsevents import dedupe, read, settings
from newsevents.errors import ArticleError, InputError, NewsEventsError
from newsevents.ingest import EventMerger, IngestSummary, better_story, identify
from newsevents.records import Article, EventRecord
from newsevents.store import Store

logger = logging.getLogger(__name__)

__all__ = ["run", "BatchSummary", "EngineError", "ENGINES", "INPUT_SUFFIXES"]

ENGINES = ("ray",)
INPUT_SUFFIXES = (".jsonl", ".ndjson", ".parquet")
BLOCK_ARTICLES = 64  # articles a coder takes at a time: one cache file each, and the unit of load balance
READ_CHUNK_BYTES = 64 << 20  # a larger input file is read by several tasks (JSONL: byte ranges; Parquet: row groups)
UNPLACED = "_unplaced"  # the dedupe group (and file name) of events that could not be placed in a country
ARTICLES_PER_FILE = 1_000_000
CONNECT_TIMEOUT_S = 5.0
# Ray's C++ core prints this on every actor pool, wrongly for Ray Data's own actors (ray-project/ray#57733, open in
# Ray 2.60): a batch drops the line from its stderr unless -vv asks for everything.
RAY_NOISE = (b"has constructor arguments in the object store and max_restarts > 0",)


class EngineError(NewsEventsError):
    """The distributed engine cannot be started or reached."""


@dataclass
class BatchSummary(IngestSummary):
    """What one batch run did: ingest's counts, and where the time went."""

    coded_here: int = 0  # articles coded in this run
    cached: int = 0  # articles whose coding an earlier run left in OUTPUT/_coded
    workers: int = 0
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage: read, code, dedupe, write
    output: str = ""

    def line(self) -> str:
        return (f"{super().line()}; coded {self.coded_here} here, {self.cached} from an earlier run, "
                f"{self.workers} workers, {self.seconds:.1f} s")


def run(input: str, output: str, *, engine: str = "ray", address: str | None = None, workers: int | None = None,
        published: dt.date | None = None, source: str | None = None, block_articles: int = BLOCK_ARTICLES,
        fast: bool | None = None, progress=None, chunk_bytes: int = READ_CHUNK_BYTES) -> BatchSummary:
    """Code and dedupe every article under INPUT into OUTPUT on a distributed engine; returns what was done.

    `input`: a folder (read recursively), a file or a glob of .jsonl/.ndjson/.parquet articles, local or an
    fsspec URL (s3://, gs://, ...). `output`: a folder, local or URL. `address`: a running Ray cluster
    ("auto", "HOST:PORT" or "ray://HOST:PORT"); without it a local one is started with `workers` coders
    (default: the machine's cores). `published`/`source` apply to articles that carry none, as for ingest.
    `fast`: the workers code with the fast path (newsevents.prefilter; None: as the `fast` setting says).
    `progress` gets `update(summary)` and `failure(message)` calls (newsevents.progress.Progress). A file larger
    than `chunk_bytes` is read in pieces of about that size, by as many tasks.
    Raises InputError when INPUT cannot be read or OUTPUT written, EngineError when Ray cannot be started
    or reached, or the job fails on it; a failed article is a row of OUTPUT/articles, never an exception.
    """
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}: use --engine ray (Dask is not supported; docs/cluster.md says why)")
    if block_articles < 1 or chunk_bytes < 1:
        raise ValueError(f"block_articles and chunk_bytes must be at least 1, not {block_articles} and {chunk_bytes}")
    started = time.perf_counter()
    files = _input_files(input)
    out = _Output(output)
    summary = BatchSummary(output=output)
    with _ray(address, workers, fast) as ray_workers:
        summary.workers = ray_workers
        job = _Job(files, out, summary, progress, published, source, block_articles, ray_workers, chunk_bytes)
        try:
            with _StderrFilter(() if logger.isEnabledFor(logging.DEBUG) else RAY_NOISE):
                job.run()
        except Exception as exc:
            import ray.exceptions

            if not isinstance(exc, ray.exceptions.RayError):
                raise
            lines = [line for line in str(exc).splitlines() if line.strip()]
            raise EngineError(f"the job failed on the cluster: {lines[-1] if lines else type(exc).__name__} "
                              "(run again: what was coded is kept)") from exc
    summary.seconds = time.perf_counter() - started
    out.write_json("summary.json", {**{k: v for k, v in dataclasses.asdict(summary).items() if k != "failures"},
                                    "input": input, "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")})
    return summary


# -- input and output ------------------------------------------------------------------------------

def _input_files(input: str) -> list[str]:
    """The article files INPUT names, as fsspec URLs, in reading order (sorted by path, name by name)."""
    import fsspec

    try:
        fs, path = fsspec.core.url_to_fs(input)
    except (ImportError, ValueError) as exc:
        raise InputError(f"cannot read {input}: {exc}") from None
    try:
        if fs.isdir(path):
            root = path.rstrip("/")
            found = [p for p in fs.find(root) if not any(part.startswith(".") for part in _relative(p, root))]
        elif any(c in path for c in "*?["):
            root = ""
            found = fs.glob(path)
        elif fs.isfile(path):
            root, found = "", [path]
        else:
            raise InputError(f"no such file or folder: {input}")
    except OSError as exc:
        raise InputError(f"cannot list {input}: {exc}") from None
    files = [p for p in found if PurePosixPath(p).suffix.lower() in INPUT_SUFFIXES]
    if not files:
        raise InputError(f"no .jsonl, .ndjson or .parquet files in {input}")
    files.sort(key=lambda p: _relative(p, root))
    return [fs.unstrip_protocol(p) for p in files]


def _relative(path: str, root: str) -> tuple[str, ...]:
    parts = PurePosixPath(path).parts
    return parts[len(PurePosixPath(root).parts):] if root else parts


class _Output:
    """OUTPUT, on any fsspec file system; every file is written under a temporary name and then moved."""

    def __init__(self, url: str):
        import fsspec

        self.url = url.rstrip("/")
        try:
            self.fs, self.root = fsspec.core.url_to_fs(self.url)
            if self.fs.isfile(self.root):
                raise InputError(f"OUTPUT {url} is a file: name a folder")
            for sub in ("_coded", "events", "mentions", "articles"):
                self.fs.makedirs(f"{self.root}/{sub}", exist_ok=True)
            probe = f"{self.root}/.write-test"
            with self.fs.open(probe, "wb") as fh:
                fh.write(b"ok")
            self.fs.rm(probe)
            if self.fs.exists(self.path("summary.json")):  # written last: its absence says a run is unfinished
                self.fs.rm(self.path("summary.json"))
        except (OSError, ValueError, ImportError) as exc:
            raise InputError(f"cannot write to OUTPUT {url}: {exc}") from None

    def path(self, name: str) -> str:
        return f"{self.root}/{name}"

    def files(self, sub: str) -> list[str]:
        return sorted(p for p in self.fs.find(self.path(sub)) if PurePosixPath(p).suffix == ".parquet"
                      and not PurePosixPath(p).name.startswith("."))

    def clear(self, sub: str) -> None:
        for p in self.files(sub):
            self.fs.rm(p)

    def write_json(self, name: str, value: Any) -> None:
        _put(self.fs, self.path(name), json.dumps(value, indent=1, default=str).encode("utf-8"))


def _put(fs, path: str, data: bytes) -> None:
    """Write a whole file under a hidden temporary name, then move it in place: readers never see half a file."""
    parent, name = path.rsplit("/", 1)
    temporary = f"{parent}/.{name}.{os.getpid()}.tmp"
    with fs.open(temporary, "wb") as fh:
        fh.write(data)
    fs.mv(temporary, path)


def _parquet_bytes(table) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return sink.getvalue().to_pybytes()


# -- the engine ------------------------------------------------------------------------------------

class _ray:
    """Connect to a running Ray cluster, or start (and afterwards stop) a local one; yields the coder count."""

    def __init__(self, address: str | None, workers: int | None, fast: bool | None = None):
        self.address, self.workers, self.fast, self.started = address, workers, fast, False
        self.saved: dict[str, Any] = {}

    def __enter__(self) -> int:
        try:
            import ray
        except ImportError:
            raise EngineError("Ray is not installed: pip install 'ray[data]==2.60.0'") from None
        if self.address:
            _check_reachable(self.address)
        if not ray.is_initialized():
            kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                      "logging_level": logging.WARNING}
            if not self.address:
                kwargs["num_cpus"] = self.workers or os.cpu_count() or 1
            # Workers read the same settings as this process, on a remote cluster too (never the API token).
            env = {k: v for k, v in os.environ.items() if k.startswith("NEWSEVENTS_") and k != "NEWSEVENTS_TOKEN"}
            if self.fast is not None:
                env["NEWSEVENTS_FAST"] = "1" if self.fast else "0"
            if env:
                kwargs["runtime_env"] = {"env_vars": env}
            if not logger.isEnabledFor(logging.DEBUG):
                # Ray notes its own defaults on stderr ("token authentication is enabled"); failures still reach
                # the job as exceptions. (Its C++ core's note on actor restarts is printed regardless.)
                kwargs["logging_level"] = logging.ERROR
            try:
                ray.init(address=self.address, **kwargs)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise EngineError(f"cannot start Ray{' at ' + self.address if self.address else ''}: {exc}") from None
            self.started = True
        self.saved = _configure_ray_data()
        return self.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))

    def __exit__(self, *exc: object) -> None:
        from ray.data import DataContext

        context = DataContext.get_current()
        for name, value in self.saved.items():
            setattr(context, name, value)
        if self.started:
            import ray

            ray.shutdown()


class _StderrFilter:
    """Drop the lines of this process's stderr (file descriptor 2, where Ray's C++ core writes) that hold one of
    `drop`; everything else passes at once, partial lines (progress redraws) too. Worker processes that Ray
    started before are not affected: they keep the stderr they inherited."""

    def __init__(self, drop: tuple[bytes, ...]):
        self.drop = drop
        self.saved: int | None = None

    def __enter__(self) -> "_StderrFilter":
        if not self.drop:
            return self
        try:
            sys.stderr.flush()
            self.saved = os.dup(2)
            read_end, write_end = os.pipe()
            os.dup2(write_end, 2)
            os.close(write_end)
        except OSError:  # no usable stderr (a daemon): nothing to filter
            self.saved = None
            return self
        self.thread = threading.Thread(target=self._forward, args=(read_end,), name="stderr-filter", daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.saved is None:
            return
        sys.stderr.flush()
        os.dup2(self.saved, 2)  # closes the pipe's last write end: the thread reads its end and stops
        self.thread.join(timeout=5)
        os.close(self.saved)

    def _forward(self, read_end: int) -> None:
        pending = b""
        with os.fdopen(read_end, "rb", buffering=0) as pipe:
            while chunk := pipe.read(65536):
                *lines, pending = (pending + chunk).split(b"\n")
                kept = b"".join(line + b"\n" for line in lines if not any(d in line for d in self.drop))
                if pending and not pending.startswith(b"["):  # Ray's lines start "[date ...": wait for their end
                    kept, pending = kept + pending, b""
                self._write(kept)
            self._write(pending)

    def _write(self, data: bytes) -> None:
        try:
            while data:
                data = data[os.write(self.saved, data):]
        except (OSError, TypeError):  # the real stderr is gone (closed terminal, or the filter ended)
            pass


def _check_reachable(address: str) -> None:
    """Fail in seconds, with one line, on an address nobody listens on (Ray itself retries for minutes)."""
    if address == "auto":
        return
    hostport = address.split("://", 1)[-1].rstrip("/")
    host, _, port = hostport.rpartition(":")
    if not host or not port.isdigit():
        raise EngineError(f"bad --address {address!r}: use HOST:PORT, ray://HOST:PORT or auto")
    try:
        with socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT_S):
            pass
    except OSError as exc:
        raise EngineError(f"cannot reach a Ray cluster at {address}: {exc.strerror or exc} "
                          "(is the head node up? 'ray start --head' starts one)") from None


def _configure_ray_data() -> dict[str, Any]:
    """Quiet Ray Data (the job reports through `progress`). Returns the settings it replaced."""
    from ray.data import DataContext

    context = DataContext.get_current()
    wanted = {"enable_progress_bars": False, "print_on_execution_start": False, "enable_auto_log_stats": False}
    saved = {name: getattr(context, name) for name in wanted}
    for name, value in wanted.items():
        setattr(context, name, value)
    if not logger.isEnabledFor(logging.DEBUG):
        logging.getLogger("ray.data").setLevel(logging.ERROR)
    return saved


# -- stage 1: read ---------------------------------------------------------------------------------

def _item_schema():
    import pyarrow as pa

    return pa.schema([
        ("file", pa.int32()), ("seq", pa.int64()), ("origin", pa.string()), ("failed", pa.bool_()),
        ("error", pa.string()), ("key", pa.string()), ("content_hash", pa.string()), ("coding_key", pa.string()),
        ("text", pa.string()), ("title", pa.string()), ("source", pa.string()), ("url", pa.string()),
        ("published", pa.string()), ("language", pa.string()),
    ])


@dataclass(frozen=True)
class _Piece:
    """One read task's share of an input file: a byte range of a JSONL file (lines that start in it), a run of
    row groups of a Parquet file, or (`stop` None) the whole file. `first` is the number of its first line or row."""

    rank: int
    url: str
    number: int = 0  # its place among the file's pieces
    start: int = 0
    stop: int | None = None
    first: int = 1


def _pieces(files: list[str], chunk_bytes: int) -> list[_Piece]:
    """The read tasks: a file larger than `chunk_bytes` is cut into pieces of about that size, so one huge file
    is read by many workers; smaller files are read whole. A JSONL file's lines are counted first, piece by piece
    in parallel, so that every line keeps its number (ids of articles without one, and error messages, name it)."""
    import fsspec
    import ray

    pieces: list[_Piece] = []
    ranges: list[tuple[int, str, int, int]] = []  # JSONL byte ranges to count lines in: (rank, url, start, stop)
    for rank, url in enumerate(files):
        try:
            fs, path = fsspec.core.url_to_fs(url)
            size = fs.size(path)
            if size is None or size <= chunk_bytes:
                pieces.append(_Piece(rank, url))
            elif url.lower().endswith(".parquet"):
                pieces.extend(_parquet_pieces(rank, url, fs, path, chunk_bytes))
            else:
                ranges.extend((rank, url, start, min(start + chunk_bytes, size)) for start in range(0, size, chunk_bytes))
        except (OSError, ValueError) as exc:  # read whole: the read task reports the file as unreadable
            logger.debug("cannot size %s (%s): read whole", url, exc)
            pieces.append(_Piece(rank, url))
    if ranges:
        count = ray.remote(_count_lines)
        pieces.extend(_jsonl_pieces(ranges, ray.get([count.remote(url, start, stop) for _, url, start, stop in ranges])))
    pieces.sort(key=lambda p: (p.rank, p.number))
    return pieces


def _jsonl_pieces(ranges: list[tuple[int, str, int, int]], counts: list[int]) -> Iterator[_Piece]:
    """The pieces of JSONL byte ranges (rank, url, start, stop; a file's in order), numbered from the line breaks
    _count_lines found in each."""
    lines_before: dict[int, int] = {}
    numbers: dict[int, int] = {}
    for (rank, url, start, stop), n in zip(ranges, counts, strict=True):
        before, number = lines_before.get(rank, 0), numbers.get(rank, 0)
        # The piece's first line starts after the first line break at or after start - 1 (at 0 for the first).
        yield _Piece(rank, url, number, start, stop, first=1 if start == 0 else before + 2)
        lines_before[rank], numbers[rank] = before + n, number + 1


def _parquet_pieces(rank: int, url: str, fs, path: str, chunk_bytes: int) -> list[_Piece]:
    """Runs of whole row groups of about `chunk_bytes` (compressed) each."""
    import pyarrow.parquet as pq

    with fs.open(path, "rb") as fh:
        meta = pq.ParquetFile(fh).metadata
    pieces: list[_Piece] = []
    start = rows = size = 0
    for group in range(meta.num_row_groups):
        size += meta.row_group(group).total_byte_size
        if size >= chunk_bytes or group == meta.num_row_groups - 1:
            pieces.append(_Piece(rank, url, len(pieces), start, group + 1, first=rows + 1))
            rows += sum(meta.row_group(g).num_rows for g in range(start, group + 1))
            start, size = group + 1, 0
    return pieces or [_Piece(rank, url)]


def _count_lines(url: str, start: int, stop: int) -> int:
    """Line breaks in bytes [start - 1, stop - 1) of a file (from 0 for the first range): summed over the ranges
    before a piece, the number of lines that start before it."""
    import fsspec

    begin = max(start - 1, 0)
    with fsspec.open(url, "rb") as fh:
        fh.seek(begin)
        remaining, found = stop - 1 - begin, 0
        while remaining > 0:
            data = fh.read(min(remaining, 1 << 22))
            if not data:
                break
            found += data.count(b"\n")
            remaining -= len(data)
    return found


def _read_files(batch, published: str | None, source: str | None):
    """The items of the file pieces in `batch` (the fields of _Piece as columns): one row each, parsed as `code`
    parses them."""
    import pyarrow as pa

    rows: list[dict[str, Any]] = []
    default_date = dt.date.fromisoformat(published) if published else None
    for values in batch.to_pylist():
        piece = _Piece(**values)
        for n, item in enumerate(_read_piece(piece)):
            rows.append(_item_row(piece.rank, (piece.number << 32) + n, item, default_date, source))
    return pa.Table.from_pylist(rows, schema=_item_schema())


def _read_piece(piece: _Piece) -> Iterator[Article | ArticleError]:
    import fsspec

    url = piece.url
    name = PurePosixPath(url.split("://", 1)[-1]).name
    try:
        if name.lower().endswith(".parquet"):
            import pyarrow.parquet as pq

            with fsspec.open(url, "rb") as fh:
                if piece.stop is None:
                    table = pq.read_table(fh)
                else:
                    table = pq.ParquetFile(fh).read_row_groups(list(range(piece.start, piece.stop)))
            # A row is read as the JSON line it would be, so ids, checks and messages are those of JSONL.
            lines = (json.dumps(row, default=str, ensure_ascii=False) for row in table.to_pylist())
            yield from read.read_jsonl_lines(lines, name, first=piece.first)
        else:
            with fsspec.open(url, "rb") as fh:
                lines = fh if piece.stop is None else _lines_starting_in(fh, piece.start, piece.stop)
                yield from read.read_jsonl_lines(lines, name, first=piece.first)
    except (OSError, ValueError) as exc:
        yield ArticleError(name, f"cannot read file: {exc}")


def _lines_starting_in(fh, start: int, stop: int) -> Iterator[bytes]:
    """The lines of a binary file whose first byte lies in [start, stop), whole (the last may run past stop)."""
    position = max(start - 1, 0)
    fh.seek(position)
    if start > 0:
        position += len(fh.readline())  # the end of the line that holds byte start - 1: the piece before reads it
    while position < stop:
        line = fh.readline()
        if not line:
            return
        position += len(line)
        yield line


def _item_row(rank: int, seq: int, item: Article | ArticleError, published: dt.date | None, source: str | None) -> dict[str, Any]:
    key, text_hash = identify(item)
    if isinstance(item, ArticleError):
        article = item.article if isinstance(item.article, Article) else Article(id=item.article_id, text="")
        row = {"origin": item.article_id, "failed": True, "error": item.reason}
    else:
        article = item
        if article.published is None:
            article.published = published
        if article.source is None:
            article.source = source
        row = {"origin": article.id, "failed": False, "text": article.text, "coding_key": _coding_key(key, article)}
    row = {**row, "file": rank, "seq": seq, "key": key, "content_hash": text_hash, "title": article.title,
           "source": article.source, "url": article.url, "language": article.language,
           "published": article.published.isoformat() if article.published else None}
    return {k: _storable(v) if isinstance(v, str) else v for k, v in row.items()}


_SURROGATE = re.compile("[\ud800-\udfff]")


def _storable(value: str) -> str:
    """Lone surrogates (a name in a foreign encoding, a "\\ud800" in JSON) as \\udXXX escapes, as the store
    writes them: Arrow, like SQLite, cannot encode them."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", value) if _SURROGATE.search(value) else value


def _coding_key(key: str, article: Article) -> str:
    """What a coding depends on: the text and URL (the key), the metadata the coder reads, and the coder's version."""
    parts = [key, article.published.isoformat() if article.published else "", article.source or "", article.title or "",
             article.language or "", _coder_version()]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]


@functools.cache
def _coder_version() -> str:
    try:
        version = importlib.metadata.version("newsevents")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    fast = ", fast path" if settings.get_bool("fast") else ""
    return f"newsevents {version}, {settings.get('spacy_model')}{fast}"


# -- stage 2: triage -------------------------------------------------------------------------------

@dataclass
class _Item:
    """One input item after triage, in input order."""

    order: int
    position: tuple[int, int]  # (file rank, the item's place in the file: piece number << 32, then item number)
    origin: str
    key: str
    status: str  # coded, duplicate (an exact copy), failed, or "" (the same key again: no row of its own)
    content_hash: str | None
    coding_key: str | None
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    error: str | None = None
    coder: bool = False  # sent to the coder (then coded, or failed there)
    original: int | None = None  # for a copy: the order of the article it copies
    story_id: str | None = None  # the story it joins (the row of an article that failed shows its own key)
    duplicate_of: str | None = None
    similarity: float | None = None
    event_count: int = 0
    copies: list[int] = field(default_factory=list)


def _triage(rows: Iterable[dict[str, Any]], summary: BatchSummary) -> list[_Item]:
    """Ingest's triage over fingerprints in input order: failed, the same key again, an exact copy, or to code."""
    items: list[_Item] = []
    seen: set[str] = set()
    originals: dict[str, int] = {}  # text hash -> the first article with it that went to the coder
    for order, row in enumerate(rows):
        summary.read += 1
        item = _Item(order, (row["file"], row["seq"]), row["origin"], row["key"], "", row["content_hash"],
                     row["coding_key"], row["title"], row["source"], row["url"], row["published"], error=row["error"])
        items.append(item)
        if item.key in seen:
            summary.duplicate += 1
            continue
        seen.add(item.key)
        if row["failed"]:
            item.status = "failed"
        elif item.content_hash in originals:
            item.status, item.original, item.similarity = "duplicate", originals[item.content_hash], 1.0
            items[item.original].copies.append(order)
            summary.duplicate += 1
        else:
            item.status, item.coder = "coded", True  # until the coder says otherwise
            originals[item.content_hash] = order  # type: ignore[index]
    return items


# -- stage 3: code ---------------------------------------------------------------------------------

def _coded_schema():
    import pyarrow as pa

    return pa.schema([
        ("coding_key", pa.string()), ("block", pa.string()), ("key", pa.string()), ("status", pa.string()),
        ("error", pa.string()), ("event_count", pa.int32()), ("records", pa.string()),
        ("signature", pa.binary()), ("lsh_keys", pa.list_(pa.int64())),
    ])


class _Coder:
    """A Ray Data actor: loads the pipeline once, codes a block of articles, writes the block to the cache."""

    cache_url = ""  # set on a subclass made per run (constructor arguments would sit in the object store)

    def __init__(self):
        import fsspec

        from newsevents import nlp

        nlp.load()
        self.fs, self.cache = fsspec.core.url_to_fs(self.cache_url)

    def __call__(self, batch):
        import pyarrow as pa

        from newsevents.prefilter import coder

        code_articles = coder()
        rows = batch.to_pylist()
        articles = [Article(id=r["key"], text=r["text"], title=r["title"], source=r["source"], url=r["url"],
                            language=r["language"],
                            published=dt.date.fromisoformat(r["published"]) if r["published"] else None)
                    for r in rows]
        results = {a.id: result for a, result in code_articles(articles) if a is not None}
        block = hashlib.sha1("".join(r["coding_key"] for r in rows).encode("utf-8")).hexdigest()[:20]
        out = []
        for row, article in zip(rows, articles):
            result = results.get(article.id, ArticleError(article.id, "internal error: the coder returned nothing"))
            signature = dedupe.signature(article.text)
            failed = isinstance(result, ArticleError)
            out.append({
                "coding_key": row["coding_key"], "block": block, "key": row["key"],
                "status": "failed" if failed else "coded", "error": result.reason if failed else None,
                "event_count": 0 if failed else len(result),
                "records": None if failed else json.dumps([r.to_dict() for r in result], ensure_ascii=False),
                "signature": dedupe.signature_bytes(signature), "lsh_keys": dedupe.lsh_keys(signature),
            })
        table = pa.Table.from_pylist(out, schema=_coded_schema())
        _put(self.fs, f"{self.cache}/{block}.parquet", _parquet_bytes(table))
        return table.select(["coding_key", "status"])


def _select(batch, wanted):
    """The rows at the wanted input positions (file rank, item number): the same article twice is coded once."""
    import pyarrow as pa

    import ray

    positions = _resolve(wanted, ray)
    mask = [(f, n) in positions for f, n in zip(batch["file"].to_pylist(), batch["seq"].to_pylist())]
    return batch.filter(pa.array(mask, type=pa.bool_()))


_RESOLVED: dict[Any, Any] = {}


def _resolve(ref, ray):
    """An object broadcast to the workers, fetched once per process."""
    if not isinstance(ref, ray.ObjectRef):
        return ref
    if ref not in _RESOLVED:
        _RESOLVED.clear()
        _RESOLVED[ref] = ray.get(ref)
    return _RESOLVED[ref]


def _scan_cache(out: _Output, columns: list[str], wanted: set[str]) -> dict[str, dict[str, Any]]:
    """The cached codings of `wanted` articles, by coding key (the first file wins; unreadable files are skipped)."""
    import pyarrow.parquet as pq

    def load(path: str):
        try:
            with out.fs.open(path, "rb") as fh:
                return pq.read_table(fh, columns=["coding_key", "block", *columns]).to_pylist()
        except Exception as exc:  # a damaged cache file only costs its articles' coding again
            logger.warning("ignoring unreadable cache file %s: %s", path, exc)
            return []

    found: dict[str, dict[str, Any]] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        for rows in pool.map(load, out.files("_coded")):
            for row in rows:
                if row["coding_key"] in wanted:
                    found.setdefault(row["coding_key"], row)
    return found


# -- stage 4: stories ------------------------------------------------------------------------------

def _stories(items: list[_Item], coded: dict[str, dict[str, Any]]) -> None:
    """Each article sent to the coder joins the story of its most similar earlier one (MinHash LSH), as ingest does."""
    by_band: dict[int, list[_Item]] = {}
    signatures: dict[int, Any] = {}
    for item in items:
        if not item.coder:
            continue
        row = coded[item.coding_key]  # type: ignore[index]
        signature = dedupe.signature_from_bytes(row["signature"])
        signatures[item.order] = signature
        best = None
        seen: set[int] = set()
        for band in row["lsh_keys"]:
            for other in by_band.get(band, ()):
                if other.order not in seen:
                    seen.add(other.order)
                    best = better_story(best, dedupe.similarity(signature, signatures[other.order]), other.key,
                                        other.story_id)  # type: ignore[arg-type]
        item.story_id = item.key
        if best is not None:  # a failed article's row shows none of it, but its copies join the story
            item.similarity, item.duplicate_of, item.story_id = best
        for band in row["lsh_keys"]:
            by_band.setdefault(band, []).append(item)
    for item in items:
        if item.status == "duplicate":
            original = items[item.original]  # type: ignore[index]
            item.story_id, item.duplicate_of = original.story_id, original.key


# -- stage 5: dedupe -------------------------------------------------------------------------------

def _op_schema():
    import pyarrow as pa

    return pa.schema([
        ("group", pa.string()), ("order", pa.int64()), ("sub", pa.int32()), ("kind", pa.string()),
        ("key", pa.string()), ("original", pa.string()), ("article", pa.string()), ("records", pa.string()),
    ])


def _block_ops(path: str, plan_ref, cache: str):
    """One coded block's merge operations, sorted by country group: each coded article's events in a group, then
    its exact copies. Returns the rows each group has, and the table (a Ray task with two results)."""
    import fsspec
    import pyarrow as pa
    import pyarrow.parquet as pq

    import ray

    plan = _resolve(plan_ref[0], ray)
    fs, _ = fsspec.core.url_to_fs(cache)
    out: list[dict[str, Any]] = []
    with fs.open(path, "rb") as fh:
        rows = pq.read_table(fh, columns=["coding_key", "block", "status", "records"]).to_pylist()
    for row in rows:
        entry = plan.get(row["coding_key"])
        if entry is None or entry["block"] != row["block"] or row["status"] != "coded":
            continue
        groups: dict[str, list[dict[str, Any]]] = {}
        for record in json.loads(row["records"]):
            location = record.get("location") or {}
            groups.setdefault(location.get("iso3") or UNPLACED, []).append(record)
        for group, records in groups.items():
            out.append({"group": group, "order": entry["order"], "sub": 0, "kind": "coded", "key": entry["key"],
                        "article": entry["article"], "records": json.dumps(records, ensure_ascii=False)})
            for n, (order, key, article) in enumerate(entry["copies"], start=1):
                out.append({"group": group, "order": order, "sub": n, "kind": "copy", "key": key,
                            "original": entry["key"], "article": article})
    out.sort(key=lambda r: r["group"])
    sizes: dict[str, int] = {}
    for r in out:
        sizes[r["group"]] = sizes.get(r["group"], 0) + 1
    return sizes, pa.Table.from_pylist(out, schema=_op_schema())


def _replay_group(pieces: list, output: str):
    """A country group's rows, gathered from the blocks' sorted tables ([(table ref, offset, rows)]), replayed."""
    import pyarrow as pa

    import ray

    tables = ray.get([ref for ref, _, _ in pieces])
    return _replay(pa.concat_tables([t.slice(offset, n) for t, (_, offset, n) in zip(tables, pieces)]), output)


def _result_schema():
    import pyarrow as pa

    return pa.schema([("group", pa.string()), ("key", pa.string()), ("events", pa.int64()), ("merged", pa.int64())])


def _replay(ops, output: str):
    """One country's merge operations in input order through ingest's EventMerger; writes its events and mentions."""
    import fsspec
    import pyarrow as pa

    rows = sorted(ops.to_pylist(), key=lambda r: (r["order"], r["sub"]))
    group = rows[0]["group"]
    results: list[dict[str, Any]] = []
    new = merged = 0
    with Store(":memory:") as store:
        merger = EventMerger(store)
        store.begin()
        for row in rows:
            article = _article_from_json(row["article"])
            if row["kind"] == "coded":
                store.add_article(row["key"], article, status="coded")
                records = [EventRecord.from_dict(r) for r in json.loads(row["records"])]
                n_new, n_merged = merger.add_coded(row["key"], article, records)
                new, merged = new + n_new, merged + n_merged
            else:
                store.add_article(row["key"], article, status="duplicate")
                results.append({"group": group, "key": row["key"], "events": merger.add_copy(row["key"], article, row["original"])})
        store.commit()
        fs, root = fsspec.core.url_to_fs(output)
        name = "".join(c if c.isalnum() or c in "_-" else "_" for c in group)
        for table in ("events", "mentions"):
            _put(fs, f"{root}/{table}/{name}.parquet", _parquet_bytes(_table_rows(store, table)))
    results.append({"group": group, "key": None, "events": new, "merged": merged})
    return pa.Table.from_pylist(results, schema=_result_schema())


def _article_from_json(text: str) -> Article:
    data = json.loads(text)
    published = data.pop("published")
    return Article(**data, text="", published=dt.date.fromisoformat(published) if published else None)


# The store's own tables are the output: the same columns, one row per event or mention.
_OUTPUT_QUERIES = {
    "events": "SELECT {columns} FROM events ORDER BY coalesce(event_date, ''), id",
    "mentions": "SELECT {columns} FROM mentions ORDER BY article_id, mention_id",
}
_DROPPED_COLUMNS = {"created_at", "updated_at"}  # when a run wrote them, not what it found


def _table_schema(store: Store, table: str):
    import pyarrow as pa

    types = {"INTEGER": pa.int64(), "REAL": pa.float64()}
    return pa.schema([(row["name"], types.get(row["type"].upper(), pa.string()))
                      for row in store.db.execute(f"PRAGMA table_info({table})") if row["name"] not in _DROPPED_COLUMNS])


def _table_rows(store: Store, table: str):
    import pyarrow as pa

    schema = _table_schema(store, table)
    sql = _OUTPUT_QUERIES[table].format(columns=", ".join(schema.names))
    return pa.Table.from_pylist([dict(row) for row in store.db.execute(sql)], schema=schema)


# -- stage 6: articles -----------------------------------------------------------------------------

def _article_schema():
    import pyarrow as pa

    return pa.schema([
        ("id", pa.string()), ("origin", pa.string()), ("status", pa.string()), ("error", pa.string()),
        ("story_id", pa.string()), ("duplicate_of", pa.string()), ("similarity", pa.float64()),
        ("event_count", pa.int64()), ("content_hash", pa.string()), ("url", pa.string()), ("title", pa.string()),
        ("source", pa.string()), ("published", pa.string()),
    ])


# -- the job ---------------------------------------------------------------------------------------

class _Job:
    def __init__(self, files: list[str], out: _Output, summary: BatchSummary, progress, published: dt.date | None,
                 source: str | None, block_articles: int, workers: int, chunk_bytes: int = READ_CHUNK_BYTES):
        self.files, self.out, self.summary, self.progress = files, out, summary, progress
        self.chunk_bytes = chunk_bytes
        self.published = published.isoformat() if published else None
        self.source, self.block_articles, self.workers = source, block_articles, workers

    def run(self) -> None:
        import ray.data

        clock = time.perf_counter()

        def lap(stage: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            self.summary.stages[stage] = round(now - clock, 2)
            clock = now

        pieces = [dataclasses.asdict(p) for p in _pieces(self.files, self.chunk_bytes)]
        parsed = (ray.data.from_items(pieces, override_num_blocks=min(len(pieces), 10_000))
                  .map_batches(_read_files, batch_size=1, batch_format="pyarrow",
                               fn_kwargs={"published": self.published, "source": self.source})
                  .materialize())
        items = self._triage(parsed)
        lap("read")
        coded = self._code(parsed, items)
        lap("code")
        _stories(items, coded)
        lap("stories")
        self._dedupe(items, coded)
        lap("dedupe")
        self._write_articles(items)
        lap("write")

    def _message(self, text: str) -> None:
        logger.info("%s", text)
        if self.progress is not None:
            self.progress.update(self.summary)

    def _failure(self, item: _Item) -> None:
        message = f"skipped {item.origin}: {item.error}"
        self.summary.failed += 1
        self.summary.failures.append(message)
        if self.progress is not None:
            self.progress.failure(f"newsevents: {message}")

    def _triage(self, parsed) -> list[_Item]:
        import pyarrow as pa
        import ray

        columns = [c for c in _item_schema().names if c != "text"]
        refs = parsed.select_columns(columns).to_arrow_refs()
        table = pa.concat_tables([t for t in ray.get(refs) if t.num_rows]) if refs else _item_schema().empty_table()
        if table.num_rows:
            table = table.sort_by([("file", "ascending"), ("seq", "ascending")])
        items = _triage(table.to_pylist(), self.summary)
        for item in items:
            if item.status == "failed":
                self._failure(item)
        self._message(f"read {len(items)} articles from {len(self.files)} files")
        return items

    def _code(self, parsed, items: list[_Item]) -> dict[str, dict[str, Any]]:
        import ray
        import ray.data

        wanted = {item.coding_key for item in items if item.coder}
        cached = set(_scan_cache(self.out, [], wanted))
        todo = {item.position for item in items if item.coder and item.coding_key not in cached}
        self.summary.cached = len(cached)
        if todo:
            blocks = max(1, math.ceil(len(todo) / self.block_articles))
            # Selected before the coders start: they may take every CPU, and no other task then waits for one.
            selected = (parsed.map_batches(_select, batch_format="pyarrow", fn_kwargs={"wanted": ray.put(todo)})
                        .repartition(blocks)
                        .materialize())
            coder = type("Coder", (_Coder,), {"cache_url": self.out.url + "/_coded"})
            results = selected.map_batches(coder, batch_size=self.block_articles, batch_format="pyarrow",
                                           compute=ray.data.ActorPoolStrategy(size=min(self.workers, blocks)),
                                           num_cpus=1)
            for batch in results.iter_batches(batch_format="pyarrow", batch_size=None):
                self.summary.coded_here += batch.num_rows
                self._message(f"coded {self.summary.coded_here} of {len(todo)} articles")
        coded = _scan_cache(self.out, ["status", "error", "event_count", "signature", "lsh_keys"], wanted)
        missing = wanted - set(coded)
        if missing:
            raise EngineError(f"{len(missing)} codings are missing from {self.out.url}/_coded after the run: run again")
        for item in items:
            if not item.coder:
                continue
            row = coded[item.coding_key]  # type: ignore[index]
            if row["status"] == "failed":
                item.status, item.error = "failed", row["error"]
                self._failure(item)
            else:
                item.event_count = row["event_count"]
                self.summary.new += 1
        return coded

    def _dedupe(self, items: list[_Item], coded: dict[str, dict[str, Any]]) -> None:
        import ray

        plan: dict[str, dict[str, Any]] = {}
        for item in items:
            if item.status == "coded":
                if item.duplicate_of:
                    self.summary.near_duplicate += 1
                plan[item.coding_key] = {  # type: ignore[index]
                    "order": item.order, "key": item.key, "block": coded[item.coding_key]["block"],  # type: ignore[index]
                    "article": _article_json(item),
                    "copies": [(items[c].order, items[c].key, _article_json(items[c])) for c in item.copies],
                }
        for sub in ("events", "mentions"):
            self.out.clear(sub)
        blocks = sorted({entry["block"] for entry in plan.values()})
        counts: dict[str, int] = {}
        if blocks:
            # Each block's operations are sorted by group in a task of their own; the driver learns only how many
            # rows each group has in each block, then starts one replay per group, the largest first, each
            # reading its slices of the blocks from the object store. (Ray Data's groupby did the same through a
            # sort shuffle, a barrier that cost 5 s of 18 on 5,000 articles.)
            cache = self.out.url + "/_coded"
            ops = ray.remote(num_returns=2)(_block_ops)
            plan_ref = [ray.put(plan)]  # in a list: fetched once per worker process (_resolve), not per task
            split = [ops.remote(self.out.path(f"_coded/{b}.parquet"), plan_ref, cache) for b in blocks]
            pieces: dict[str, list] = {}
            for sizes, (_, table) in zip(ray.get([s for s, _ in split]), split):
                offset = 0
                for group, n in sizes.items():  # sorted by group, as the table's rows are
                    pieces.setdefault(group, []).append((table, offset, n))
                    offset += n
            replay = ray.remote(_replay_group)
            order = sorted(pieces, key=lambda g: (-sum(n for _, _, n in pieces[g]), g))
            pending = [replay.remote(pieces[g], self.out.url) for g in order]
            while pending:
                done, pending = ray.wait(pending, num_returns=1)
                for row in ray.get(done[0]).to_pylist():
                    if row["key"] is None:
                        self.summary.events += row["events"]
                        self.summary.merged += row["merged"] or 0
                    else:
                        counts[row["key"]] = counts.get(row["key"], 0) + row["events"]
        for item in items:
            if item.status == "duplicate":
                item.event_count = counts.get(item.key, 0)
        self._message(f"{self.summary.events} events")

    def _write_articles(self, items: list[_Item]) -> None:
        import pyarrow as pa

        rows = [{"id": i.key, "origin": i.origin, "status": i.status, "error": i.error,
                 "story_id": i.key if i.status == "failed" else i.story_id,
                 "duplicate_of": None if i.status == "failed" else i.duplicate_of,
                 "similarity": None if i.status == "failed" else i.similarity,
                 "event_count": i.event_count, "content_hash": i.content_hash, "url": i.url, "title": i.title,
                 "source": i.source, "published": i.published}
                for i in items if i.status]
        self.out.clear("articles")
        for n, start in enumerate(range(0, max(len(rows), 1), ARTICLES_PER_FILE)):
            table = pa.Table.from_pylist(rows[start:start + ARTICLES_PER_FILE], schema=_article_schema())
            _put(self.out.fs, self.out.path(f"articles/part-{n:05d}.parquet"), _parquet_bytes(table))


def _article_json(item: _Item) -> str:
    return json.dumps({"id": item.key, "source": item.source, "url": item.url, "title": item.title,
                       "published": item.published})
