from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from qa.errors import EmptyCorpus
from qa.ingest import clean_text, corpus_files, load_corpus


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def test_bundled_article_has_metadata_out_of_body() -> None:
    docs = load_corpus(Path(__file__).parent.parent / "corpus").documents
    (doc,) = docs
    assert doc.date == "2023-06-26" and doc.source == "Devdiscourse"
    assert "Okay To Not Be Okay" in doc.title
    assert doc.text.startswith("The K-drama series") and "date 2023" not in doc.text and "---" not in doc.text


def test_front_matter_fields(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\ntitle: Hello\ndate: 2024-02-03\nsource: Site\nurl: https://x.org/a\ntags: [one, two]\n---\nBody text here.\n")
    (doc,) = load_corpus(tmp_path).documents
    assert (doc.title, doc.date, doc.source, doc.url, doc.tags, doc.text) == ("Hello", "2024-02-03", "Site", "https://x.org/a", ("one", "two"), "Body text here.")


def test_text_without_front_matter_gets_title_from_name(tmp_path: Path) -> None:
    write(tmp_path, "my-first_note.txt", "Just text.")
    (doc,) = load_corpus(tmp_path).documents
    assert doc.title == "my first note" and doc.date is None and doc.id == "my-first_note"


def test_bad_date_keeps_article_without_date(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    write(tmp_path, "a.md", "---\ntitle: T\ndate: next year\n---\nBody.\n")
    (doc,) = load_corpus(tmp_path).documents
    assert doc.date is None
    assert "a.md" in caplog.text and "next year" in caplog.text


def test_html_main_text_without_scripts_or_navigation(tmp_path: Path) -> None:
    html = """<html><head><title>Season news</title><script>var secret = 'tracking';</script></head><body>
    <nav><a href="/">Home</a> | <a href="/k">K-drama menu link</a></nav>
    <article><h1>Season news</h1><p>The drama was renewed for a second season after strong ratings across Asia and Europe.</p>
    <p>Filming starts in the spring, according to the studio, and the main cast is returning for all episodes.</p></article>
    <footer>Copyright footer text</footer></body></html>"""
    write(tmp_path, "page.html", html)
    (doc,) = load_corpus(tmp_path).documents
    assert "renewed for a second season" in doc.text and "Filming starts" in doc.text
    assert "tracking" not in doc.text and "menu link" not in doc.text
    assert doc.title == "Season news"


def test_jsonl_bad_line_is_reported_and_others_load(tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": "One", "date": "2023-01-01", "source": "S", "text": "First article."}),
        "{not json",
        json.dumps({"title": "No text"}),
        json.dumps({"title": "Three", "text": "Third article."}),
    ]
    write(tmp_path, "feed.jsonl", "\n".join(lines))
    result = load_corpus(tmp_path)
    assert [d.title for d in result.documents] == ["One", "Three"]
    assert [(p.path, p.line) for p in result.problems] == [("feed.jsonl", 2), ("feed.jsonl", 3)]
    assert "feed.jsonl:2" in str(result.problems[0])


@pytest.mark.parametrize(
    "name,data,why",
    [
        ("binary.txt", b"\x00\x01\x02PNG\x00" * 100, "binary"),
        ("latin1.md", "caf\u00e9 na\u00efve".encode("latin-1"), "UTF-8"),
        ("empty.md", "---\ntitle: nothing\n---\n   \n", "no article text"),
        ("badyaml.md", "---\ntitle: [unclosed\n---\nBody.\n", "YAML"),
    ],
)
def test_bad_file_is_reported_by_name_and_others_load(tmp_path: Path, name: str, data: str | bytes, why: str) -> None:
    write(tmp_path, "good.md", "A good article.")
    write(tmp_path, name, data)
    result = load_corpus(tmp_path)
    assert [d.id for d in result.documents] == ["good"]
    (problem,) = result.problems
    assert problem.path == name and why in problem.reason


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    write(tmp_path, "u16.txt", "\ufeffHello from UTF-16.".encode("utf-16"))
    (doc,) = load_corpus(tmp_path).documents
    assert doc.text == "Hello from UTF-16."


def test_50_mb_article_is_refused_with_advice(tmp_path: Path) -> None:
    with (tmp_path / "big.txt").open("wb") as fh:
        fh.truncate(50_000_000)  # a real 50 MB file (sparse: the size check comes before any read)
    write(tmp_path, "small.txt", "small")
    result = load_corpus(tmp_path)
    assert [d.id for d in result.documents] == ["small"]
    assert result.problems[0].path == "big.txt" and "50 MB" in result.problems[0].reason and "split it" in result.problems[0].reason


def test_identical_documents_are_indexed_once(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "Same text.\n")
    write(tmp_path, "copy/b.txt", "Same   text.")
    result = load_corpus(tmp_path)
    assert len(result.documents) == 1 and "copy/b" in result.duplicates[0]


def test_empty_and_all_bad_corpus_raise_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(EmptyCorpus, match="No readable article"):
        load_corpus(tmp_path)
    write(tmp_path, "x.txt", b"\x00\x00")
    with pytest.raises(EmptyCorpus, match="x.txt"):
        load_corpus(tmp_path)
    with pytest.raises(EmptyCorpus, match="No corpus folder"):
        load_corpus(tmp_path / "missing")


def test_clean_text_removes_invisible_and_control_characters() -> None:
    assert clean_text("a\u200bb\x07c\r\nd\ufeff") == "abc\nd"


def test_javascript_urls_are_dropped(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\nurl: javascript:alert(1)\n---\nBody.\n")
    assert load_corpus(tmp_path).documents[0].url is None


def test_hidden_and_other_files_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, ".hidden.md", "secret")
    write(tmp_path, "image.png", b"\x89PNG")
    write(tmp_path, "a.md", "Visible.")
    assert [d.id for d in load_corpus(tmp_path).documents] == ["a"]


# -- hostile corpus files: one bad file never ends the build ------------------------------------------------------

BOMB = "---\na: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefg", "bcdefgh")
) + "title: boom\n---\nBody of the bomb.\n"


