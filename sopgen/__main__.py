"""Run the command line as ``python -m sopgen``."""

from __future__ import annotations

from sopgen.cli import main

if __name__ == "__main__":
    main()
