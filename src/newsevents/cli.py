"""The `newsevents` command: thin subcommands over the library; named errors become one line on stderr."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from typing import Iterable, Iterator, Sequence, TextIO

from newsevents import __version__
from newsevents.errors import ArticleError, InputError, NewsEventsError
from newsevents.output import BINARY_WRITERS, EXPORT_FORMATS, WRITERS, printable
from newsevents.progress import Progress, clear_line
from newsevents.records import Article, EventRecord

logger = logging.getLogger(__name__)

PROG = "newsevents"
EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_NOTHING_CODED = 3
EXIT_INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line that says where to find help."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{PROG}: error: {message} (see '{self.prog} --help')\n")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {value!r}: use YYYY-MM-DD, e.g. 2024-03-12") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Turn news articles into political events coded to ACLED, PLOVER and CAMEO.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (-v info, -vv debug) on stderr")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    code = commands.add_parser(
        "code",
        help="code articles into events",
        description="Code articles into events. PATH is a text file, an HTML file, a JSONL file of "
        "articles (id, text, optional published, source, url, title), a directory of those, or '-' for standard input.",
    )
    code.add_argument("paths", nargs="+", metavar="PATH", help="input file, directory, or '-' for standard input")
    _add_article_defaults(code)
    _add_model_option(code)
    _add_fast_option(code)
    _add_output_options(code)
    code.set_defaults(run=run_code)

    evaluate = commands.add_parser(
        "eval", help="score the coder against gold data (ACLED CSV or JSONL)",
        description="Code every row of a gold file and score the coder field by field, beside a trivial baseline "
        "(and, with --model, beside the rules alone). FILE is an ACLED export (CSV; notes is the text) or a JSONL "
        "of {id, text, published?, gold: {...}} (see docs/evaluation.md).",
    )
    evaluate.add_argument("--gold", required=True, metavar="FILE", help="gold file: ACLED CSV or JSONL")
    evaluate.add_argument("--limit", type=_positive, metavar="N", help="score a seeded sample of N rows")
    evaluate.add_argument("--seed", type=int, default=0, help="sample seed (default: 0)")
    evaluate.add_argument("--by", metavar="FIELD", help="break figures down by a gold field: country, sub_event_type, tags ...")
    evaluate.add_argument("--format", choices=["table", "json"], default="table", help="output format (default: table)")
    evaluate.add_argument("--published-from-gold", action="store_true",
                          help="give each item its gold event date as publication date (an ACLED export has none, "
                               "and a note that says only 'on Monday' needs one)")
    evaluate.add_argument("--published-offset", type=int, metavar="DAYS",
                          help="give each item its gold event date plus DAYS as publication date (news comes out later)")
    _add_model_option(evaluate)
    _add_fast_option(evaluate)
    evaluate.set_defaults(run=run_eval)

    train = commands.add_parser(
        "train", help="fit an event classifier on labelled data you hold",
        description="Fit a supervised sub-event classifier on labelled data (ACLED CSV or JSONL gold) from the text and "
        "the rule coder's own findings. Use it with 'code --model' and 'eval --model'; the rules still give actors, "
        "counts, dates, places and evidence. A model file is code: load only models you trust.",
    )
    train.add_argument("--gold", required=True, metavar="FILE", help="labelled data: ACLED CSV or JSONL")
    train.add_argument("--out", required=True, metavar="MODEL", help="where to write the model file")
    train.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    train.set_defaults(run=run_train)

    ingest = commands.add_parser(
        "ingest",
        help="code articles into the store, once each, merging events across sources",
        description="Code articles into the store. SOURCE is a text or HTML file, a folder (recursively), a JSONL "
        "file of articles, an RSS/Atom feed file or URL, a file of URLs (.urls, or a .txt of URLs), an article URL, "
        "or '-'. Ingesting the same article again changes nothing; a killed ingest resumes when run again.",
    )
    ingest.add_argument("sources", nargs="+", metavar="SOURCE", help="file, folder, feed, URL list, URL, or '-'")
    _add_article_defaults(ingest)
    _add_db_option(ingest)
    _add_fast_option(ingest)
    ingest.set_defaults(run=run_ingest)

    events = commands.add_parser("events", help="list stored events, filtered", description="List stored events, in date order.")
    _add_db_option(events)
    _add_filter_options(events)
    events.add_argument("--limit", type=_positive, metavar="N", help="at most N events")
    _add_output_options(events, default="table")
    events.set_defaults(run=run_events)

    export = commands.add_parser(
        "export", help="export stored events (ACLED CSV, GeoJSON, JSONL, Parquet)",
        description="Export stored events. acled-csv has ACLED's export columns plus our ids; jsonl the full "
        "records with every source; geojson one point per placed event; parquet typed columns plus the full record.",
    )
    _add_db_option(export)
    _add_filter_options(export)
    export.add_argument("--format", choices=EXPORT_FORMATS, default="acled-csv", help="export format (default: acled-csv)")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    export.set_defaults(run=run_export)

    articles = commands.add_parser("articles", help="list stored articles (e.g. the failed ones)",
                                   description="List stored articles with their status.")
    _add_db_option(articles)
    articles.add_argument("--failed", action="store_const", const="failed", dest="status", help="only articles that failed, with the reason")
    articles.add_argument("--status", choices=["coded", "duplicate", "failed"], help="only articles with this status")
    articles.add_argument("--limit", type=_positive, metavar="N", help="at most N articles")
    articles.add_argument("--format", choices=["table", "jsonl"], default="table", help="output format (default: table)")
    articles.set_defaults(run=run_articles)

    search = commands.add_parser("search", help="full-text search over stored articles",
                                 description="Find stored articles holding every word of QUERY (title or text).")
    search.add_argument("query", metavar="QUERY")
    _add_db_option(search)
    search.add_argument("--limit", type=_positive, default=20, metavar="N", help="at most N articles (default: 20)")
    search.add_argument("--format", choices=["table", "jsonl"], default="table", help="output format (default: table)")
    search.set_defaults(run=run_search)

    batch = commands.add_parser(
        "batch", help="code a large input on a cluster (Ray): Parquet events, deduplicated as ingest does",
        description="Code every article under INPUT (a folder or glob of JSONL or Parquet files, local or any fsspec "
        "URL) on Ray workers that load the pipeline once, deduplicate events per country exactly as 'ingest' does, "
        "and write OUTPUT/events, OUTPUT/mentions and OUTPUT/articles as Parquet. A rerun skips what is done. "
        "See docs/cluster.md.",
    )
    batch.add_argument("input", metavar="INPUT", help="folder, glob or URL of JSONL or Parquet articles")
    batch.add_argument("output", metavar="OUTPUT", help="output folder (local or fsspec URL)")
    batch.add_argument("--engine", choices=["ray"], default="ray", help="distributed engine (default: ray)")
    batch.add_argument("--address", help="address of a running Ray cluster (default: start one on this machine)")
    batch.add_argument("--workers", type=_positive, metavar="N", help="coder workers (default: one per CPU)")
    _add_article_defaults(batch)
    _add_fast_option(batch)
    batch.set_defaults(run=run_batch)

    serve = commands.add_parser(
        "serve", help="serve the store: JSON API, exports and a map dashboard",
        description="Serve the store over HTTP: the dashboard at /, the JSON API under /api, interactive docs at "
        "/docs. Reads are open; writes need NEWSEVENTS_TOKEN. Listens on loopback unless --host names another address.",
    )
    _add_db_option(serve)
    serve.add_argument("--host", help="address to listen on (default: 127.0.0.1; anything else is open to the network)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.set_defaults(run=run_serve)
    return parser


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"invalid count {value!r}: use a whole number of 1 or more")
    return number


def _add_model_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", metavar="MODEL", help="a model from 'newsevents train' to decide sub-event types with the rules")


def _add_fast_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fast", action="store_const", const=True, default=None,
                        help="parse only the sentences that can hold an ACLED event: about 2x faster on news; events "
                        "without an ACLED type in the other sentences are not coded (default: $NEWSEVENTS_FAST)")


def _add_article_defaults(parser: argparse.ArgumentParser) -> None:
    """--published and --source: what an article that does not say gets."""
    parser.add_argument("--published", type=_date, metavar="YYYY-MM-DD", help="publication date for articles that have none")
    parser.add_argument("--source", metavar="NAME", help="source name for articles that have none")


def _add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", help="the SQLite store (default: $NEWSEVENTS_DB or newsevents.db)")


def _add_filter_options(parser: argparse.ArgumentParser) -> None:
    """Event filters shared by `events` and `export`, so they mean the same in both."""
    group = parser.add_argument_group("filters")
    group.add_argument("--from", dest="date_from", type=_date, metavar="YYYY-MM-DD", help="events on or after this day")
    group.add_argument("--to", dest="date_to", type=_date, metavar="YYYY-MM-DD", help="events on or before this day")
    group.add_argument("--country", metavar="NAME", help="country name or ISO3 code")
    group.add_argument("--admin1", metavar="NAME", help="first-level region (province, state)")
    group.add_argument("--type", metavar="TYPE", help="ACLED event or sub-event type, or PLOVER event type")
    group.add_argument("--actor", metavar="WORDS", help="words in actor 1 or actor 2")
    group.add_argument("--text", metavar="WORDS", help="words in the text of an article that told the event")
    group.add_argument("--min-fatalities", type=int, metavar="N", help="events with at least N killed")
    group.add_argument("--all", dest="include_unreal", action="store_true", help="include negated, hypothetical and background (historical) mentions")


def _add_output_options(parser: argparse.ArgumentParser, default: str = "jsonl") -> None:
    """--format and -o, shared by every command that writes events, so they mean the same everywhere."""
    parser.add_argument("--format", choices=sorted(WRITERS), default=default, help=f"output format (default: {default})")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: stop quietly, and keep Python from complaining at exit.
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return EXIT_SOME_FAILED
    except InputError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except NewsEventsError as exc:
        _error(str(exc))
        return EXIT_SOME_FAILED


class _LogFormatter(logging.Formatter):
    """One line per log record; tracebacks only with -v, so a user sees messages, a developer sees causes."""

    def __init__(self, verbose: int):
        detail = "%(name)s: " if verbose else ""
        super().__init__(f"{PROG}: %(levelname)s: {detail}%(message)s")
        self.tracebacks = verbose > 0

    def format(self, record: logging.LogRecord) -> str:
        if self.tracebacks:
            return super().format(record)
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        try:
            return super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time, so a replaced stderr (tests, wrappers) is honoured."""

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass

    def emit(self, record: logging.LogRecord) -> None:
        clear_line()
        super().emit(record)


