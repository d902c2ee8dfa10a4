"""fan-qa's evaluation harness (``qa eval`` and benchmarks/): not part of the product package.

Installed with the ``eval`` extra (matplotlib for the plot). ``qa`` imports it
only when ``qa eval`` runs.
"""

from __future__ import annotations

__all__: list[str] = []
