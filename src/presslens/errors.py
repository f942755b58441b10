"""Numbered errors with stable codes, shared by the CLI exit codes and the API's JSON errors.

Each code names one kind of failure; the CLI exits with the code's ``exit_status`` so scripts
can tell a missing file from an unsupported type without parsing messages.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorCode:
    """A stable error code: ``name`` is part of the public interface, like a JSON field."""

    name: str
    exit_status: int
    summary: str


NOT_FOUND = ErrorCode("E001_NOT_FOUND", 3, "input path does not exist")
NO_INPUTS = ErrorCode("E002_NO_INPUTS", 4, "no readable inputs were found")
EMPTY = ErrorCode("E003_EMPTY", 5, "input is empty or has no text")
BINARY = ErrorCode("E004_BINARY", 6, "input is binary, not text or HTML")
TOO_LARGE = ErrorCode("E005_TOO_LARGE", 7, "input is larger than the size limit")
UNSUPPORTED = ErrorCode("E006_UNSUPPORTED", 8, "input type is not supported")
MALFORMED = ErrorCode("E007_MALFORMED", 9, "input could not be parsed")
BAD_SPAN = ErrorCode("E008_BAD_SPAN", 10, "annotation offsets do not fit the text")
BAD_CONTRACT = ErrorCode("E009_BAD_CONTRACT", 11, "JSON does not follow presslens.analysis/1")
PIPELINE = ErrorCode("E010_PIPELINE", 12, "pipeline stages are misconfigured")
UNREADABLE = ErrorCode("E011_UNREADABLE", 13, "input could not be read")
PARTIAL = ErrorCode("E012_PARTIAL", 1, "some inputs in the batch failed")
INTERNAL = ErrorCode("E013_INTERNAL", 70, "an unexpected internal error (a bug: please report it)")
USAGE = ErrorCode("E014_USAGE", 2, "the command line is not valid")
OUTPUT = ErrorCode("E015_OUTPUT", 14, "the output could not be written")

ALL_CODES: tuple[ErrorCode, ...] = (
    NOT_FOUND, NO_INPUTS, EMPTY, BINARY, TOO_LARGE, UNSUPPORTED, MALFORMED,
    BAD_SPAN, BAD_CONTRACT, PIPELINE, UNREADABLE, PARTIAL, INTERNAL, USAGE, OUTPUT,
)  # fmt: skip


class PresslensError(Exception):
    """An expected failure with a stable code and a one-line message for the user."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code.name}: {self.message}"
