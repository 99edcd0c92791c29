"""The owners' commands besides validate and build: init, new, review, diff, runs, sign."""

from __future__ import annotations


class UnknownOption(Exception):
    """An option names what the manual does not have (a usage error); ``option`` says which."""

    def __init__(self, message: str, option: str) -> None:
        super().__init__(message)
        self.option = option
