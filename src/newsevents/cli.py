"""The `newsevents` command: thin subcommands over the library; named errors become one line on stderr."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from typing import Iterable, Iterator, Sequence, TextIO

from newsevents import __version__
from newsevents.errors import ArticleError, InputError, NewsEventsError
from newsevents.output import WRITERS
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
    code.add_argument("--published", type=_date, metavar="YYYY-MM-DD", help="publication date for articles that have none")
    code.add_argument("--source", metavar="NAME", help="source name for articles that have none")
    _add_output_options(code)
    code.set_defaults(run=run_code)
    return parser


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    """--format and -o, shared by every command that writes events, so they mean the same everywhere."""
    parser.add_argument("--format", choices=sorted(WRITERS), default="jsonl", help="output format (default: jsonl)")
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


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


def run_code(args: argparse.Namespace) -> int:
    """newsevents code: read -> code -> write, streaming; returns the exit code."""
    from newsevents import pipeline, read  # imported here so `--help` does not load the language model

    items = read.read_paths(args.paths, published=args.published, source=args.source)
    writer = WRITERS[args.format]
    # Events printed to the terminal would run into the progress line: show it only when they go elsewhere.
    to_terminal = args.output in (None, "-") and _isatty(sys.stdout)
    with _open_output(args.output) as out, Progress(enabled=_isatty(sys.stderr) and not to_terminal) as progress:
        articles = _good_articles(items, progress)
        records = _records(pipeline.code_articles(articles), progress)
        writer(records, out)
        out.flush()
    if progress.failed or _isatty(sys.stderr):
        print(progress.summary(), file=sys.stderr)
    if progress.articles == 0:
        return EXIT_NOTHING_CODED
    return EXIT_SOME_FAILED if progress.failed else EXIT_OK


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
