"""Readers: text, HTML, JSONL and stdin to Articles; bad input becomes ArticleError with its id and reason."""

from __future__ import annotations

import datetime as dt
import io
import json
import tracemalloc
from pathlib import Path

import pytest

from newsevents import read
from newsevents.errors import ArticleError, InputError
from newsevents.records import Article

ENGLISH = (
    "Police in the capital arrested twelve people on Tuesday after a protest against rising fuel prices "
    "turned violent, a spokesman for the interior ministry said. Witnesses said officers fired tear gas "
    "at the crowd, which had gathered outside the parliament building since the early morning."
)
FRENCH = (
    "La police de la capitale a arrêté douze personnes mardi après qu'une manifestation contre la hausse "
    "des prix du carburant a dégénéré, selon un porte-parole du ministère de l'Intérieur. Des témoins "
    "affirment que les agents ont tiré des gaz lacrymogènes sur la foule rassemblée devant le parlement."
)
INDONESIAN = (
    "Polisi di ibu kota menangkap dua belas orang pada hari Selasa setelah unjuk rasa menentang kenaikan "
    "harga bahan bakar berubah menjadi ricuh, kata juru bicara kementerian dalam negeri. Saksi mata "
    "mengatakan petugas menembakkan gas air mata ke arah massa yang berkumpul di depan gedung parlemen."
)
HTML = f"""<!DOCTYPE html>
<html><head><title>Fuel protest ends in arrests</title>
<meta property="article:published_time" content="2024-03-12T08:00:00Z">
<script>var trackingSecret = "SCRIPT-TEXT-MUST-NOT-APPEAR"; window.ads = [];</script>
<style>.x {{ color: red }}</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Fuel protest ends in arrests</h1>
<p>{ENGLISH}</p>
<p>The ministry said the twelve would appear in court on Thursday. Opposition parties called the arrests
an attempt to silence critics of the government and promised further demonstrations next week.</p>
<script>document.write("SCRIPT-TEXT-MUST-NOT-APPEAR")</script>
</article><footer>Copyright Example Wire</footer></body></html>
"""


def _all(paths, **kw):
    return list(read.read_paths([str(p) for p in paths], **kw))


def _one(paths, **kw):
    items = _all(paths, **kw)
    assert len(items) == 1
    return items[0]


def test_text_file_id_is_file_name_and_defaults_apply(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    article = _one([path], published=dt.date(2024, 3, 12), source="wire")
    assert isinstance(article, Article)
    assert (article.id, article.text, article.published, article.source, article.language) == (
        "story.txt", ENGLISH, dt.date(2024, 3, 12), "wire", "en")


def test_text_file_with_byte_order_mark(tmp_path: Path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ENGLISH.encode("utf-8"))
    assert _one([path]).text == ENGLISH


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty text"),
        (b"   \n\t  \n", "empty text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"caf\xe9 au lait " * 10, "binary file"),
        (b"Short one.", "too short"),
        (FRENCH.encode("utf-8"), "not English (looks like another language)"),
        (INDONESIAN.encode("utf-8"), "not English (looks like another language)"),
    ],
    ids=["empty", "whitespace", "nul-bytes", "not-utf8", "short", "french", "indonesian"],
)
def test_bad_text_files_become_article_errors(tmp_path: Path, content: bytes, reason: str):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    error = _one([path])
    assert isinstance(error, ArticleError)
    assert error.article_id == "bad.txt"
    assert error.reason.startswith(reason)


def test_huge_text_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_MAX_CHARS", "1000")
    path = tmp_path / "huge.txt"
    path.write_text(ENGLISH * 20, encoding="utf-8")
    error = _one([path])
    assert isinstance(error, ArticleError) and error.reason.startswith("too large")
    assert "NEWSEVENTS_MAX_CHARS" in error.reason


