"""The QAError hierarchy. Every message says what to do next."""

from __future__ import annotations

__all__ = [
    "QAError",
    "EmptyCorpus",
    "CorpusFileError",
    "IndexNotFound",
    "IndexMismatch",
    "IndexCorrupt",
    "IndexStale",
    "IndexLocked",
    "BadQuestion",
    "MissingDependency",
    "StoreUnavailable",
    "BadStore",
    "BadSettings",
]


class QAError(Exception):
    """Base class of every error the library raises on purpose."""


class EmptyCorpus(QAError):
    """No usable article was found in the corpus folder."""


class CorpusFileError(QAError):
    """One corpus file (or one line of it) could not be read.

    Ingest collects these as problems and goes on with the other files.
    """

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line is not None else path
        # A file name may hold a newline or an ESC: shown escaped, never sent raw to a terminal.
        where = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in where)
        super().__init__(f"{where}: {reason}")


class IndexNotFound(QAError):
    """There is no index in the given folder."""


class IndexMismatch(QAError):
    """The index was built with another model, format or chunking."""


class IndexCorrupt(QAError):
    """An index file is truncated, edited or missing."""


class IndexStale(QAError):
    """The corpus changed since the index was built."""


class IndexLocked(QAError):
    """Another build holds the index lock."""


class BadQuestion(QAError, ValueError):
    """The question or its parameters cannot be answered as given."""


class MissingDependency(QAError, ImportError):
    """An optional dependency is not installed."""


class StoreUnavailable(QAError):
    """The configured vector store (a Milvus server) cannot be reached."""


class BadStore(QAError, ValueError):
    """A store spec (``--store`` / ``QA_STORE``) that names no usable store."""


class BadSettings(QAError, ValueError):
    """A setting (a ``QA_*`` variable or a Settings field) of the wrong type or out of range."""
