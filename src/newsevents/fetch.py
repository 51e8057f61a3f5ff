"""Sources on the web and feeds: article URLs, RSS/Atom feeds, files of URLs -> a stream of Articles.

`read_sources` takes what a user names on the command line (a URL, a feed file, a file of URLs,
or anything `read.read_paths` reads) and yields Articles in the order the sources were named, with
every failure as an ArticleError (id = the URL or file, one-line reason) so the batch goes on.

`Fetcher` is the one way this package touches the network: only the URLs the user gave, the links
of the feeds they named, and those hosts' robots.txt; one request at a time per host with a delay,
a timeout, bounded retries, a redirect limit and a size cap.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import logging
import re
import time
import urllib.robotparser
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urlsplit

import requests

from newsevents import __version__, read, settings
from newsevents.errors import ArticleError, InputError
from newsevents.records import Article

logger = logging.getLogger(__name__)

__all__ = ["read_sources", "Fetcher", "Page", "is_url", "looks_like_feed", "source_name"]

AGENT_TOKEN = "newsevents"  # the name robots.txt rules address
USER_AGENT = f"{AGENT_TOKEN}/{__version__} (news event coder; python-requests)"
MAX_REDIRECTS = 5
RETRY_AFTER_CAP = 30.0  # seconds: a server asking for a longer wait gets this much, then one more try
MAX_CRAWL_DELAY = 10.0  # seconds: robots.txt Crawl-delay is honoured up to this
ROBOTS_MAX_BYTES = 512_000  # RFC 9309 asks crawlers to parse at least 500 KiB
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
URL_LIST_SUFFIXES = {".urls"}
# A feed entry's own text stands in for its page only when it is a story, not a teaser.
FEED_TEXT_MIN_CHARS = 400
SNIFF_BYTES = 1024

HTML_TYPES = {"text/html", "application/xhtml+xml"}
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"}
_FEED_ROOT = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?[^>]*>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(?:rss|feed|rdf:RDF)\b",
    re.DOTALL | re.IGNORECASE,
)
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!DOCTYPE\s+html|html)\b", re.DOTALL | re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")]+)")


def is_url(source: str) -> bool:
    """True for an http(s) URL, the only kind of URL newsevents fetches."""
    return source[:8].lower().startswith(("http://", "https://"))


def looks_like_feed(head: bytes) -> bool:
    """True when a document's first bytes open an RSS, Atom or RDF feed."""
    return bool(_FEED_ROOT.match(head[: SNIFF_BYTES * 4]))


