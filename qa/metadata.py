"""Article metadata: front matter read safely (no aliases, no deep nesting, bounded size), and every displayed
field cleaned to one line of text (no control or format characters, web links only, YYYY-MM-DD dates)."""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from typing import Any

import yaml

from .errors import CorpusFileError

__all__ = ["META_KEYS", "MAX_FRONT_MATTER_BYTES", "front_matter", "text_field", "tags_field", "url_field", "date_field"]

log = logging.getLogger(__name__)

# Front matter is a handful of short fields: anything bigger is not front matter we can use.
MAX_FRONT_MATTER_BYTES = 16_000
META_KEYS = ("title", "date", "source", "url", "tags")
# Lone UTF-16 surrogates (from JSON "\\ud800") cannot be encoded, hashed or shown: they become U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")


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


def front_matter(block: str, rel: str) -> dict[str, Any]:
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


def text_field(value: Any) -> str | None:
    """Displayed metadata: a scalar as one line of text without control or format characters (no ANSI escapes)."""
    if not isinstance(value, (str, int, float, dt.date)) or isinstance(value, bool):
        return None
    text = unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", str(value)))
    text = "".join(
        " " if c.isspace() else c for c in text if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf")
    )
    return " ".join(text.split()) or None


def tags_field(value: Any) -> tuple[str, ...]:
    """A tag or a list of tags; anything nested is ignored."""
    items = value if isinstance(value, list) else [value]
    return tuple(t for t in (text_field(v) for v in items) if t)


def url_field(value: Any) -> str | None:
    text = text_field(value)
    # Only web links are ever shown as links: no javascript:, data: or file: URLs.
    return text if text and re.match(r"https?://", text, re.I) else None


def date_field(value: Any, rel: str, line: int | None) -> str | None:
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
        "%s: date %r is not a valid YYYY-MM-DD date; the article is indexed without a date",
        text_field(where),
        text_field(value),
    )
    return None
