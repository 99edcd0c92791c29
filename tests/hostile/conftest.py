"""The hostile suite's fixtures (see hostile_kit.py)."""

from __future__ import annotations

from hostile.hostile_kit import manual, template

__all__ = ["manual", "template"]