def source_name(url: str) -> str | None:
    """The outlet a URL belongs to: its host name without "www." (www.reuters.com -> reuters.com)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.") or None


def read_sources(
    sources: Iterable[str],
    published: dt.date | None = None,
    source: str | None = None,
    *,
    fetcher: Fetcher | None = None,
) -> Iterator[Article | ArticleError]:
    """Articles (or ArticleErrors) from each SOURCE in turn: an http(s) URL of an article or feed,
    an RSS/Atom file, a file of URLs, or anything `read.read_paths` reads (text, HTML, JSONL, a directory, "-").

    Local paths are checked before anything is read or fetched, so a mistyped name fails at once with InputError.
    `published` and `source` fill in articles that have no date or source of their own.
    """
    sources = list(sources)
    if not sources:
        raise InputError("no input: name a file, a directory, a feed, a URL, or '-' for standard input")
    problem = read.published_problem(published)
    if problem:
        raise InputError(f"--published: {problem}")
    for item in sources:
        if is_url(item):
            if not urlsplit(item).hostname:
                raise InputError(f"not a URL: {item} (write it as http://host/path)")
        else:
            read.read_paths([item])  # only checks that the path exists; reading starts on iteration
    if sources.count("-") > 1:
        raise InputError("standard input ('-') can be named only once")
    return _Reader(published, source, fetcher).read_all(sources)


@dataclass
class Page:
    """One fetched document: the URL asked for, the URL it came from after redirects, and its bytes."""

    url: str
    final_url: str
    content_type: str  # media type only, lower case, e.g. "text/html"; "" when the server sent none
    charset: str | None
    body: bytes


class Fetcher:
    """A polite HTTP client: robots.txt per host, a per-host delay, a timeout, retries and size caps.

    Every failure is raised as ArticleError(url, reason). Not thread-safe: use one per thread.
    """

    def __init__(
        self,
        *,
        timeout: float | None = None,
        retries: int | None = None,
        delay: float | None = None,
        max_bytes: int | None = None,
        backoff: float = 1.0,
        user_agent: str = USER_AGENT,
        session: requests.Session | None = None,
    ):
        self.timeout = float(settings.get("fetch_timeout")) if timeout is None else timeout
        self.retries = settings.get_int("fetch_retries") if retries is None else retries
        self.delay = float(settings.get("fetch_delay")) if delay is None else delay
        self.max_bytes = settings.get_int("fetch_max_bytes") if max_bytes is None else max_bytes
        self.backoff = backoff
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self.session.max_redirects = MAX_REDIRECTS
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._last_request: dict[str, float] = {}

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str) -> Page:
        """The document at URL, after checking robots.txt; ArticleError when it cannot be had."""
        if not self.allowed(url):
            raise ArticleError(url, "disallowed by robots.txt (the site asks robots not to fetch this page)")
        attempt = 0
        while True:
            try:
                return self._get_once(url, self.max_bytes)
            except _Retry as retry:
                if attempt >= self.retries:
                    raise ArticleError(url, f"{retry.reason} (after {attempt + 1} tries)") from None
                wait = retry.wait if retry.wait is not None else self.backoff * 2**attempt
                logger.debug("%s: %s; trying again in %.1f s", url, retry.reason, wait)
                time.sleep(wait)
                attempt += 1

    def allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets newsevents fetch URL (fetched once per host and kept)."""
        return self._robots_for(url).can_fetch(AGENT_TOKEN, url)

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser:
        parts = urlsplit(url)
        root = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        parser = self._robots.get(root)
        if parser is not None:
            return parser
        parser = urllib.robotparser.RobotFileParser(root + "/robots.txt")
        try:
            page = self._get_once(root + "/robots.txt", ROBOTS_MAX_BYTES, truncate=True)
            parser.parse(page.body.decode("utf-8", errors="replace").splitlines())
        except (_Retry, ArticleError) as exc:
            # 4xx means the site has no rules (RFC 9309). When robots.txt cannot be had at all, the
            # pages the user named are still fetched (with retries and delay) rather than all lost.
            logger.debug("%s/robots.txt: %s; fetching allowed", root, exc.reason)
            parser.allow_all = True
        self._robots[root] = parser
        return parser

    def _crawl_delay(self, host: str) -> float:
        delay = self.delay
        for root, parser in self._robots.items():
            if urlsplit(root).netloc == host:
                asked = parser.crawl_delay(AGENT_TOKEN)
                if asked:
                    delay = max(delay, min(float(asked), MAX_CRAWL_DELAY))
        return delay

    def _wait_for_host(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = self._crawl_delay(host) - (time.monotonic() - last)
            if wait > 0:
                time.sleep(wait)

    def _get_once(self, url: str, max_bytes: int, truncate: bool = False) -> Page:
        host = urlsplit(url).netloc.lower()
        self._wait_for_host(host)
        try:
            with self.session.get(url, timeout=self.timeout, stream=True, allow_redirects=True) as response:
                _check_status(url, response)
                body = _read_capped(url, response, max_bytes, truncate)
                media_type, charset = _content_type(response.headers.get("Content-Type", ""))
                return Page(url, response.url, media_type, charset, body)
        except requests.TooManyRedirects:
            raise ArticleError(url, f"too many redirects (more than {MAX_REDIRECTS}; a redirect loop?)") from None
        except requests.ConnectTimeout:
            raise _Retry(f"connection timed out after {self.timeout:g} s") from None
        except requests.ReadTimeout:
            raise ArticleError(url, f"timed out after {self.timeout:g} s waiting for the server (set NEWSEVENTS_FETCH_TIMEOUT to wait longer)") from None
        except requests.ConnectionError as exc:
            if "timed out" in str(exc).lower():  # a stalled body read surfaces as a ConnectionError
                raise ArticleError(url, f"timed out after {self.timeout:g} s reading the page (set NEWSEVENTS_FETCH_TIMEOUT to wait longer)") from None
            raise _Retry(f"cannot connect to {host}: {_network_reason(exc)}") from None
        except requests.RequestException as exc:
            raise ArticleError(url, f"cannot fetch: {_network_reason(exc)}") from None
        finally:
            self._last_request[host] = time.monotonic()


class _Retry(Exception):
    """A failure worth another try: a connection error, a 5xx, a 429."""

    def __init__(self, reason: str, wait: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


def _check_status(url: str, response: requests.Response) -> None:
    status = response.status_code
    if status < 400:
        return
    text = f"HTTP {status} {response.reason or ''}".strip()
    if status == 429 or status >= 500:
        raise _Retry(text, _retry_after(response.headers.get("Retry-After")))
    raise ArticleError(url, text)


def _retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), at most RETRY_AFTER_CAP."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        seconds = (when - (now or dt.datetime.now(dt.timezone.utc))).total_seconds()
    return max(0.0, min(seconds, RETRY_AFTER_CAP))


def _read_capped(url: str, response: requests.Response, max_bytes: int, truncate: bool) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes and not truncate:
        raise ArticleError(url, f"too large ({int(declared)} bytes; the limit is {max_bytes}, set NEWSEVENTS_FETCH_MAX_BYTES to raise it)")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=65536):
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            if truncate:
                break
            raise ArticleError(url, f"too large (over {max_bytes} bytes; set NEWSEVENTS_FETCH_MAX_BYTES to raise the limit)")
    return b"".join(chunks)[:max_bytes]


