"""Article readers: text, HTML (main text via trafilatura), JSONL and stdin -> a stream of Articles.

A bad article is not raised but yielded as an ArticleError, so the caller can report it
with its id and go on with the rest of the batch. Files are read lazily, line by line for
JSONL, so a large batch streams in constant memory.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import logging
import os
import re
import sys
from pathlib import Path
from typing import IO, Iterable, Iterator

from newsevents import settings
from newsevents.errors import ArticleError, InputError
from newsevents.records import Article

logger = logging.getLogger(__name__)

__all__ = ["read_paths", "read_path", "read_stdin", "read_jsonl_lines", "article_from_html", "validate", "looks_english",
           "published_problem", "one_line", "storable"]

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# Files named inside a directory are read only when their suffix says what they are.
DIRECTORY_SUFFIXES = TEXT_SUFFIXES - {""} | HTML_SUFFIXES | JSONL_SUFFIXES

# Frequent English function words, chosen to be rare as words in the other languages news
# arrives in (so no "a", "en", "die", "de"): their share of tokens separates English text
# from other languages cheaply, without a language-identification model.
ENGLISH_STOPWORDS = frozenset(
    """
    the of and to in is was for on that with as by at from it its be are were been has have had
    this these those which who whom whose what when where while will would could should can may
    might must shall not no but or if than then there their they them he his him she her we our
    us you your i my me an so such into over after before about against between during under
    also only more most other some any all both each few many much very just said says say
    up out off again further once here how why because being do does did doing said told
    """.split()
)
# Function words of other languages news arrives in (French, Spanish, Portuguese, German, Italian,
# Dutch/Afrikaans, Indonesian/Malay, Turkish, Swahili), none of them an English word. Few English
# function words alone do not make a text foreign: tables, results and name lists have few too.
FOREIGN_STOPWORDS = frozenset(
    """
    le la les des du et est une un pour dans qui que sur par pas au aux ce cette sont avec il elle ont été
    el los las del y en es por con para una se lo su al como más pero sus fue
    os da do das dos em não uma um com ao são foi
    der die das und ist nicht ein eine mit von zu den dem sich auf für auch wird
    di che è della delle gli
    het een van op te niet wat vir nie
    yang dan ini itu dengan untuk dari dalam tidak akan pada juga ke oleh adalah kata
    ve bir bu da için ile olarak
    na ya kwa katika ni za
    """.split()
)
ENGLISH_MIN_SHARE = 0.08  # English prose runs at 0.3-0.5; other languages near 0
FOREIGN_MIN_SHARE = 0.08
NON_LATIN_MIN_SHARE = 0.3
ENGLISH_MIN_WORDS = 20
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_a-z\u00c0-\u024f]")
ENGLISH_MIN_LETTERS = 20
NON_LATIN_MAX_LETTERS = 0.5
_LATIN = re.compile(r"[a-z\u00c0-\u024f']+$")
# News sentences run to 2,000 characters at most (1,050 GLOCON documents); the parser and the actor search
# grow with the square of a sentence's length, so a longer run without a sentence end is refused, not coded
# for minutes.
MAX_RUN_CHARS = 5000
_RUN = re.compile(r"[^.!?\n\u3002\uff01\uff1f]+")
# A lone UTF-16 surrogate ("\ud800" in JSON) is not a character: it cannot be encoded, stored or parsed.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Control characters in an id or a title would break the one-line message that names the article, or
# drive the terminal it is printed on (ANSI escapes).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
EARLIEST_PUBLISHED = dt.date(1800, 1, 1)
FUTURE_SLACK_DAYS = 2  # a publication date this far past today's is a time zone ahead, not the future


def read_paths(paths: Iterable[str], published: dt.date | None = None, source: str | None = None) -> Iterator[Article | ArticleError]:
    """Articles (or ArticleErrors for bad ones) from each PATH in turn; "-" is standard input.

    Every path is checked before anything is read, so a mistyped name fails at once with InputError.
    """
    paths = list(paths)
    if not paths:
        raise InputError("no input: name a text, HTML or JSONL file, or '-' for standard input")
    problem = published_problem(published)
    if problem:
        raise InputError(f"--published: {problem}")
    for path in paths:
        if path != "-" and not os.path.exists(path):
            raise InputError(f"no such file: {path}")
        if path != "-" and not (os.path.isfile(path) or os.path.isdir(path)):
            raise InputError(f"not a regular file: {path}")
    if paths.count("-") > 1:
        raise InputError("standard input ('-') can be named only once")
    return _read_all(paths, published, source)


def _read_all(paths: list[str], published: dt.date | None, source: str | None) -> Iterator[Article | ArticleError]:
    for path in paths:
        if path == "-":
            items = read_stdin()
        elif os.path.isdir(path):
            items = _read_directory(path)
        else:
            items = read_path(path)
        for item in items:
            if isinstance(item, Article):
                item = _with_defaults(item, published, source)
            yield item


def _with_defaults(article: Article, published: dt.date | None, source: str | None) -> Article:
    if article.published is None:
        article.published = published
    if article.source is None:
        article.source = source
    return article


def _read_directory(path: str) -> Iterator[Article | ArticleError]:
    """Every text, HTML and JSONL file under a folder, its subfolders included, in sorted path order."""
    for child in sorted(Path(path).rglob("*")):
        if any(part.startswith(".") for part in child.relative_to(path).parts):
            continue  # hidden files and folders (.git, .cache) are not articles
        if child.is_file() and child.suffix.lower() in DIRECTORY_SUFFIXES:
            yield from read_path(str(child))
        elif child.is_file():
            logger.debug("skipping %s: not a text, HTML or JSONL file", child)


def read_path(path: str) -> Iterator[Article | ArticleError]:
    """The articles in one file, chosen by its suffix: .jsonl, .html/.htm, else plain text."""
    suffix = Path(path).suffix.lower()
    name = one_line(Path(path).name)  # a name in another encoding than the file system's has surrogates
    try:
        if suffix in JSONL_SUFFIXES:
            with open(path, "rb") as fh:
                yield from read_jsonl_lines(fh, name)
            return
        size = os.path.getsize(path)
        limit = _max_bytes()
        if size > limit:
            yield ArticleError(name, f"too large ({size} bytes; the limit is {limit}, set NEWSEVENTS_MAX_CHARS to raise it)")
            return
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        yield ArticleError(name, f"cannot read file: {exc.strerror or exc}")
        return
    if suffix in HTML_SUFFIXES:
        yield _checked(lambda: article_from_html(name, data))
    else:
        yield _checked(lambda: Article(id=name, text=_decode(data, name)))


def read_stdin(stream: IO | None = None) -> Iterator[Article | ArticleError]:
    """Standard input: JSONL when the first non-space character is "{", else one text article "stdin"."""
    stream = sys.stdin if stream is None else stream
    lines = _byte_lines(stream)
    head: list[bytes] = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    first = b"".join(head).lstrip()
    if first.startswith(b"{"):
        yield from read_jsonl_lines(_chain(head, lines), "stdin")
        return
    data = b"".join(head) + b"".join(lines)
    yield _checked(lambda: Article(id="stdin", text=_decode(data, "stdin")))


def _byte_lines(stream: IO) -> Iterator[bytes]:
    binary = getattr(stream, "buffer", None)
    if binary is not None:
        yield from binary
        return
    for line in stream:
        yield line.encode("utf-8") if isinstance(line, str) else line


def _chain(head: list[bytes], rest: Iterator[bytes]) -> Iterator[bytes]:
    yield from head
    yield from rest


def read_jsonl_lines(lines: Iterable[bytes | str], name: str, first: int = 1) -> Iterator[Article | ArticleError]:
    """One article per JSON line (id, text, optional published, source, url, title); blank lines are skipped.
    `first`: the number of the first line (a later part of a file, read on its own)."""
    for number, raw in enumerate(lines, start=first):
        where = f"{name}:line {number}"
        if isinstance(raw, bytes):
            if not raw.strip():
                continue
            if b"\x00" in raw:
                yield ArticleError(where, "binary data (NUL bytes), not a JSON line", _kept(where, raw))
                continue
            try:
                raw = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                yield ArticleError(where, "not UTF-8 text", _kept(where, raw))
                continue
        if not raw.strip():
            continue
        try:
            yield _article_from_json(raw, name, number)
        except ArticleError as exc:
            if exc.article is None:  # keep the line itself, so a store loses nothing it was given
                exc.article = Article(id=where, text=raw)
            yield exc


def _kept(where: str, raw: bytes) -> Article:
    """A line that is not text, escaped, to be stored with its error: a store keeps what it was given."""
    return Article(id=where, text=raw.decode("utf-8", "backslashreplace").replace("\x00", "\\x00"))


def _article_from_json(raw: str, name: str, number: int) -> Article:
    where = f"{name}:line {number}"
    try:
        obj = json.loads(raw.rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        raise ArticleError(where, f"invalid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})") from None
    except RecursionError:
        raise ArticleError(where, "invalid JSON (nested too deeply)") from None
    if not isinstance(obj, dict):
        raise ArticleError(where, f"expected a JSON object with 'id' and 'text', got {type(obj).__name__}")
    article_id = obj.get("id")
    if article_id is None or article_id == "":
        article_id = f"{name}:{number}"
    elif isinstance(article_id, (str, int)) and not isinstance(article_id, bool):
        article_id = one_line(str(article_id))
    else:
        raise ArticleError(where, "'id' must be a string or a number")
    text = obj.get("text")
    if text is None:
        raise ArticleError(article_id, f"no 'text' field ({where})")
    if not isinstance(text, str):
        raise ArticleError(article_id, f"'text' must be a string ({where})")
    fields: dict[str, str | None] = {}
    for key in ("source", "url", "title"):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise ArticleError(article_id, f"'{key}' must be a string ({where})")
        fields[key] = value or None
    published = None
    if obj.get("published") not in (None, ""):
        try:
            published = parse_date(obj["published"])
        except ValueError as exc:
            raise ArticleError(article_id, f"{exc} ({where})") from None
    article = Article(id=article_id, text=text, published=published, **fields)
    try:
        validate(article)
    except ArticleError as exc:
        raise ArticleError(exc.article_id, f"{exc.reason} ({where})", article) from None
    return article


def parse_date(value: object) -> dt.date:
    """A publication date from YYYY-MM-DD or an ISO 8601 date-time; ValueError says what is accepted."""
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise ValueError(f"bad published date {value!r}: use YYYY-MM-DD or an ISO 8601 date-time")


# Elements whose content a browser never shows as text.
_NEVER_TEXT = ("iframe", "frame", "frameset", "noscript", "template", "object", "embed", "applet")


def article_from_html(article_id: str, data: bytes | str) -> Article:
    """The main text of an HTML page (boilerplate, scripts and comments dropped), with its title and date."""
    import trafilatura  # imported here: loading it costs time that text and JSONL input need not pay

    html = data if isinstance(data, str) else _decode(data, article_id)
    try:
        tree = trafilatura.load_html(html)
        if tree is None:
            raise ArticleError(article_id, "not an HTML page (it cannot be parsed)")
        # What a browser never shows as text (a frame's or a template's markup, the noscript fallback) is no
        # article text either; trafilatura would keep it. Scripts stay for now: their JSON-LD holds the date.
        for element in list(tree.iter(*_NEVER_TEXT)):
            if element.getparent() is not None:
                element.drop_tree()
        doc = trafilatura.bare_extraction(
            tree,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except ArticleError:
        raise
    except Exception as exc:  # the parsers trip on some hostile markup (an assertion in htmldate): one bad page
        logger.debug("%s: the HTML extractor failed", article_id, exc_info=True)
        raise ArticleError(article_id, f"the HTML page could not be read ({type(exc).__name__} in the extractor)") from None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise ArticleError(article_id, "no main text found in the HTML page")
    published = None
    if getattr(doc, "date", None):
        try:
            published = parse_date(doc.date)
        except ValueError:
            logger.info("%s: ignoring unreadable page date %r", article_id, doc.date)
        if published_problem(published):
            logger.info("%s: ignoring the page date %s: %s", article_id, published, published_problem(published))
            published = None
    article = Article(
        id=article_id,
        text=text,
        published=published,
        source=getattr(doc, "sitename", None) or None,
        url=getattr(doc, "url", None) or None,
        title=getattr(doc, "title", None) or None,
    )
    validate(article)
    return article


def _checked(make) -> Article | ArticleError:
    try:
        article = make()
        validate(article)
        return article
    except ArticleError as exc:
        return exc


def _decode(data: bytes, article_id: str) -> str:
    if _utf16_latin(data):  # an English text saved as "Unicode" on Windows
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ArticleError(article_id, "binary file (not UTF-16 text, though it starts like it)") from None
    if b"\x00" in data:
        raise ArticleError(article_id, "binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")  # also plain UTF-8; a byte-order mark is dropped
    except UnicodeDecodeError as exc:
        raise ArticleError(article_id, f"binary file (not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start}; "
                                       "save it as UTF-8)") from None


def _utf16_latin(data: bytes) -> bool:
    """UTF-16 with a byte-order mark whose characters are mostly Latin (every other byte NUL), not a binary
    file that happens to open with the same two bytes."""
    if data.startswith(codecs.BOM_UTF16_LE):
        high = data[3::2]
    elif data.startswith(codecs.BOM_UTF16_BE):
        high = data[2::2]
    else:
        return False
    return bool(high) and high.count(0) >= 0.9 * len(high)


def _max_bytes() -> int:
    # A UTF-8 character is at most 4 bytes: a file over this cannot pass the character limit.
    return settings.get_int("max_chars") * 4


def validate(article: Article) -> None:
    """Raise ArticleError when an article cannot be coded; mark it English when it can.

    The error carries the article, so a store can keep what the user gave with the reason.
    """
    try:
        _validate(article)
    except ArticleError as exc:
        exc.article = article
        raise


def _validate(article: Article) -> None:
    for name in ("id", "title", "source", "url"):
        value = getattr(article, name)
        if isinstance(value, str) and _UNPRINTABLE.search(value):
            setattr(article, name, one_line(value))
    text = article.text
    if not text or not text.strip():
        raise ArticleError(article.id, "empty text")
    if "\x00" in text:
        raise ArticleError(article.id, "binary content (NUL bytes), not text")
    bad = _SURROGATE.search(text)
    if bad:
        article.text = storable(text)  # kept, escaped, so the store can hold what was given
        raise ArticleError(article.id, f"not valid Unicode text (a lone surrogate, U+{ord(bad.group()):04X}, "
                                       f"at character {bad.start()})")
    max_chars = settings.get_int("max_chars")
    if len(text) > max_chars:
        raise ArticleError(article.id, f"too large ({len(text)} characters; the limit is {max_chars}, set NEWSEVENTS_MAX_CHARS to raise it)")
    min_chars = settings.get_int("min_chars")
    if len(text.strip()) < min_chars:
        raise ArticleError(article.id, f"too short ({len(text.strip())} characters; at least {min_chars} needed)")
    problem = published_problem(article.published)
    if problem:
        raise ArticleError(article.id, problem)
    if not looks_english(text):
        raise ArticleError(article.id, "not English (looks like another language)")
    run = next((m for m in _RUN.finditer(text) if m.end() - m.start() > MAX_RUN_CHARS), None)
    if run is not None:
        raise ArticleError(article.id, f"not prose: {run.end() - run.start()} characters without a sentence end from "
                                       f"character {run.start()} (the limit is {MAX_RUN_CHARS})")
    article.language = "en"


def published_problem(day: dt.date | None) -> str | None:
    """Why a publication date cannot be right (in the future, or before 1800), else None."""
    if day is None:
        return None
    if day > dt.date.today() + dt.timedelta(days=FUTURE_SLACK_DAYS):
        return f"published date {day.isoformat()} is in the future"
    if day < EARLIEST_PUBLISHED:
        return f"published date {day.isoformat()} is before {EARLIEST_PUBLISHED.year}"
    return None


def one_line(value: str) -> str:
    """An id, title or file name as one printable line: line breaks and tabs become spaces, other control
    characters and lone surrogates \\xNN or \\uXXXX escapes."""
    return _UNPRINTABLE.sub(_printable, value) if _UNPRINTABLE.search(value) else value


def _printable(match: re.Match) -> str:
    char = match.group()
    if char in "\n\r\t\x0b\x0c":
        return " "
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def storable(value: str) -> str:
    """The string with lone surrogates written as \\udXXX escapes, so it can be encoded and stored."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)


def looks_english(text: str) -> bool:
    """False when a text of more than 20 words has almost none of English's function words and
    either other languages' function words or mostly non-Latin script instead, or when a text of
    fewer words (Chinese, Japanese, Thai: no spaces) is mostly letters of non-Latin scripts."""
    sample = text[:20000].lower()
    words = _WORD.findall(sample)
    if len(words) <= ENGLISH_MIN_WORDS:
        # Chinese, Japanese or Thai put no spaces between words: a page of them is a handful of "words".
        letters = len(_LETTER.findall(sample))
        return letters < ENGLISH_MIN_LETTERS or len(_NON_LATIN_LETTER.findall(sample)) / letters < NON_LATIN_MAX_LETTERS
    english = sum(1 for w in words if w in ENGLISH_STOPWORDS) / len(words)
    if english >= ENGLISH_MIN_SHARE:
        return True
    foreign = sum(1 for w in words if w in FOREIGN_STOPWORDS) / len(words)
    non_latin = sum(1 for w in words if not _LATIN.match(w)) / len(words)
    return not ((foreign >= FOREIGN_MIN_SHARE and foreign > english) or non_latin >= NON_LATIN_MIN_SHARE)