@pytest.mark.parametrize(
    "name,data,why,line",
    [
        ("bomb.md", BOMB, "aliases", 3),
        ("deep.md", "---\nx: " + "[" * 5000 + "]" * 5000 + "\n---\nDeep.\n", "nested too deeply", 2),
        ("deeper.md", "---\nx: " + "[" * 20_000 + "]" * 20_000 + "\n---\nDeeper.\n", "over 16 kB", 2),
        ("feed.jsonl", "[" * 100_000 + "\n", "nested too deeply", 1),
    ],
)
def test_hostile_structure_skips_the_file_with_line_and_reason(tmp_path: Path, name: str, data: str, why: str, line: int) -> None:
    write(tmp_path, "good.md", "A good article.")
    write(tmp_path, name, data)
    result = load_corpus(tmp_path)
    assert [d.id for d in result.documents] == ["good"]
    (problem,) = result.problems
    assert (problem.path, problem.line) == (name, line) and why in problem.reason


@pytest.mark.parametrize("date", ["2023-02-30", "2023-13-01", "2023-00-10"])
def test_impossible_date_keeps_the_article_undated_and_says_so(tmp_path: Path, caplog: pytest.LogCaptureFixture, date: str) -> None:
    write(tmp_path, "a.md", f"---\ntitle: T\ndate: {date}\n---\nBody.\n")
    (doc,) = load_corpus(tmp_path).documents
    assert doc.title == "T" and doc.date is None
    assert "a.md" in caplog.text and date in caplog.text


def test_only_scalar_metadata_is_kept(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\ntitle: [x]\nsource: {y: 2}\ntags: {a: 1}\nextra: [[[1]]]\n---\nBody.\n")
    write(tmp_path, "b.md", "---\ntitle: B\ntags: [one, {nested: 1}, 2]\n---\nOther body.\n")
    a, b = load_corpus(tmp_path).documents
    assert (a.title, a.source, a.tags) == ("a", None, ())
    assert b.tags == ("one", "2")


def test_lone_surrogates_in_jsonl_become_replacement_characters(tmp_path: Path) -> None:
    write(tmp_path, "feed.jsonl", '{"title": "T \\udc80", "text": "Broken \\ud800 text stays readable."}\n')
    (doc,) = load_corpus(tmp_path).documents
    assert doc.text == "Broken \ufffd text stays readable." and doc.title == "T \ufffd"
    doc.text.encode("utf-8")


def test_control_characters_never_reach_displayed_metadata(tmp_path: Path) -> None:
    write(tmp_path, "esc\n\x1b[31mred\x9b.md", "Body one.")
    write(tmp_path, "feed.jsonl", json.dumps({"title": "T\x1b]0;pwned\x07", "source": "S\u202eevil", "tags": ["a\x1bb"], "text": "Body two."}))
    docs = load_corpus(tmp_path).documents
    shown = [(d.title, d.source, d.url, d.date, *d.tags) for d in docs]
    assert not [c for row in shown for field in row if field for c in field if unicodedata.category(c) in ("Cc", "Cf")]
    assert docs[0].title == "esc [31mred" and docs[1].title == "T]0;pwned"


def test_links_leading_outside_the_corpus_are_not_followed(tmp_path: Path) -> None:
    corpus, outside = tmp_path / "corpus", tmp_path / "secret"
    write(outside, "private.txt", "The password is hunter2.")
    write(corpus, "a.md", "A real article.")
    write(corpus, "inner/b.md", "Another article, linked from inside.")
    (corpus / "leak.txt").symlink_to(outside / "private.txt")
    (corpus / "leakdir").symlink_to(outside)
    (corpus / "alias.md").symlink_to(corpus / "inner" / "b.md")
    result = load_corpus(corpus)
    assert all("hunter2" not in d.text for d in result.documents)
    assert sorted(p.path for p in result.problems) == ["leak.txt", "leakdir"]
    assert all("links outside the corpus are not followed" in p.reason for p in result.problems)
    assert "a" in [d.id for d in result.documents]
    assert all("leak" not in p.name for p in corpus_files(corpus))
