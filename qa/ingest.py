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
from collections.abc import Iterator
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
# Front matter is a handful of short fields: anything bigger is not front matter we can use.
MAX_FRONT_MATTER_BYTES = 16_000
META_KEYS = ("title", "date", "source", "url", "tags")
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
# Zero-width and bidi marks never belong in a quote; other control characters
# (except newline and tab) are noise from copy-paste or bad exports.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Lone UTF-16 surrogates (from JSON "\\ud800") cannot be encoded, hashed or shown: they become U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")
OUTSIDE_LINK = "links outside the corpus are not followed"


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML without aliases (``*a`` can expand 374 bytes into gigabytes) and with dates read as text.

    Dates stay strings so that ``2023-02-30`` is our warning, not PyYAML's ValueError.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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
        meta = _front_matter(match.group(1), rel)
        text = text.replace("\r\n", "\n")[match.end() :]
    return _document(rel, _doc_id(rel), meta, text, line=None)


def _front_matter(block: str, rel: str) -> dict[str, Any]:
    """The known keys of a front-matter block; refuses aliases, deep nesting and oversized blocks."""
    if len(block.encode("utf-8", "replace")) > MAX_FRONT_MATTER_BYTES:
        raise CorpusFileError(
            rel,
            f"front matter is over {MAX_FRONT_MATTER_BYTES // 1000} kB — keep it to title, date, source, url and tags",
            2,
        )
    try:
        loaded = yaml.load(block, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        line = getattr(exc.problem_mark or exc.context_mark, "line", 0) + 2
        reason = (
            str(exc.problem)
            if "alias" in str(exc.problem)
            else f"front matter is not valid YAML ({exc.__class__.__name__})"
        )
        raise CorpusFileError(rel, reason, line) from exc
    except yaml.YAMLError as exc:
        raise CorpusFileError(rel, f"front matter is not valid YAML ({exc.__class__.__name__})", 2) from exc
    except RecursionError as exc:
        raise CorpusFileError(rel, "front matter is nested too deeply", 2) from exc
    if loaded is not None and not isinstance(loaded, dict):
        raise CorpusFileError(rel, "front matter must be key: value lines", 2)
    return {key: (loaded or {}).get(key) for key in META_KEYS}


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
        title=_str(meta.get("title")) or _str(Path(rel).stem.replace("-", " ").replace("_", " ")) or doc_id,
        text=text,
        path=rel,
        date=_date(meta.get("date"), rel, line),
        source=_str(meta.get("source")),
        url=_url(meta.get("url")),
        tags=_tags(meta.get("tags")),
    )


def _str(value: Any) -> str | None:
    """Displayed metadata: a scalar as one line of text without control or format characters (no ANSI escapes)."""
    if not isinstance(value, (str, int, float, dt.date)) or isinstance(value, bool):
        return None
    text = unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", str(value)))
    text = "".join(
        " " if c.isspace() else c for c in text if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf")
    )
    return " ".join(text.split()) or None


def _tags(value: Any) -> tuple[str, ...]:
    """A tag or a list of tags; anything nested is ignored."""
    items = value if isinstance(value, list) else [value]
    return tuple(t for t in (_str(v) for v in items) if t)


def _url(value: Any) -> str | None:
    text = _str(value)
    # Only web links are ever shown as links: no javascript:, data: or file: URLs.
    return text if text and re.match(r"https?://", text, re.I) else None


def _date(value: Any, rel: str, line: int | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float, dt.date)):
        value = type(value).__name__
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
    log.warning(
        "%s: date %r is not a valid YYYY-MM-DD date; the article is indexed without a date", _str(where), _str(value)
    )
    return None


def _doc_id(rel: str) -> str:
    return _slug(rel.rsplit(".", 1)[0])


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w./-]+", "-", text).strip("-./")
    return re.sub(r"\.{2,}", ".", slug)[:200] or "doc"
