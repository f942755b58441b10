"""One options object that travels through ingestion and analysis (as trafilatura's settings do)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Options:
    """Settings for reading inputs.

    Parameters
    ----------
    max_bytes:
        Largest input (a file, or one record inside a container) that is read; larger ones fail
        with ``E005_TOO_LARGE`` instead of exhausting memory.
    follow_symlinks:
        Whether folder walks follow symbolic links (off: a link loop cannot hang a batch).
    include_hidden:
        Whether folder walks include dot-files and dot-folders.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    follow_symlinks: bool = False
    include_hidden: bool = False