def _configure_logging(verbose: int) -> None:
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _StderrHandler)]:
        root.removeHandler(old)
    handler = _StderrHandler()
    handler.setFormatter(_LogFormatter(verbose))
    root.addHandler(handler)
    root.setLevel((logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)])
    # HTML extraction libraries log per page without naming the article ("discarding data: None"); the
    # reader reports each failed article itself, so they speak only with -vv.
    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.DEBUG if verbose >= 2 else logging.CRITICAL)


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


def run_code(args: argparse.Namespace) -> int:
    """newsevents code: read -> code -> write, streaming; returns the exit code."""
    from newsevents import prefilter, read  # imported here so `--help` does not load the language model

    items = read.read_paths(args.paths, published=args.published, source=args.source)
    writer = WRITERS[args.format]
    # Events printed to the terminal would run into the progress line: show it only when they go elsewhere.
    to_terminal = args.output in (None, "-") and _isatty(sys.stdout)
    with _open_output(args.output) as out, Progress(enabled=_isatty(sys.stderr) and not to_terminal) as progress:
        articles = _good_articles(items, progress)
        coded = prefilter.coder(args.fast)(articles)
        if args.model:
            coded = _refined(coded, _load_model(args.model))
        records = _records(coded, progress)
        writer(records, out)
        out.flush()
    if progress.failed or _isatty(sys.stderr):
        print(progress.summary(), file=sys.stderr)
    if progress.articles == 0:
        return EXIT_NOTHING_CODED
    return EXIT_SOME_FAILED if progress.failed else EXIT_OK


