"""An Item is one input waiting to be analysed: raw content plus where it came from."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from presslens.errors import PresslensError
from presslens.page import Metadata, Source

TEXT = "text/plain"
HTML = "text/html"


@dataclass
class Item:
    """One input. ``data`` is raw bytes (or already-decoded text from a container).

    A batch yields an Item with ``error`` set for an input that cannot be read, so the batch
    reports and counts it and goes on.
    """

    source: Source
    data: bytes | str | None = None
    metadata: Metadata = field(default_factory=Metadata)
    error: PresslensError | None = None

    @property
    def label(self) -> str:
        """How messages name this input: path, then record, or URL."""
        where = self.source.path or self.source.url or "<input>"
        return f"{where}#{self.source.record}" if self.source.record else where


def sha256_of(data: bytes | str) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()
