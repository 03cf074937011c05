"""Errors a user can act on: each names the file (and row or line) and the problem."""
from __future__ import annotations


class BuildError(Exception):
    """A problem with the inputs or the environment that stops a build.

    The message is shown to the user as is, so it names the file and says what to do.
    """

    def __init__(self, message: str, *, path: object | None = None, line: int | None = None):
        where = ""
        if path is not None:
            where = f"{path}"
            if line is not None:
                where += f":{line}"
            where += ": "
        super().__init__(where + message)
        self.path = path
        self.line = line
