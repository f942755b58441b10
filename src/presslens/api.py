"""The Python API: analyse text, HTML or paths with the default pipeline."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from presslens.errors import MALFORMED, PresslensError
from presslens.ingest import Item, iter_items, load_page
from presslens.ingest.item import HTML, TEXT
from presslens.options import Options
from presslens.page import Page, Source
from presslens.pipeline import Pipeline, default_pipeline


def analyze_text(
    text: str,
    *,
    html: bool = False,
    url: str | None = None,
    pipeline: Pipeline | None = None,
) -> Page:
    """Analyse one text (or, with ``html=True``, one HTML page) and return its Page.

    Raises ``PresslensError`` for input that cannot be analysed (empty, no text).
    """
    item = Item(source=Source(url=url, media_type=HTML if html else TEXT), data=text)
    return (pipeline or default_pipeline())(load_page(item))


@dataclass
class Result:
    """The outcome for one input of a batch: a Page, or the error that stopped it."""

    item: Item
    page: Page | None = None
    error: PresslensError | None = None


def analyze_paths(paths: Iterable[str], *, options: Options = Options(), pipeline: Pipeline | None = None) -> Iterator[Result]:
    """Analyse every input under ``paths``; a failing input yields a Result with its error."""
    pipe = pipeline or default_pipeline()
    for item in iter_items(paths, options):
        yield analyze_item(item, pipe)


def analyze_item(item: Item, pipeline: Pipeline) -> Result:
    """Analyse one Item; expected failures come back in the Result, never as exceptions."""
    if item.error is not None:
        return Result(item, error=item.error)
    try:
        return Result(item, page=pipeline(load_page(item)))
    except PresslensError as exc:
        return Result(item, error=exc)
    except RecursionError:
        return Result(item, error=PresslensError(MALFORMED, "input is nested too deeply to parse"))
