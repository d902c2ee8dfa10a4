"""fan-qa: answers questions about news articles with verbatim, cited quotes.

``import qa`` is light: torch, faiss and the model load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.9.2"
__all__ = ["QA", "Answer", "Quote", "Settings", "QAError", "__version__"]

if TYPE_CHECKING:
    from .config import Settings
    from .errors import QAError
    from .pipeline import QA
    from .types import Answer, Quote


def __getattr__(name: str) -> Any:
    # Lazy re-exports keep `import qa` free of numpy/faiss/torch.
    if name == "QA":
        from .pipeline import QA

        return QA
    if name in ("Answer", "Quote"):
        from . import types

        return getattr(types, name)
    if name == "Settings":
        from .config import Settings

        return Settings
    if name == "QAError":
        from .errors import QAError

        return QAError
    raise AttributeError(f"module 'qa' has no attribute {name!r}")
