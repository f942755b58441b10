"""Pipelines of named stages, each adding one layer to a Page.

A stage declares the layer it ``assigns`` and the layers it ``requires``; the pipeline checks
both when it is built and when it runs, as spaCy's ``Language`` does for components. Stages are
registered in one place (``STAGES``) so that the CLI, the API and the engines agree on names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from presslens.errors import PIPELINE, PresslensError
from presslens.page import Page
from presslens.techniques import DEFAULT_PROFILE


class Stage(Protocol):
    """A callable that adds one layer to a page."""

    name: str
    assigns: str
    requires: tuple[str, ...]

    def __call__(self, page: Page) -> Page: ...

    def pipe(self, pages: Iterable[Page]) -> Iterator[Page]: ...


class BaseStage:
    """Convenience base: ``pipe`` maps ``__call__``; model stages override it to batch."""

    name = "stage"
    assigns = ""
    requires: tuple[str, ...] = ()

    def __call__(self, page: Page) -> Page:  # pragma: no cover - abstract
        raise NotImplementedError

    def pipe(self, pages: Iterable[Page]) -> Iterator[Page]:
        for page in pages:
            yield self(page)


STAGES: dict[str, Callable[..., Stage]] = {}


def register(name: str) -> Callable[[Callable[..., Stage]], Callable[..., Stage]]:
    """Register a stage factory under ``name`` (the layer it adds); its keyword arguments are the
    stage's settings."""

    def wrap(factory: Callable[..., Stage]) -> Callable[..., Stage]:
        STAGES[name] = factory
        return factory

    return wrap


def _load_builtin_stages() -> None:
    # Importing the stage modules runs their @register decorators (the model stages import
    # their heavy libraries only when they first run).
    from presslens import claims, figures, quotes, segment  # noqa: F401
    from presslens.techniques import stage  # noqa: F401


class Pipeline:
    """An ordered list of stages, checked so that each finds the layers it needs."""

    def __init__(self, stages: list[Stage]) -> None:
        available: set[str] = set()
        for stage in stages:
            missing = [layer for layer in stage.requires if layer not in available]
            if missing:
                raise PresslensError(PIPELINE, f"stage {stage.name!r} needs {missing} before it")
            available.add(stage.assigns)
        self.stages = stages

    @classmethod
    def from_names(cls, names: Iterable[str], settings: dict[str, dict] | None = None) -> Pipeline:
        """Build a pipeline from registered stage names, e.g. ``["segment", "techniques"]``;
        ``settings`` gives each stage's keyword arguments by name."""
        _load_builtin_stages()
        stages = []
        for name in names:
            if name not in STAGES:
                raise PresslensError(PIPELINE, f"unknown stage {name!r}; known: {', '.join(sorted(STAGES))}")
            stages.append(STAGES[name](**(settings or {}).get(name, {})))
        return cls(stages)

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def __call__(self, page: Page) -> Page:
        for stage in self.stages:
            page = stage(page)
            if not isinstance(page, Page):
                raise PresslensError(PIPELINE, f"stage {stage.name!r} did not return a Page")
            page.done.add(stage.assigns)
        return page

    def pipe(self, pages: Iterable[Page]) -> Iterator[Page]:
        stream: Iterable[Page] = pages
        for stage in self.stages:
            stream = _mark(stage, stage.pipe(stream))
        yield from stream


def _mark(stage: Stage, pages: Iterable[Page]) -> Iterator[Page]:
    for page in pages:
        page.done.add(stage.assigns)
        yield page


ATTRIBUTION = ("quotes", "figures", "claims")


def default_pipeline(model: str | None = DEFAULT_PROFILE, min_score: float = 0.0, attribution: bool = True) -> Pipeline:
    """The stages ``presslens analyze`` runs: segmentation; techniques with ``model`` (a profile or
    a folder) when that model is installed (``model=None`` skips them); then, unless
    ``attribution`` is false, quotes, figures and claims."""
    names = ["segment"]
    if model is not None:
        from presslens.techniques.model import profile_path

        if (profile_path(model) / "model.json").is_file():
            names.append("techniques")
    if attribution:
        names += ATTRIBUTION
    return Pipeline.from_names(names, {"techniques": {"model": model, "min_score": min_score}})
