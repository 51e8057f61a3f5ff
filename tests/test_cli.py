"""The `newsevents code` command through main([...]), with a fake coder so the tests do not need the model."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsevents import cli, pipeline
from newsevents.errors import ModelNotInstalled
from newsevents.records import Acled, Article, EventRecord, Plover, Span

ENGLISH = (
    "Police in the capital arrested twelve people on Tuesday after a protest against rising fuel prices "
    "turned violent, a spokesman for the interior ministry said."
)


def fake_code_articles(articles):
    """One protest event per article, built from its first word, like the real coder's output."""
    for article in articles:
        record = EventRecord(
            article_id=article.id,
            trigger=Span.of(article.text, 0, 6),
            sentence=Span.of(article.text, 0, len(article.text)),
            acled=Acled("Protests", "Peaceful protest", "Demonstrations"),
            plover=Plover("PROTEST", "demonstrate"),
            date=article.published.isoformat() if article.published else None,
            source=article.source,
        ).finalize()
        yield article, [record]


@pytest.fixture(autouse=True)
def fake_coder(monkeypatch):
    monkeypatch.setattr(pipeline, "code_articles", fake_code_articles)


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    return path


def test_code_text_file_jsonl(good: Path, capsys):
    assert cli.main(["code", str(good), "--published", "2024-03-12", "--source", "wire"]) == 0
    out, err = capsys.readouterr()
    row = json.loads(out)
    assert (row["article_id"], row["date"], row["source"]) == ("good.txt", "2024-03-12", "wire")
    assert row["acled"]["event_type"] == "Protests"
    assert err == ""  # stderr is not a terminal here: no progress, no summary


def test_code_csv_to_file(good: Path, tmp_path: Path, capsys):
    target = tmp_path / "out.csv"
    assert cli.main(["code", str(good), "--format", "csv", "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0]["sub_event_type"] == "Peaceful protest" and rows[0]["tags"] == "crowd size=no report"


def test_code_table(good: Path, capsys):
    assert cli.main(["code", str(good), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "# good.txt" in out and "Peaceful protest" in out


def test_some_failed_exit_1_with_one_line_per_failure(good: Path, tmp_path: Path, capsys):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"id": "ok", "text": ENGLISH}) + "\n{broken\n" + json.dumps({"id": "blank", "text": " "}) + "\n",
        encoding="utf-8",
    )
    assert cli.main(["code", str(good), str(batch)]) == 1
    out, err = capsys.readouterr()
    assert [json.loads(line)["article_id"] for line in out.splitlines()] == ["good.txt", "ok"]
    assert err.splitlines() == [
        "newsevents: skipped batch.jsonl:line 2: invalid JSON (Expecting property name enclosed in double quotes at column 2)",
        "newsevents: skipped blank: empty text (batch.jsonl:line 3)",
        "coded 2 articles, 2 events, 2 failed",
    ]


def test_all_failed_exit_3(tmp_path: Path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02")
    assert cli.main(["code", str(empty), str(binary)]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "newsevents: skipped empty.txt: empty text",
        "newsevents: skipped blob.txt: binary file (NUL bytes), not text",
        "coded 0 articles, 0 events, 2 failed",
    ]


def test_nothing_to_code_exit_3(tmp_path: Path, capsys):
    blank = tmp_path / "nothing.jsonl"
    blank.write_text("\n\n", encoding="utf-8")
    assert cli.main(["code", str(blank)]) == 3


def test_missing_file_is_one_line_exit_2(tmp_path: Path, capsys):
    assert cli.main(["code", str(tmp_path / "nope.txt")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"newsevents: error: no such file: {tmp_path / 'nope.txt'}\n"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["code", "x.txt", "--published", "12/03/2024"], "newsevents: error: argument --published: invalid date '12/03/2024': use YYYY-MM-DD, e.g. 2024-03-12 (see 'newsevents code --help')"),
        (["code", "x.txt", "--format", "xml"], "newsevents: error: argument --format: invalid choice: 'xml'"),
        (["code"], "newsevents: error: the following arguments are required: PATH (see 'newsevents code --help')"),
        ([], "newsevents: error: the following arguments are required: COMMAND (see 'newsevents --help')"),
    ],
)
def test_usage_errors_exit_2_one_line(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(message)  # argparse words its list of choices differently across Python versions
    assert err.endswith("--help')\n")


def test_unwritable_output_exit_2(good: Path, tmp_path: Path, capsys):
    assert cli.main(["code", str(good), "-o", str(tmp_path / "no" / "such" / "dir.jsonl")]) == 2
    assert capsys.readouterr().err.startswith("newsevents: error: cannot write ")


def test_named_error_from_coder_is_one_line(good: Path, monkeypatch, capsys):
    def broken(articles):
        raise ModelNotInstalled("spaCy pipeline 'xx' is not installed: pip install it, or set NEWSEVENTS_SPACY_MODEL")
        yield

    monkeypatch.setattr(pipeline, "code_articles", broken)
    assert cli.main(["code", str(good)]) == 1
    assert capsys.readouterr().err == "newsevents: error: spaCy pipeline 'xx' is not installed: pip install it, or set NEWSEVENTS_SPACY_MODEL\n"


def test_keyboard_interrupt_exit_130_quietly(good: Path, monkeypatch, capsys):
    def interrupted(articles):
        raise KeyboardInterrupt
        yield

    monkeypatch.setattr(pipeline, "code_articles", interrupted)
    assert cli.main(["code", str(good)]) == 130
    assert capsys.readouterr().err == ""


def test_coder_may_refuse_one_article(good: Path, tmp_path: Path, monkeypatch, capsys):
    from newsevents.errors import ArticleError

    def picky(articles):
        for article in articles:
            yield article, ArticleError(article.id, "no events could be coded")

    monkeypatch.setattr(pipeline, "code_articles", picky)
    assert cli.main(["code", str(good)]) == 3
    assert "newsevents: skipped good.txt: no events could be coded" in capsys.readouterr().err


def test_stdin(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"id": "s1", "text": ENGLISH, "published": "2024-03-12"}) + "\n"))
    assert cli.main(["code", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["article_id"] == "s1"


def test_articles_are_streamed(tmp_path: Path, monkeypatch, capsys):
    """The coder sees the first article before the reader has read the second."""
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps({"id": f"n{i}", "text": ENGLISH}) + "\n" for i in range(3)), encoding="utf-8")
    seen: list[str] = []

    def recording(articles):
        for article in articles:
            seen.append(article.id)
            yield from fake_code_articles([article])

    from newsevents import read as read_module

    real = read_module.read_paths

    def tracking_read_paths(*args, **kwargs):
        for item in real(*args, **kwargs):
            seen.append(f"read {item.id}")
            yield item

    monkeypatch.setattr(read_module, "read_paths", tracking_read_paths)
    monkeypatch.setattr(pipeline, "code_articles", recording)
    assert cli.main(["code", str(batch)]) == 0
    assert seen[:3] == ["read n0", "n0", "read n1"]