def test_huge_file_is_refused_without_reading_it(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_MAX_CHARS", "100")
    path = tmp_path / "huge.txt"
    path.write_text("x" * 1000, encoding="utf-8")
    error = _one([path])
    assert isinstance(error, ArticleError) and "bytes" in error.reason


def test_english_heuristic():
    assert read.looks_english(ENGLISH)
    assert not read.looks_english(FRENCH)
    assert not read.looks_english(INDONESIAN)
    assert read.looks_english("Baghdad, Basra, Najaf")  # too few words to judge: let it through
    russian = ("Полиция задержала двенадцать человек во вторник после того, как протест против роста цен "
               "на топливо перерос в столкновения, сообщил представитель министерства внутренних дел")
    assert not read.looks_english(russian)
    # Few English function words but no other language's either: a results table, not a foreign text.
    results = ("BC-SOC--Danish Standings OB Odense 2, AGF Aarhus 2 Randers FC 1, Sonderjyske 1 Viborg 1, "
               "Nordsjaelland 1 FC Copenhagen 2, Esbjerg 1 Brondby 1, Hobro IK 1 Silkeborg 0, Horsens 3 Lyngby 1, "
               "Vejle 2 Midtjylland 2")
    assert read.looks_english(results)


def test_html_main_text_without_scripts(tmp_path: Path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    article = _one([path], published=dt.date(2000, 1, 1), source="fallback")
    assert isinstance(article, Article), article
    assert article.id == "page.html"
    assert "arrested twelve people" in article.text
    assert "SCRIPT-TEXT-MUST-NOT-APPEAR" not in article.text
    assert "trackingSecret" not in article.text
    assert article.title == "Fuel protest ends in arrests"
    assert article.published == dt.date(2024, 3, 12)  # the page's own date wins over --published
    assert article.language == "en"


def test_html_without_main_text(tmp_path: Path):
    path = tmp_path / "empty.htm"
    path.write_text("<html><head><script>var a = 1;</script></head><body></body></html>", encoding="utf-8")
    error = _one([path])
    assert isinstance(error, ArticleError) and error.article_id == "empty.htm"


def test_jsonl_articles_defaults_and_bad_lines(tmp_path: Path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": ENGLISH, "published": "2024-03-12", "source": "wire", "url": "https://x.org/1", "title": "T"}),
        json.dumps({"text": ENGLISH, "published": "2024-03-12T23:30:00+03:00"}),
        "",
        '{"id": "a3", "text": "unterminated',
        json.dumps({"id": "a4", "text": "   "}),
        json.dumps({"id": "a5", "text": ENGLISH, "published": "last Tuesday"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": 6, "text": FRENCH}),
        json.dumps({"id": "a7"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _all([path], published=dt.date(2020, 1, 1), source="cli")
    assert [type(i).__name__ for i in items] == ["Article", "Article"] + ["ArticleError"] * 6
    first, second = items[0], items[1]
    assert (first.id, first.published, first.source, first.url, first.title) == ("a1", dt.date(2024, 3, 12), "wire", "https://x.org/1", "T")
    assert (second.id, second.published, second.source) == ("batch.jsonl:2", dt.date(2024, 3, 12), "cli")
    errors = {e.article_id: e.reason for e in items[2:]}
    assert errors["batch.jsonl:line 4"].startswith("invalid JSON")
    assert errors["a4"] == "empty text (batch.jsonl:line 5)"
    assert errors["a5"].startswith("bad published date 'last Tuesday'")
    assert errors["batch.jsonl:line 7"].startswith("expected a JSON object")
    assert errors["6"].startswith("not English")
    assert errors["a7"].startswith("no 'text' field")


def test_jsonl_binary_line(tmp_path: Path):
    path = tmp_path / "bin.jsonl"
    path.write_bytes(json.dumps({"id": "ok", "text": ENGLISH}).encode() + b"\n\x00\x01\x02\xff\n")
    items = _all([path])
    assert isinstance(items[0], Article)
    assert isinstance(items[1], ArticleError) and items[1].article_id == "bin.jsonl:line 2"


def test_jsonl_streams_in_constant_memory(tmp_path: Path):
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(10_000):
            fh.write(json.dumps({"id": f"n{i}", "text": ENGLISH}) + "\n")
    tracemalloc.start()
    count = 0
    for item in read.read_paths([str(path)]):
        assert isinstance(item, Article)
        count += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 10_000
    assert peak < 2_000_000, peak  # the file is ~3 MB of text; holding it all would exceed this


def test_stdin_text(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(ENGLISH.encode("utf-8")), encoding="utf-8"))
    article = _one(["-"], source="pasted")
    assert (article.id, article.text, article.source) == ("stdin", ENGLISH, "pasted")


def test_stdin_jsonl(monkeypatch):
    data = "\n  " + json.dumps({"id": "s1", "text": ENGLISH}) + "\nnot json\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(data))
    items = _all(["-"])
    assert isinstance(items[0], Article) and items[0].id == "s1"
    assert isinstance(items[1], ArticleError) and items[1].article_id == "stdin:line 3"


def test_directory_reads_known_suffixes(tmp_path: Path):
    (tmp_path / "b.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "j", "text": ENGLISH}) + "\n", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00")
    assert [a.id for a in _all([tmp_path])] == ["j", "b.txt"]


def test_directory_recurses_into_subfolders_but_not_hidden_ones(tmp_path: Path):
    (tmp_path / "2024" / "03").mkdir(parents=True)
    (tmp_path / "2024" / "03" / "c.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text(ENGLISH, encoding="utf-8")
    assert [a.id for a in _all([tmp_path])] == ["c.txt", "a.txt"]


def test_missing_path_is_input_error_before_reading(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH, encoding="utf-8")
    with pytest.raises(InputError, match="no such file: .*missing.txt"):
        read.read_paths([str(good), str(tmp_path / "missing.txt")])


def test_parse_date():
    assert read.parse_date("2024-03-12") == dt.date(2024, 3, 12)
    assert read.parse_date("2024-03-12T10:00:00Z") == dt.date(2024, 3, 12)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        read.parse_date("12/03/2024")


def test_example_files_read():
    root = Path(__file__).resolve().parents[1] / "examples"
    items = _all([root / "article.txt", root / "articles.jsonl"])
    assert [type(i).__name__ for i in items] == ["Article", "Article", "Article", "ArticleError"]
