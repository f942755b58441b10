"""The ``techniques`` stage: persuasion-technique spans over each page's text."""

from __future__ import annotations

from presslens.page import Page
from presslens.pipeline import BaseStage, register
from presslens.techniques import DEFAULT_PROFILE
from presslens.techniques.model import TechniquesModel, profile_path

# Loaded models, by folder: a batch loads each model once, not once per page.
_MODELS: dict[str, TechniquesModel] = {}  # by folder and engine


def load_model(profile: str, engine: str = "auto") -> TechniquesModel:
    key = f"{profile_path(profile)} {engine}"
    if key not in _MODELS:
        _MODELS[key] = TechniquesModel.load(profile_path(profile), engine=engine)
    return _MODELS[key]


class TechniquesStage(BaseStage):
    """Adds ``techniques``: spans, their SemEval-2020 Task 11 label and a calibrated score.

    Parameters
    ----------
    model: a profile name ("fast", "accurate") or the folder of a trained model.
    min_score: spans scoring below this are not added.
    """

    name = "techniques"
    assigns = "techniques"
    requires = ("documents",)

    def __init__(self, model: str = DEFAULT_PROFILE, min_score: float = 0.0) -> None:
        self.model = model
        self.min_score = min_score

    def __call__(self, page: Page) -> Page:
        detector = load_model(self.model)
        page.layers["techniques"] = []
        # Each report is read on its own, as the corpus's articles are: what one outlet repeats
        # from another on a compilation page is not Repetition, and boilerplate is no report.
        for doc_id, start, end in page.reports():
            for found in detector.detect(page.text[start:end]):
                if found.score >= self.min_score:
                    page.add(
                        "techniques", start=start + found.start, end=start + found.end, document=doc_id,
                        technique=found.technique, score=found.score,
                    )  # fmt: skip
        return page


@register("techniques")
def make_techniques(model: str = DEFAULT_PROFILE, min_score: float = 0.0) -> TechniquesStage:
    return TechniquesStage(model=model, min_score=min_score)