def _load_model(path: str):
    from newsevents import train

    return train.load_model(path)


def _refined(coded, model):
    for article, events in coded:
        if not isinstance(events, ArticleError):
            events = model.refine(article, events)
        yield article, events


def run_eval(args: argparse.Namespace) -> int:
    from newsevents import evaluate

    model = _load_model(args.model) if args.model else None
    with Progress(enabled=_isatty(sys.stderr)) as progress:
        result = evaluate.run_eval(args.gold, limit=args.limit, by=args.by, model=model, seed=args.seed,
                                   fast=args.fast, published_from_gold=args.published_from_gold,
                                   published_offset=args.published_offset, progress=lambda n: progress.coded(0))
    print(evaluate.format_result(result, args.format))
    return EXIT_OK


def run_train(args: argparse.Namespace) -> int:
    from newsevents import evaluate, train

    with Progress(enabled=_isatty(sys.stderr)) as progress:
        model = train.train(evaluate.read_gold(args.gold), seed=args.seed,
                            progress=lambda stage, done=0, total=0: progress.coded(0) if stage == "coding" else None)
    try:
        model.save(args.out)
    except OSError as exc:
        raise InputError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    print(model.describe(), file=sys.stderr)
    print(f"{PROG}: model written to {args.out}", file=sys.stderr)
    return EXIT_OK


