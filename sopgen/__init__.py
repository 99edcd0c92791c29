"""sopgen: standard-operating-procedure manuals from YAML, validated and rendered as a site."""

from __future__ import annotations

__version__ = "0.1.0"