def test_python_dash_m_runs(tmp_path: Path):
    done = subprocess.run([sys.executable, "-m", "newsevents", "code", str(tmp_path / "missing.txt")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"newsevents: error: no such file: {tmp_path / 'missing.txt'}"]


def test_example_article_exists_and_is_english():
    from newsevents.read import read_paths

    root = Path(__file__).resolve().parents[1] / "examples"
    (article,) = list(read_paths([str(root / "article.txt")]))
    assert isinstance(article, Article) and 250 <= len(article.text.split()) <= 400


def test_coder_log_is_one_line_without_traceback(good: Path, monkeypatch, capsys):
    import logging

    def logging_coder(articles):
        for article in articles:
            try:
                raise ValueError("boom")
            except ValueError:
                logging.getLogger("newsevents.pipeline").exception("coding %s failed", article.id)
            yield from fake_code_articles([article])

    monkeypatch.setattr(pipeline, "code_articles", logging_coder)
    assert cli.main(["code", str(good)]) == 0
    assert capsys.readouterr().err == "newsevents: ERROR: coding good.txt failed\n"
    assert cli.main(["-v", "code", str(good)]) == 0
    err = capsys.readouterr().err
    assert "Traceback" in err and "newsevents.pipeline: coding good.txt failed" in err


def test_progress_line_on_a_terminal_only():
    from newsevents.progress import Progress

    stream = io.StringIO()
    with Progress(stream=stream, enabled=True, interval=0) as progress:
        progress.coded(3)
        progress.failure("newsevents: skipped x: empty text")
        progress.coded(0)
    text = stream.getvalue()
    assert "\rcoded 1 articles, 3 events, 0 failed" in text
    assert "newsevents: skipped x: empty text\n" in text
    assert text.endswith("\r\x1b[K")  # the line is cleared when done
    assert progress.summary() == "coded 2 articles, 3 events, 1 failed"

    quiet = io.StringIO()
    with Progress(stream=quiet) as progress:  # StringIO is not a terminal
        progress.coded(1)
    assert quiet.getvalue() == ""
