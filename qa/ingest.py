"""Corpus files -> Documents.

Reads ``.md``/``.txt`` (optional YAML front matter), ``.html``/``.htm`` (main
text via trafilatura) and ``.jsonl`` (one article per line). A bad file or
line becomes a :class:`CorpusFileError` in ``IngestResult.problems`` and the
other files still load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import CorpusFileError, EmptyCorpus
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


@dataclass
class IngestResult:
    """Documents read, problems met (file and line), duplicates skipped."""

    documents: list[Document] = field(default_factory=list)
    problems: list[CorpusFileError] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def clean_text(text: str) -> str:
    """Normalise a body: NFC, ``\\n`` line ends, no invisible or control characters."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", _INVISIBLE.sub("", text)).strip()


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Article files under ``corpus_dir``, sorted; hidden and ``_``-prefixed names skipped."""
    files = []
    for path in sorted(corpus_dir.rglob("*")):
        rel = path.relative_to(corpus_dir)
        if any(part.startswith((".", "_")) for part in rel.parts):
            continue
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            files.append(path)
    return files


def load_corpus(corpus_dir: str | Path) -> IngestResult:
    """Read every article under ``corpus_dir``.

    Raises:
        EmptyCorpus: the folder is missing or no article could be read.
    """
    root = Path(corpus_dir)
    if not root.is_dir():
        raise EmptyCorpus(f"No corpus folder at {root}/ — create it and put .md, .txt, .html or .jsonl articles in it")
    result = IngestResult()
    seen: dict[str, str] = {}
    for path in corpus_files(root):
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
        yield CorpusFileError(rel, f"file is {size / 1e6:.0f} MB, over the {MAX_FILE_BYTES / 1e6:.0f} MB limit — split it into smaller articles")
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
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 2
            raise CorpusFileError(rel, f"front matter is not valid YAML ({exc.__class__.__name__})", line) from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise CorpusFileError(rel, "front matter must be key: value lines", 2)
        meta = loaded or {}
        text = text.replace("\r\n", "\n")[match.end() :]
    return _document(rel, _doc_id(rel), meta, text, line=None)


def _read_html(html: str, rel: str) -> Document:
    import trafilatura  # heavy (lxml); only needed for HTML files

    body = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=True, favor_precision=True)
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
    tags = meta.get("tags") or ()
    if isinstance(tags, str):
        tags = (tags,)
    return Document(
        id=doc_id,
        title=_str(meta.get("title")) or Path(rel).stem.replace("-", " ").replace("_", " "),
        text=text,
        path=rel,
        date=_date(meta.get("date"), rel, line),
        source=_str(meta.get("source")),
        url=_url(meta.get("url")),
        tags=tuple(str(t) for t in tags) if isinstance(tags, Iterable) else (),
    )


def _str(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = clean_text(str(value))
    return " ".join(text.split()) or None


def _url(value: Any) -> str | None:
    text = _str(value)
    # Only web links are ever shown as links: no javascript:, data: or file: URLs.
    return text if text and re.match(r"https?://", text, re.I) else None


def _date(value: Any, rel: str, line: int | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", str(value))
    if match:
        try:
            return dt.date.fromisoformat(match.group(1)).isoformat()
        except ValueError:
            pass
    where = f"{rel}:{line}" if line else rel
    log.warning("%s: date %r is not YYYY-MM-DD; the article is indexed without a date", where, value)
    return None


def _doc_id(rel: str) -> str:
    return _slug(rel.rsplit(".", 1)[0])


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w./-]+", "-", text).strip("-./")
    return re.sub(r"\.{2,}", ".", slug)[:200] or "doc"
