"""Paths to Items: files, folders (recursive), standard input, and containers of many pages.

Containers (JSON Lines, WARC, RSS/Atom) are read by ``presslens.ingest.containers``; this module
only decides what a path is. Every failure becomes an Item with ``error`` set, never an
exception, so that one bad input in a batch is reported and counted while the rest go on.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from presslens.errors import NO_INPUTS, NOT_FOUND, TOO_LARGE, UNREADABLE, PresslensError
from presslens.ingest.item import Item
from presslens.options import Options
from presslens.page import Source

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml", ".rdf")


def container_kind(path: Path) -> str | None:
    """``"jsonl"``, ``"warc"``, ``"feed"`` or None (a single page), from the file name."""
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(FEED_SUFFIXES):
        return "feed"
    return None


def iter_items(paths: Iterable[str], options: Options = Options()) -> Iterator[Item]:
    """Yield one Item per input page found under ``paths``; ``"-"`` reads standard input."""
    for entry in expand(paths, options):
        yield from items_of(entry, options)


def expand(paths: Iterable[str], options: Options = Options()) -> Iterator[str | Item]:
    """The files under ``paths`` (folders walked recursively), or a failed Item for a bad path.

    Cheap (no file is read), so a batch can count its work before it starts.
    """
    for raw in paths:
        path = Path(raw)
        if raw == "-" or path.is_file():
            yield raw
        elif not path.exists():
            yield _failed(raw, PresslensError(NOT_FOUND, f"no such file or folder: {raw}"))
        elif path.is_dir():
            found = 0
            for inner in _walk(path, options):
                found += 1
                yield str(inner)
            if not found:
                yield _failed(raw, PresslensError(NO_INPUTS, f"folder has no readable files: {raw}"))
        else:
            yield _failed(raw, PresslensError(UNREADABLE, f"not a regular file or folder: {raw}"))


def items_of(entry: str | Item, options: Options = Options()) -> Iterator[Item]:
    """The Items of one entry of ``expand``: one for a page, many for a container."""
    if isinstance(entry, Item):
        yield entry
    elif entry == "-":
        yield _stdin_item(options)
    else:
        yield from _iter_file(Path(entry), options)


def _walk(folder: Path, options: Options) -> Iterator[Path]:
    # Sorted, so a batch runs in the same order on every machine.
    for root, dirs, files in os.walk(folder, followlinks=options.follow_symlinks):
        if not options.include_hidden:
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            files = [f for f in files if not f.startswith(".")]
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            if path.is_file():
                yield path


def _iter_file(path: Path, options: Options) -> Iterator[Item]:
    kind = container_kind(path)
    if kind is not None:
        from presslens.ingest import containers

        try:
            yield from containers.READERS[kind](path, options)
        except PresslensError as exc:
            yield _failed(str(path), exc)
        except OSError as exc:
            yield _failed(str(path), PresslensError(UNREADABLE, f"cannot read {path}: {exc.strerror or exc}"))
        return
    yield read_file(path, options)


def read_file(path: Path, options: Options) -> Item:
    """One file as one Item, refusing files over ``options.max_bytes`` before reading them."""
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise PresslensError(TOO_LARGE, f"{path} is {_mb(size)}, over the {_mb(options.max_bytes)} limit (see --max-size)")
        data = path.read_bytes()
    except PresslensError as exc:
        return _failed(str(path), exc)
    except OSError as exc:
        return _failed(str(path), PresslensError(UNREADABLE, f"cannot read {path}: {exc.strerror or exc}"))
    return Item(source=Source(path=str(path), media_type=""), data=data)


def _stdin_item(options: Options) -> Item:
    data = sys.stdin.buffer.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        return _failed("-", PresslensError(TOO_LARGE, f"standard input is over the {_mb(options.max_bytes)} limit"))
    return Item(source=Source(path="-", media_type=""), data=data)


def _failed(where: str, error: PresslensError) -> Item:
    return Item(source=Source(path=where, media_type=""), error=error)


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"