def run_ingest(args: argparse.Namespace) -> int:
    """newsevents ingest: read -> triage -> code -> merge -> store, committed in batches."""
    from newsevents import fetch, ingest, prefilter

    items = fetch.read_sources(args.sources, published=args.published, source=args.source)
    with _store(args) as store, Progress(enabled=_isatty(sys.stderr)) as progress:
        summary = ingest.ingest(items, store, progress=progress, code_articles=prefilter.coder(args.fast))
    print(f"{PROG}: {summary.line()}", file=sys.stderr)
    if summary.read == 0 or summary.failed == summary.read:
        return EXIT_NOTHING_CODED
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def run_events(args: argparse.Namespace) -> int:
    with _store(args, readonly=True) as store, _open_output(args.output) as out:
        WRITERS[args.format](store.events(_filter(args), limit=args.limit), out)
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    with _store(args, readonly=True) as store:
        records = store.events(_filter(args))
        if args.format in BINARY_WRITERS:
            if args.output in (None, "-"):
                if _isatty(sys.stdout):
                    raise InputError(f"{args.format} is binary: name a file with -o FILE")
                n = BINARY_WRITERS[args.format](records, sys.stdout.buffer)
            else:
                n = _write_binary(args.format, records, args.output)
        else:
            with _open_output(args.output) as out:
                n = WRITERS[args.format](records, out)
    if args.output not in (None, "-"):
        print(f"{PROG}: exported {n} events to {args.output}", file=sys.stderr)
    return EXIT_OK


def _write_binary(fmt: str, records, path: str) -> int:
    try:
        return BINARY_WRITERS[fmt](records, path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None


def run_articles(args: argparse.Namespace) -> int:
    with _store(args, readonly=True) as store:
        rows = store.articles(status=args.status, limit=args.limit)
        if args.format == "jsonl":
            for row in rows:
                print(json.dumps(row.to_dict(), ensure_ascii=False))
        else:
            print(f"{'status':9}  {'events':>6}  {'published':10}  {'source':20}  origin / reason")
            for row in rows:
                detail = row.origin or row.id
                if row.error:
                    detail += f": {row.error}"
                elif row.duplicate_of:
                    detail += f" (copy of {row.duplicate_of})"
                source = printable(row.source or "-")[:20]
                print(f"{row.status:9}  {row.event_count:>6}  {row.published or '-':10}  {source:20}  {printable(detail)}")
    return EXIT_OK


def run_search(args: argparse.Namespace) -> int:
    with _store(args, readonly=True) as store:
        hits = store.search(args.query, limit=args.limit)
    for hit in hits:
        if args.format == "jsonl":
            print(json.dumps(hit, ensure_ascii=False))
        else:
            print(f"{hit['id']}  {hit['published'] or '-':10}  {printable(hit['source'] or '-')}  {printable(hit['title'] or '')}")
            print("    " + printable(hit["snippet"]))
    return EXIT_OK if hits else EXIT_NOTHING_CODED


def run_batch(args: argparse.Namespace) -> int:
    from newsevents import batch

    with Progress(enabled=_isatty(sys.stderr)) as progress:
        summary = batch.run(args.input, args.output, engine=args.engine, address=args.address, workers=args.workers,
                            published=args.published, source=args.source, fast=args.fast, progress=progress)
    print(f"{PROG}: {summary.line()}", file=sys.stderr)
    if summary.read == 0 or summary.failed == summary.read:
        return EXIT_NOTHING_CODED
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from newsevents import api, settings

    host = args.host or "127.0.0.1"
    api.serve(args.db or settings.get("db"), host=host, port=args.port, allow_remote=args.host is not None)
    return EXIT_OK


def _store(args: argparse.Namespace, readonly: bool = False):
    from newsevents import settings
    from newsevents.store import Store

    path = args.db or settings.get("db")
    return Store(path, readonly=readonly)


def _filter(args: argparse.Namespace):
    from newsevents.store import EventFilter

    return EventFilter(
        date_from=args.date_from.isoformat() if args.date_from else None,
        date_to=args.date_to.isoformat() if args.date_to else None,
        country=args.country, admin1=args.admin1, type=args.type, actor=args.actor, text=args.text,
        min_fatalities=args.min_fatalities, include_unreal=args.include_unreal,
    )


def _good_articles(items: Iterable[Article | ArticleError], progress: Progress) -> Iterator[Article]:
    for item in items:
        if isinstance(item, ArticleError):
            progress.failure(_skipped(item))
        else:
            yield item


def _records(coded: Iterable[tuple[Article, list[EventRecord] | ArticleError]], progress: Progress) -> Iterator[EventRecord]:
    for article, events in coded:
        if isinstance(events, ArticleError):  # a coder may refuse one article and go on
            progress.failure(_skipped(events))
            continue
        progress.coded(len(events))
        yield from events


def _skipped(error: ArticleError) -> str:
    return f"{PROG}: skipped {error.article_id}: {error.reason}"


class _open_output:
    """Standard output, or FILE opened for writing with a message that says why it cannot be."""

    def __init__(self, path: str | None):
        self.path = path
        self.fh: TextIO | None = None

    def __enter__(self) -> TextIO:
        if self.path is None or self.path == "-":
            return sys.stdout
        try:
            self.fh = open(self.path, "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise InputError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        return self.fh

    def __exit__(self, *exc: object) -> None:
        if self.fh is not None:
            self.fh.close()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


if __name__ == "__main__":
    sys.exit(main())
