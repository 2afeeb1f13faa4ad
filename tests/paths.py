"""Where the test data live: the vendored copies (DATA) and ../shared (SHARED)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared"
