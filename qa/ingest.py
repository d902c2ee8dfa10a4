"""Corpus files -> Documents.

Reads ``.md``/``.txt`` (optional YAML front matter), ``.html``/``.htm`` (main
text via trafilatura) and ``.jsonl`` (one article per line). A bad file or
line becomes a :class:`CorpusFileError` in ``IngestResult.problems`` and the
other files still load.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import CorpusFileError, EmptyCorpus
from .metadata import date_field, front_matter, tags_field, text_field, url_field
from .types import Document

__all__ = ["IngestResult", "load_corpus", "corpus_files", "clean_text"]

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".md", ".markdown", ".txt"}
HTML_SUFFIXES = {".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".jsonl"}
MAX_FILE_BYTES = 20_000_000
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
# Zero-width and bidi marks never belong in a quote; other control characters
# (except newline and tab) are noise from copy-paste or bad exports.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Lone UTF-16 surrogates (from JSON "\\ud800") cannot be encoded, hashed or shown: they become U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")
OUTSIDE_LINK = "links outside the corpus are not followed"


@dataclass
class IngestResult:
    """Documents read, problems met (file and line), duplicates skipped."""

    documents: list[Document] = field(default_factory=list)
    problems: list[CorpusFileError] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def clean_text(text: str) -> str:
    """Normalise a body: NFC, ``\\n`` line ends, no invisible or control characters."""
    text = unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", text).replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", _INVISIBLE.sub("", text)).strip()


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Article files under ``corpus_dir``, sorted; hidden and ``_``-prefixed names and links leading outside skipped."""
    return _walk(corpus_dir)[0]


def _walk(corpus_dir: Path) -> tuple[list[Path], list[CorpusFileError]]:
    """(article files, links skipped because they lead outside ``corpus_dir``)."""
    files, outside = [], []
    root = corpus_dir.resolve()
    for path in sorted(corpus_dir.rglob("*")):
        rel = path.relative_to(corpus_dir)
        if any(part.startswith((".", "_")) for part in rel.parts):
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            # A link to /etc/os-release would be indexed and quoted to anyone who asks.
            if path.is_dir() or path.suffix.lower() in SUFFIXES:
                outside.append(CorpusFileError(rel.as_posix(), OUTSIDE_LINK))
            continue
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            files.append(path)
    return files, outside


def load_corpus(corpus_dir: str | Path) -> IngestResult:
    """Read every article under ``corpus_dir``.

    Raises:
        EmptyCorpus: the folder is missing or no article could be read.
    """
    root = Path(corpus_dir)
    if not root.is_dir():
        raise EmptyCorpus(f"No corpus folder at {root}/ — create it and put .md, .txt, .html or .jsonl articles in it")
    files, outside = _walk(root)
    result = IngestResult(problems=list(outside))
    for problem in outside:
        log.warning("skipped %s", problem)
    seen: dict[str, str] = {}
    for path in files:
        rel = path.relative_to(root).as_posix()
        for item in _read_file(path, rel):
            if isinstance(item, CorpusFileError):
                log.warning("skipped %s", item)
                result.problems.append(item)
                continue
            key = hashlib.sha256(" ".join(item.text.split()).encode()).hexdigest()
            if key in seen:
                result.duplicates.append(f"{item.id} (same text as {seen[key]})")
                continue
            seen[key] = item.id
            result.documents.append(item)
    if not result.documents:
        detail = f"; {len(result.problems)} file(s) could not be read: {result.problems[0]}" if result.problems else ""
        raise EmptyCorpus(f"No readable article in {root}/ (.md, .txt, .html or .jsonl){detail}")
    return result


def _read_file(path: Path, rel: str) -> Iterator[Document | CorpusFileError]:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        yield CorpusFileError(
            rel,
            f"file is {size / 1e6:.0f} MB, over the {MAX_FILE_BYTES / 1e6:.0f} MB limit — "
            "split it into smaller articles",
        )
        return
    raw = path.read_bytes()
    try:
        text = _decode(raw)
    except ValueError as exc:
        yield CorpusFileError(rel, str(exc))
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(text, rel)
        return
    try:
        doc = _read_html(text, rel) if suffix in HTML_SUFFIXES else _read_text(text, rel)
    except CorpusFileError as exc:
        yield exc
        return
    yield doc


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if b"\x00" in raw[:8192]:
        raise ValueError("looks binary (NUL bytes) — only text articles can be indexed")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 (byte {exc.start}) — save the file as UTF-8") from exc


def _read_text(text: str, rel: str) -> Document:
    meta: dict[str, Any] = {}
    match = _FRONT.match(text.replace("\r\n", "\n"))
    if match:
        meta = front_matter(match.group(1), rel)
        text = text.replace("\r\n", "\n")[match.end() :]
    return _document(rel, _doc_id(rel), meta, text, line=None)


def _read_html(html: str, rel: str) -> Document:
    import trafilatura  # heavy (lxml); only needed for HTML files

    body = trafilatura.extract(
        html, output_format="txt", include_comments=False, include_tables=True, favor_precision=True
    )
    meta = trafilatura.extract_metadata(html)
    info: dict[str, Any] = {}
    if meta is not None:
        info = {"title": meta.title, "date": meta.date, "source": meta.sitename, "url": meta.url}
    return _document(rel, _doc_id(rel), {k: v for k, v in info.items() if v}, body or "", line=None)


def _read_jsonl(text: str, rel: str) -> Iterator[Document | CorpusFileError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield CorpusFileError(rel, f"not valid JSON ({exc.msg})", number)
            continue
        except RecursionError:
            yield CorpusFileError(rel, "JSON nested too deeply — one flat object per line", number)
            continue
        if not isinstance(record, dict):
            yield CorpusFileError(rel, "each line must be a JSON object with a 'text' field", number)
            continue
        body = record.get("text")
        if not isinstance(body, str):
            yield CorpusFileError(rel, "missing 'text' string", number)
            continue
        ident = record.get("id")
        doc_id = f"{_doc_id(rel)}/{_slug(str(ident))}" if ident not in (None, "") else f"{_doc_id(rel)}#{number}"
        try:
            yield _document(rel, doc_id, record, body, line=number)
        except CorpusFileError as exc:
            yield exc


def _document(rel: str, doc_id: str, meta: dict[str, Any], body: str, line: int | None) -> Document:
    text = clean_text(body)
    if not text:
        raise CorpusFileError(rel, "no article text", line)
    return Document(
        id=doc_id,
        title=text_field(meta.get("title")) or text_field(Path(rel).stem.replace("-", " ").replace("_", " ")) or doc_id,
        text=text,
        path=rel,
        date=date_field(meta.get("date"), rel, line),
        source=text_field(meta.get("source")),
        url=url_field(meta.get("url")),
        tags=tags_field(meta.get("tags")),
    )


def _doc_id(rel: str) -> str:
    return _slug(rel.rsplit(".", 1)[0])


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w./-]+", "-", text).strip("-./")
    return re.sub(r"\.{2,}", ".", slug)[:200] or "doc"