def _content_type(header: str) -> tuple[str, str | None]:
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media_type.strip().lower(), charset


def _network_reason(exc: Exception) -> str:
    text = str(exc)
    lowered = text.lower()
    if "name or service not known" in lowered or "nodename nor servname" in lowered or "name resolution" in lowered:
        return "host name not found"
    match = _ERRNO.search(text)
    if match:
        return match.group(1).strip().lower()
    return type(exc).__name__


class _Reader:
    """One pass over the sources; makes a Fetcher only when something must be fetched."""

    def __init__(self, published: dt.date | None, source: str | None, fetcher: Fetcher | None):
        self.published = published
        self.source = source
        self._fetcher = fetcher
        self._own_fetcher = False

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher()
            self._own_fetcher = True
        return self._fetcher

    def read_all(self, sources: list[str]) -> Iterator[Article | ArticleError]:
        try:
            for item in sources:
                yield from self._read_source(item)
        finally:
            if self._own_fetcher and self._fetcher is not None:
                self._fetcher.close()

    def _read_source(self, item: str) -> Iterator[Article | ArticleError]:
        if is_url(item):
            yield from self._read_url(item)
            return
        kind = _local_kind(item)
        if kind == "feed":
            yield from self._read_feed_file(item)
        elif kind == "urls":
            yield from self._read_url_list(item)
        else:
            try:
                yield from read.read_paths([item], self.published, self.source)
            except InputError as exc:  # checked up front; gone since
                yield ArticleError(item, str(exc))

    def _read_url(self, url: str) -> Iterator[Article | ArticleError]:
        try:
            page = self.fetcher.get(url)
        except ArticleError as exc:
            yield exc
            return
        if _is_feed(page):
            yield from self._read_feed(page.body, url, base=page.final_url)
            return
        try:
            yield self._article_from_page(page)
        except ArticleError as exc:
            yield exc

    def _read_url_list(self, path: str) -> Iterator[Article | ArticleError]:
        name = read.one_line(Path(path).name)
        try:
            with open(path, encoding="utf-8-sig") as fh:
                lines = list(fh)
        except (OSError, UnicodeDecodeError) as exc:
            yield ArticleError(name, f"cannot read the list of URLs: {getattr(exc, 'strerror', None) or exc}")
            return
        for number, line in enumerate(lines, start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if not is_url(line) or not urlsplit(line).hostname:
                yield ArticleError(f"{name}:line {number}", f"not an http(s) URL: {read.one_line(line[:80])}")
                continue
            yield from self._read_url(line)

    def _read_feed_file(self, path: str) -> Iterator[Article | ArticleError]:
        name = read.one_line(Path(path).name)
        try:
            with open(path, "rb") as fh:
                data = fh.read(settings.get_int("fetch_max_bytes") + 1)
        except OSError as exc:
            yield ArticleError(name, f"cannot read file: {exc.strerror or exc}")
            return
        if len(data) > settings.get_int("fetch_max_bytes"):
            yield ArticleError(name, "too large for a feed (set NEWSEVENTS_FETCH_MAX_BYTES to raise the limit)")
            return
        yield from self._read_feed(data, name, base=None)

    def _read_feed(self, data: bytes, feed_id: str, base: str | None) -> Iterator[Article | ArticleError]:
        import feedparser  # imported here: only feeds need it

        headers = {"content-location": base} if base else {}
        # A stream, never str or bytes: given those, feedparser tries them as a URL or file name first.
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, resolve_relative_uris=True, sanitize_html=True)
        entries = parsed.get("entries") or []
        if not entries:
            if parsed.get("bozo") or not parsed.get("version"):
                problem = str(parsed.get("bozo_exception") or "no RSS or Atom elements").strip().splitlines()[0]
                yield ArticleError(feed_id, f"not a readable RSS or Atom feed ({problem})")
            else:
                logger.warning("%s: the feed has no entries", feed_id)
            return
        for number, entry in enumerate(entries, start=1):
            yield self._read_entry(entry, feed_id, number)

    def _read_entry(self, entry, feed_id: str, number: int) -> Article | ArticleError:
        link = (entry.get("link") or "").strip()
        entry_id = read.one_line(link or entry.get("id") or f"{feed_id}#entry-{number}")
        entry_date = _entry_date(entry)
        if is_url(link) and urlsplit(link).hostname:
            try:
                page = self.fetcher.get(link)
                if _is_feed(page):
                    raise ArticleError(link, "the entry links to a feed, not an article page")
                return self._article_from_page(page, entry_date)
            except ArticleError as exc:
                failure = exc.reason
        else:
            failure = "no http(s) link" if not link else f"link is not an http(s) URL: {link[:80]}"
        text = _entry_text(entry)
        if len(text) < FEED_TEXT_MIN_CHARS:
            have = f"the entry has only {len(text)} characters of text" if text else "the entry has no text of its own"
            return ArticleError(entry_id, f"{failure}; {have}")
        logger.info("%s: using the feed entry's own text (%s)", entry_id, failure)
        article = Article(
            id=entry_id,
            text=text,
            published=entry_date,
            source=self.source or (source_name(link) if is_url(link) else None),
            url=link or None,
            title=(entry.get("title") or "").strip() or None,
        )
        try:
            read.validate(article)
        except ArticleError as exc:
            return exc
        return read._with_defaults(article, self.published, self.source)

    def _article_from_page(self, page: Page, entry_date: dt.date | None = None) -> Article:
        """The article in a fetched page: id = the URL asked for, url = where it came from after redirects."""
        try:
            if page.content_type in HTML_TYPES or (not page.content_type and _HTML_START.match(page.body[:SNIFF_BYTES])):
                article = read.article_from_html(page.url, _decode_html(page.body, page.charset))
            elif page.content_type == "text/plain":
                article = Article(id=page.url, text=_decode_text(page.body, page.charset, page.url))
                read.validate(article)
            else:
                shown = page.content_type or "none given"
                raise ArticleError(page.url, f"not an HTML page (content type {shown})")
        except ArticleError as exc:
            refused = getattr(exc, "article", None)
            if isinstance(refused, Article):  # keep where a refused article came from
                self._fill(refused, page, entry_date)
            raise
        return self._fill(article, page, entry_date)

    def _fill(self, article: Article, page: Page, entry_date: dt.date | None) -> Article:
        article.url = page.final_url
        article.source = self.source or source_name(page.final_url)
        if article.published is None:
            article.published = entry_date
        return read._with_defaults(article, self.published, self.source)


def _local_kind(path: str) -> str:
    """'feed', 'urls' or 'other' (anything read.read_paths reads), from the suffix and the first bytes."""
    if path == "-" or not Path(path).is_file():
        return "other"
    suffix = Path(path).suffix.lower()
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in URL_LIST_SUFFIXES:
        return "urls"
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return "other"  # read_paths reports it
    if looks_like_feed(head):
        return "feed"
    if suffix == ".txt" and _is_url_list(path):
        return "urls"
    return "other"


def _is_url_list(path: str) -> bool:
    """True when every non-blank line not starting with "#" is an http(s) URL, and there is one."""
    found = False
    try:
        with open(path, encoding="utf-8-sig") as fh:
            for line in fh:  # stops at the first line of prose, so a long text costs one line
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                if not is_url(line) or any(c.isspace() for c in line):
                    return False
                found = True
    except (OSError, UnicodeDecodeError):
        return False
    return found


def _is_feed(page: Page) -> bool:
    if looks_like_feed(page.body[: SNIFF_BYTES * 4]):
        return True
    media_type = page.content_type
    return media_type in FEED_TYPES or "rss" in media_type or "atom" in media_type


def _entry_date(entry) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            try:
                day = dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except (AttributeError, ValueError):
                continue
            if read.published_problem(day) is None:  # a feed dated 2999 or 0001 is wrong, not news
                return day
    return None


def _entry_text(entry) -> str:
    """The longest text a feed entry carries (full content, else summary), as plain text."""
    import trafilatura

    candidates = [c.get("value", "") for c in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    best = ""
    for html in candidates:
        if not html.strip():
            continue
        text = trafilatura.html2txt(f"<html><body>{html}</body></html>") if "<" in html else html
        text = re.sub(r"[ \t]+", " ", text or "").strip()
        if len(text) > len(best):
            best = text
    return best


def _decode_html(data: bytes, charset: str | None) -> str:
    """An HTML page's text, in the charset the server or the page's meta tag names, else UTF-8."""
    candidates = [charset]
    match = _META_CHARSET.search(data[:SNIFF_BYTES * 4])
    if match:
        candidates.append(match.group(1).decode("ascii", errors="ignore"))
    for name in [*candidates, "utf-8"]:
        if not name:
            continue
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


def _decode_text(data: bytes, charset: str | None, article_id: str) -> str:
    if b"\x00" in data:
        raise ArticleError(article_id, "binary content (NUL bytes), not text")
    for name in (charset, "utf-8-sig"):
        if name:
            try:
                return data.decode(name)
            except (LookupError, UnicodeDecodeError):
                continue
    return data.decode("cp1252", errors="replace")
