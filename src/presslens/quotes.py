"""The ``quotes`` stage: who said what, direct and indirect, with the speaker's canonical name.

Per document: interview turns ("Name: answer", "Q:"/"A:") are quotes of the person the label
names, questions of the interviewer; quoted runs (``quotemarks``) that read as speech are direct
quotes, attributed to the subject of the nearest speech verb of their sentence, "according to X",
or, for a quote with no cue of its own (the second half of a split quote, a paragraph that goes on
quoting), the speaker of the quote before it; a speech verb with a content clause ("X said that
...") is an indirect quote. Speakers are resolved to canonical names by ``speakers.Resolver``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from presslens.antecedents import AntecedentRanker
from presslens.headers import HEADLINE, report_header
from presslens.nlp import text_of
from presslens.page import Page
from presslens.pipeline import BaseStage, register
from presslens.quotemarks import Run, runs
from presslens.speakers import (
    DOCUMENTS,
    ORG_HEADS,
    ROLES,
    TITLES,
    Resolver,
    can_speak,
    clock_time,
    introduced_person,
    is_storm,
    mention_tokens,
    people_group,
)

SPEECH_VERBS = {
    "say", "tell", "add", "write", "state", "claim", "insist", "explain", "warn", "argue", "note", "declare", "announce",
    "stress", "deny", "reject", "ask", "reply", "respond", "continue", "recall", "describe", "call", "accuse", "confirm",
    "admit", "suggest", "acknowledge", "complain", "urge", "allege", "report", "testify", "maintain", "contend", "assert",
    "remark", "comment", "observe", "conclude", "predict", "promise", "vow", "pledge", "threaten", "tweet", "post",
    "reiterate", "concede", "boast", "shout", "whisper", "cry", "scream", "recount", "emphasise", "emphasize", "caution",
    "estimate", "quip", "joke", "mutter", "counter", "retort", "dismiss", "lament", "demand", "plead", "answer", "inform",
    "assure", "remind", "indicate", "disclose", "reveal", "agree", "put", "read", "charge", "brief", "text",
    "email", "sing", "chant", "wonder", "recommend", "calculate", "hold", "dispute", "rebut", "specify", "fume", "snap",
    "blast", "slam", "qualify", "rage", "storm", "gush", "sigh", "beam", "laugh", "exclaim", "thunder", "rave",
    "thank", "praise", "hail", "condemn", "welcome",
    # the verbs of translated reports ("affirmed to this newspaper that", "underlined that")
    "affirm", "underline", "denounce", "highlight", "signal", "criticise", "criticize", "blame", "recognise", "recognize",
    "point", "manifest", "regret", "speak", "object", "protest", "hint", "clarify",
}  # fmt: skip
# Speech verbs that are as often something else ("exercises continue"): they attribute a quote only beside it.
LOOSE_VERBS = {
    "maintain", "continue", "hold", "put", "read", "call", "charge", "post", "text", "brief", "sing", "answer",
    "observe", "explain", "reject", "dismiss", "describe", "report", "add", "note", "recall", "show", "find",
    "blast", "slam", "qualify", "storm", "beam", "laugh", "rage", "thunder", "blame", "rave", "thank", "praise", "hail",
    "condemn", "welcome",
}  # fmt: skip
# Verbs whose content clause is reported speech ("X said that ..."); not belief ("X thinks that").
INDIRECT_VERBS = {
    "say", "tell", "claim", "insist", "warn", "argue", "add", "explain", "deny", "state", "report", "allege", "confirm",
    "admit", "acknowledge", "announce", "note", "stress", "suggest", "maintain", "contend", "assert", "testify", "write",
    "reply", "respond", "complain", "concede", "reveal", "disclose", "estimate", "predict", "promise", "recall",
    "emphasise", "emphasize", "indicate", "declare", "reiterate", "inform", "assure", "remind", "point", "caution",
    "show", "find", "conclude", "dispute", "agree", "accept", "hold", "believe", "affirm", "underline", "denounce",
    "highlight", "signal", "accuse", "blame", "recognise", "recognize", "criticise", "criticize", "specify", "manifest",
    "lament", "regret", "counter", "retort", "boast", "hint", "clarify", "observe", "remark", "comment", "object", "protest",
    "speculate", "vow", "pledge", "tweet", "post",
}  # fmt: skip
# what one says something in ("said in a statement posted on its website that ...")
STATEMENTS = {
    "statement", "interview", "letter", "post", "message", "briefing", "release", "filing", "submission", "email", "tweet",
}  # fmt: skip
# when one says something ("from the beginning that ...", "at the time that ...")
WHEN = {"beginning", "start", "outset", "time", "day", "week", "month", "year", "weekend", "morning", "evening", "night"}
# verbs of publishing a statement ("issued a statement.", and then the statement, quoted)
ISSUING = {"issue", "release", "publish", "post", "send", "share", "circulate", "distribute"}
# what is published, as a document ("issued a statement", "posted a message")
PUBLISHED = STATEMENTS - {"interview", "briefing"}
# what someone issues or files that says something ("a statement suggesting that ...", "a lawsuit claiming")
FILED = PUBLISHED | {
    "lawsuit", "suit", "complaint", "report", "petition", "appeal", "motion", "note", "memo", "document", "warning",
    "notice", "video",
}  # fmt: skip
# verbs of "as X has specified, ..." besides INDIRECT_VERBS
AS_VERBS = {"specify", "report", "detail", "recall", "explain", "note", "indicate", "announce", "say"}
# nouns whose that-clause someone asserts: "claims by X that ..."
CLAIM_NOUNS = {"claim", "allegation", "assertion", "accusation", "insistence", "contention", "charge"}
# Verbs that charge someone with a deed, and the preposition that says which ("accused X of ...").
ACCUSING = {"accuse": "of", "deny": "of", "blame": "for"}
SCARE_CUES = re.compile(
    r"(?i)(?:so-called|dubbed|titled|entitled|named|nicknamed|known as|called|the words?|the term|the phrase|label(?:led|ed)?"
    r"|brand(?:ed)?|operation|campaign|programme|program|project|plan|book|film|report|song|album|slogan|hashtag|motto)"
    r"(?:\s+(?:the|a|an))?\s*$"  # 'a pistol dubbed the "Liberator"'
)
TITLE_SMALL_WORDS = {"the", "of", "and", "a", "an", "in", "on", "for", "to", "with", "at", "by", "or", "from", "is"}
INTERVIEWER_LABELS = {"q", "question", "interviewer", "int"}
ANSWER_LABELS = {"a", "answer"}
# the note that closes a transcript: "Questions by Johan Andersson", "This interview has been edited for length."
_TRAILER = re.compile(
    r"(?i)(?:(?:questions|interview(?:ed)?|conducted|compiled|reporting|translated|edited)\s+by\b|"
    r"(?:this|the) (?:interview|conversation|transcript) (?:has been|was|is) (?:edited|condensed|translated|abridged)|"
    r"\(?(?:edited|condensed) (?:for|and)\b)"
)
_TURN = re.compile(r"^(?P<label>[A-Z][\w.'’ -]{0,38}?|Q|A)\s?:\s+(?P<answer>\S.*)$", re.MULTILINE)


@dataclass
class Found:
    """A quote before it becomes a layer item."""

    start: int
    end: int
    direct: bool
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    mention: list[Any] | None = None  # the speaker's tokens, resolved in text order


def find(text: str, doc: Any, ranker: AntecedentRanker | None = None, trace: list | None = None) -> list[Found]:
    """Every quote of one document ``text`` (``doc`` is its spaCy parse), in text order. ``ranker``
    and ``trace`` are the speaker resolver's (``speakers.Resolver``)."""
    turns = interview_turns(text)
    quoted = [r for r in runs(text) if _is_speech(text, r, doc)]
    found = [*turns, *_direct(text, doc, quoted, turns)]
    found += _indirect(doc, quoted, found)
    # a headline's quote restates one of the body, where its speaker is named
    headline = [(a, b) for a, b, kind in report_header(text) if kind == HEADLINE]
    found = [f for f in found if not any(a <= f.start and f.end <= b for a, b in headline)]
    found.sort(key=lambda f: (f.start, f.end))
    _resolve(doc, found, text, Resolver(doc, ranker, trace))
    return found


# --- interviews ----------------------------------------------------------------------------


def interview_turns(text: str) -> list[Found]:
    """ "Name: answer" turns, when the text has at least three of them with two labels or more."""
    lines = [m for m in _TURN.finditer(text) if len(m.group("label").split()) <= 4]
    if lines and lines[0].start() == 0 and not (len(lines) > 1 and re.fullmatch(r"\s*", text[lines[0].end() : lines[1].start()])):
        lines = lines[1:]  # a headline, with prose after it: "Rekura founder Kenji Tanaka: the battery recycler ..."
    counts: dict[str, int] = {}
    for m in lines:
        counts[_label_key(m.group("label"))] = counts.get(_label_key(m.group("label")), 0) + 1
    # a label used once ("Transcript:", "Update:") is a heading, not a speaker
    lines = [m for m in lines if counts[_label_key(m.group("label"))] >= 2]
    labels = {_label_key(m.group("label")) for m in lines}
    if len(lines) < 3 or len(labels) < 2:
        return []
    out = []
    for i, m in enumerate(lines):
        start = m.start("answer")
        stop = lines[i + 1].start() if i + 1 < len(lines) else len(text)
        end = _turn_end(text, start, stop)
        label = m.group("label").strip()
        out.append(Found(start, end, True, label, m.start("label"), m.start("label") + len(label)))
    return _label_speakers(text, out)


def _label_key(label: str) -> str:
    """One key for the labels of one speaker: "SAM OKAFOR:" first, "OKAFOR:" after."""
    words = label.strip().rstrip(".").lower().split()
    return words[-1] if words else ""


def _turn_end(text: str, start: int, stop: int) -> int:
    """An answer runs on over its paragraphs until the next turn (or a blank-line break into prose)."""
    end = text.find("\n\n", start, stop)
    chunk_end = stop
    while end != -1:
        nxt = text[end:stop].strip()
        if not nxt or _TRAILER.match(nxt):
            chunk_end = end
            break
        end = text.find("\n\n", end + 2, stop)
    end = chunk_end
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _label_speakers(text: str, turns: list[Found]) -> list[Found]:
    """Turn labels to speakers: the interviewer's (Q, the outlet's name, the one asking) and the rest."""
    asks: dict[str, list[bool]] = {}
    for t in turns:
        asks.setdefault(_label_key(t.speaker), []).append(text[t.start : t.end].rstrip().endswith("?"))  # type: ignore[union-attr]
    interviewer = {k for k, v in asks.items() if k in INTERVIEWER_LABELS or (sum(v) / len(v) >= 0.5 and k not in ANSWER_LABELS)}
    byline = _interviewer_name(text)
    interviewee = _interviewee_name(text, turns)
    for t in turns:
        key = _label_key(t.speaker)  # type: ignore[arg-type]
        if key in interviewer and byline and (key in INTERVIEWER_LABELS or not _names_person(t.speaker, byline)):
            t.speaker = byline if key in INTERVIEWER_LABELS or t.speaker.isupper() else t.speaker  # type: ignore[union-attr]
        elif key in ANSWER_LABELS and interviewee:
            t.speaker = interviewee
    return turns


def _names_person(label: str | None, name: str) -> bool:
    return bool(label) and label.lower() in name.lower().split()  # type: ignore[union-attr]


def _interviewer_name(text: str) -> str | None:
    """Who asks the questions: the credit line's name first ("Interview by María José de la Fuente",
    "Questions by ..."), then the reporter the introduction names."""
    part = r"[A-Z][\w'’-]+"
    name = rf"({part}(?:[ \t]+(?:(?:de|da|del|della|di|du|la|le|van|von|der|den|bin|al|el|ibn)[ \t]+)*{part}){{0,3}})"
    where = text[:1500] + "\n" + text[-400:]
    for pattern in (
        rf"(?:[Ii]nterview(?:ed)? by|[Cc]onducted by|[Qq]uestions by|^By)[ \t]+{name}",
        rf"\b(?:reporter|correspondent|journalist|interviewer),?[ \t]+{name}",  # "sat down with Gazette reporter Tom Birch"
        rf"\b(?:[Ss]he|[Hh]e|[Tt]hey) (?:spoke|talked) (?:to|with) {name}",  # "She spoke to Owen Pritchard in Salford."
        rf"({part}(?:[ \t]+{part}){{1,3}})\s+(?:spoke|talked) (?:to|with)",
    ):
        m = re.search(pattern, where, re.MULTILINE)
        if m:
            return m.group(1)
    return None


def _interviewee_name(text: str, turns: list[Found]) -> str | None:
    intro = text[: turns[0].speaker_start] if turns and turns[0].speaker_start else ""
    # "X spoke to NAME"; not "She spoke to NAME", where NAME is the interviewer
    after_name = r"(?<!\b[Ss]he )(?<!\b[Hh]e )(?<!\b[Tt]hey )(?:spoke|talked) (?:to|with)"
    m = re.search(after_name + r"\s+([A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,3})", intro)
    return m.group(1) if m else None


# --- direct quotes -------------------------------------------------------------------------


def _is_speech(text: str, run: Run, doc: Any) -> bool:
    """A quoted run is speech unless it is a title, a name or scare quotes: short runs need a
    speech verb in their sentence, titles and terms are recognised by the words before them."""
    content = text[run.start : run.end]
    words = re.findall(r"\w+", content)
    before = text[max(0, run.open_at - 40) : run.open_at]
    if SCARE_CUES.search(before) and len(words) <= 6:
        return False
    if _title_like(content, words) or re.match(
        r"\s*(?:plan|programme|program|project|strategy|initiative|scheme|report)\b", text[run.close_at + 1 :]
    ):
        return False
    if len(words) >= 4 or re.search(r"[.!?,…]$", content):
        return True
    sentence = _sentence_of(doc, run.open_at)
    if sentence is None:
        return False
    verbs = [
        t
        for t in sentence
        if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX") and not (run.start <= t.idx < run.end)
    ]
    if len(words) >= 3:
        return bool(verbs)
    # one or two words: a partial quote right after its speech verb ("called it “absurd”") or in
    # what the verb reports ("said the company would repay the money “in full”"), else scare quotes
    near = any(0 < run.open_at - t.idx <= 60 and "," not in text[t.idx : run.open_at] for t in verbs)
    return near or any(t.idx < run.open_at and _governs(t, run) and _subject(t) is not None for t in verbs)


def _governs(verb: Any, run: Run) -> bool:
    """Whether the quoted run lies in the clause ``verb`` heads."""
    return any(run.start <= t.idx < run.end for t in verb.subtree)


def _governs_verb(outer: Any, inner: Any, inside: set[int]) -> bool:
    """Whether the speech verb ``inner`` lies in the clause of the speech verb ``outer`` and reports the
    quote (tokens ``inside``) too, in what it says ("told the court there was “...”"), not in a clause
    joined to it ("officers responded to a call and were “met with gunfire”, police said")."""
    if not outer.is_ancestor(inner):
        return False
    said = [c for c in inner.children if c.dep_ in ("ccomp", "xcomp", "oprd", "dobj")]
    return any(w.i in inside for c in said for w in c.subtree)


def _title_like(content: str, words: list[str]) -> bool:
    # a title keeps the comma or full stop of the sentence around it inside the marks ("Face the Nation,")
    if re.search(r"[.!?,;]", content.rstrip(".,")) or len(words) > 10:
        return False
    content_words = [w for w in words if w.lower() not in TITLE_SMALL_WORDS]  # "Face the Nation"
    capitals = sum(1 for w in content_words if w[:1].isupper() or w.isdigit())
    return capitals / max(1, len(content_words)) >= 0.75 and len(words) >= 2


def _sentence_of(doc: Any, offset: int) -> Any:
    span = doc.char_span(offset, min(offset + 1, len(text_of(doc))), alignment_mode="expand")
    return span[0].sent if span is not None and len(span) else None


def _direct(text: str, doc: Any, quoted: list[Run], turns: list[Found]) -> list[Found]:
    out: list[Found] = []
    previous: Found | None = None
    previous_run: Run | None = None
    for run in quoted:
        in_turn = next((t for t in turns if t.start <= run.start < t.end), None)
        if in_turn is not None and run.start - in_turn.start < 3 and in_turn.end - run.end < 3:
            continue  # the whole answer is in quotation marks: the turn is the quote
        f = Found(run.start, run.end, True)
        cue = _cue_for(doc, run, quoted, [(t.speaker_start or 0, t.speaker_end or 0) for t in turns])
        if cue is not None:
            f.cue, f.mention = cue
        elif previous is not None and previous_run is not None and _continues(text, previous_run, run):
            f.mention, f.speaker = previous.mention, previous.speaker
        elif in_turn is None and (intro := _intro_before(doc, run, quoted)) is not None:
            f.cue, f.mention = intro
        elif in_turn is None:  # no cue at all: the speaker the report was last quoting
            last = next((q for q in reversed(out) if q.mention), None)
            if last is not None and run.open_at - last.end < 1500:
                f.mention, f.speaker = last.mention, last.speaker
        out.append(f)
        previous, previous_run = f, run
    return out


def _continues(text: str, before: Run, run: Run) -> bool:
    """Whether ``run`` goes on from the quote ``before``: same paragraph, or the next paragraph
    opening with a quote and no speech of anyone else in between."""
    between = text[before.close_at + 1 : run.open_at]
    paragraphs = between.count("\n\n") + between.count("\n\r\n")
    return paragraphs <= 1 and len(re.findall(r"\w+", between)) <= 12


def _cue_for(doc: Any, run: Run, quoted: list[Run], labels: list[tuple[int, int]]) -> tuple[str | None, list[Any]] | None:
    """(cue words, speaker tokens) for a quoted run: the nearest speech verb of its sentences
    (outside any quote) that has a subject, or "according to X"."""
    span = doc.char_span(run.open_at, min(len(text_of(doc)), run.close_at + 1), alignment_mode="expand")
    if span is None:
        return None
    first = span[0].sent
    last = span[-1].sent
    sentences = list(doc[first.start : last.end].sents)
    para_start = text_of(doc).rfind("\n\n", 0, run.open_at) + 1
    para_end = text_of(doc).find("\n\n", run.close_at)
    para_end = len(text_of(doc)) if para_end < 0 else para_end
    tokens = [t for s in sentences for t in s if not _in_quotes(t.idx, quoted) and para_start <= t.idx < para_end]
    inside = {t.i for t in span if run.start <= t.idx < run.end}
    best: tuple[int, str, list[Any]] | None = None
    speeches = [(t, found) for t in tokens if (found := _speech(t)) is not None]
    verbs = [t for t, _ in speeches]
    for t, found in speeches:
        if any(a <= w.idx < b for w in found[1] for a, b in labels):  # "Name:" labels are no subjects
            continue
        if any(_in_quotes(w.idx, quoted) for w in found[1]):
            continue  # a subject inside the quote is the parser's mistake ("... Rubbish," the owner told)
        distance = min(abs(t.idx - run.open_at), abs(t.idx - run.close_at))
        if t.lemma_.lower() in LOOSE_VERBS and distance > 30:
            continue  # "maintain", "continue": speech only right beside the quote
        if not any(w.i in inside for w in t.subtree):
            distance += 1000  # a verb whose clause holds the quote comes before one that does not
        elif any(_governs_verb(t, o, inside) for o in verbs if o.i != t.i):
            distance += 500  # and the innermost such verb ("X told the court there was “...”, the AP reported"): X
        if best is None or distance < best[0]:
            best = (distance, *found)
    if best is None:
        return _colon_intro(doc, run, quoted)
    return best[1], best[2]


def _speech(t: Any) -> tuple[str, list[Any]] | None:
    """(cue, speaker tokens) when ``t`` is a speech verb with a subject, or "according to X"."""
    source = _source_phrase(t)
    if source is not None:
        pobj = next((c for c in source[1].children if c.dep_ == "pobj"), None)
        if pobj is not None:
            return source[0], mention_tokens(pobj)
    if (
        t.lemma_.lower() in ("quote", "cite", "paraphrase")
        and t.pos_ == "VERB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
    ):
        quoted = next((c for c in t.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")), None)  # "To quote the poet X:"
        return (f"to {t.text}", mention_tokens(quoted)) if quoted is not None else None
    if t.lemma_.lower() not in SPEECH_VERBS or t.pos_ not in ("VERB", "AUX"):
        return None
    subject = _subject(t)
    if subject is None or subject.is_punct:
        return None
    cue = t.text
    particle = next((c for c in t.children if c.dep_ == "prt"), None)
    if t.lemma_ == "tell":
        obj = next((c for c in t.children if c.dep_ in ("dobj", "dative")), None)
        if obj is not None and obj.i == t.i + 1 and obj.pos_ == "NOUN":
            cue = f"{t.text} {obj.text}"
    elif particle is not None and particle.i == t.i + 1:
        cue = f"{t.text} {particle.text}"
    # a subject before its verb ends there ("A manager who ran a home until March said": not "said")
    return cue, [w for w in mention_tokens(subject) if not subject.i < t.i <= w.i]


def _subject(verb: Any) -> Any:
    """The subject of a speech verb, climbing from "adding", "saying" to the verb they hang on."""
    v = verb
    for _ in range(3):
        # "Q: The minister told...": the parser makes the turn's label a second subject
        subjects = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and not _turn_label(c)]
        if v.i == verb.i and _misread_relative(v, subjects):
            return _roles_then_name(v.head)
        # "cars, which she said cost ...": the parser gives "said" both "which" and "she"
        # and "Another, Ama Owusu, 38, said": the name before the verb, not "Another" (nor, after it,
        # "our reporter Li Mengyao" whom "a spokeswoman told")
        named = [c for c in subjects if c.pos_ == "PROPN" and c.i < v.i] if len(subjects) > 1 else []
        subject = next((c for c in named + subjects if c.tag_ not in ("WP", "WDT")), subjects[0] if subjects else None)
        if subject is None and v.i == verb.i:
            subject = _inverted_subject(v) or _fronted_subject(v)
        if subject is not None and subject.tag_ in ("WP", "WDT"):  # "two brokers, who said ...": the brokers
            return _described_one(v.head) if v.head.pos_ in ("NOUN", "PROPN") and v.head.i != v.i else None
        if subject is not None and not can_speak(subject) and v.dep_ in ("ccomp", "conj", "xcomp", "advcl") and v.head.i != v.i:
            v = v.head  # "The minister said revenue would rise and promised ...": the minister, not revenue
            continue
        if subject is not None:
            subject = _roles_then_name(subject)
            if subject.dep_ == "nsubjpass":
                agent = next((c for c in v.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                return pobj
            return subject
        if v.dep_ == "conj" and v.head.dep_ == "ccomp" and v.head.head.lemma_.lower() in SPEECH_VERBS:
            # "told the conference that the government would build ..., and accused the opposition":
            # a speech verb the parser hangs on the reported clause goes with the one that reports it
            v = v.head.head
        elif v.dep_ in ("advcl", "xcomp", "conj", "ccomp", "relcl") and v.head.i != v.i:
            v = v.head
        elif v.dep_ == "pcomp" and v.tag_ == "VBG" and v.head.dep_ == "prep" and _has_subject(v.head.head):
            v = v.head.head  # "The union reacted to the ruling by warning that ...": the union
        elif v.dep_ == "acl" and v.tag_ == "VBG" and v.head.dep_ == "dobj" and v.head.lemma_.lower() in FILED:
            v = v.head.head  # "The union issued a statement suggesting that ...": the union
        else:
            return None
    return None


def _has_subject(verb: Any) -> bool:
    """Whether a verb has a subject of its own that can speak (one the parser gave it, not one to climb to)."""
    return verb.pos_ in ("VERB", "AUX") and any(c.dep_ == "nsubj" and can_speak(c) for c in verb.children)


def _misread_relative(verb: Any, subjects: list[Any]) -> bool:
    """ "The engineers who designed it say it is built ...": the parser makes the sentence a noun
    with two relative clauses, and the object of the first ("it") the subject of "say"."""
    head = verb.head
    if verb.dep_ != "relcl" or head.dep_ != "ROOT" or head.pos_ not in ("NOUN", "PROPN") or len(subjects) != 1:
        return False
    subject = subjects[0]
    return subject.i == verb.i - 1 and subject.i > 0 and verb.doc[subject.i - 1].pos_ == "VERB" and can_speak(head)


def _inverted_subject(verb: Any) -> Any:
    """ "“…”, writes the engineer María José de la Fuente": after a quote the parser may take the
    speaker of an inverted cue for its object."""
    doc = verb.doc
    after_quote = verb.i > 1 and (doc[verb.i - 1].is_quote or (doc[verb.i - 1].text == "," and doc[verb.i - 2].is_quote))
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.left_edge.i == verb.i + 1), None)
    if not after_quote or obj is None or not can_speak(obj):
        return None
    name = next((c for c in obj.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    return name if name is not None else obj


def _fronted_subject(verb: Any) -> Any:
    """ "Outside the court, Rosli's lawyer, Rajesh Menon, told reporters ...": the parser may hang the
    subject, in apposition, on the phrase that opens the sentence."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.i < verb.i):
        for apposed in (t for t in prep.subtree if t.dep_ == "appos" and can_speak(t)):
            # the words right before the verb ("In a written response to questions from the Ledger,
            # Flexpoint's director, Joost van der Meulen, denied"), not an apposition inside the phrase
            end = max(t.i for t in apposed.subtree)
            if end < verb.i and all(t.is_punct for t in apposed.doc[end + 1 : verb.i]):
                return apposed
    return None


def _roles_then_name(subject: Any) -> Any:
    """ "Former Texas mayor and former Housing Secretary Julian Castro tweeted": two roles of one
    person, the second with the name; "The mayor and Julian Castro said" (with an article) are two."""
    if subject.pos_ != "NOUN" or subject.tag_ != "NN" or any(c.dep_ in ("det", "poss") for c in subject.children):
        return subject
    name = next((c for c in subject.children if c.dep_ == "conj" and c.ent_type_ == "PERSON"), None)
    return name if name is not None and can_speak(subject) else subject


def _described_one(noun: Any) -> Any:
    """The name a description is in apposition with: "Margaret Hollis, the MP for Stroud Valley and a
    former environment minister, who told ...": Margaret Hollis, not the minister."""
    node = noun
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head
        if node.pos_ == "PROPN" and node.ent_type_ == "PERSON":
            return node
    return noun


def _turn_label(t: Any) -> bool:
    """An interview turn's label: the first word of a line, followed by a colon."""
    starts_line = t.i == 0 or "\n" in t.doc[t.i - 1].text_with_ws
    return starts_line and t.i + 1 < len(t.doc) and t.doc[t.i + 1].text == ":"


def _colon_intro(doc: Any, run: Run, quoted: list[Run]) -> tuple[str | None, list[Any]] | None:
    """ "The ministry writes: “…”" split by the parser, or "Shekari: “…”": the clause before the colon."""
    before = text_of(doc)[max(0, run.open_at - 3) : run.open_at]
    if ":" not in before:
        return None
    span = doc.char_span(max(0, run.open_at - 2), run.open_at, alignment_mode="expand")
    if span is None:
        return None
    sent = span[0].sent
    for t in reversed(list(sent)):
        if t.idx >= run.open_at or _in_quotes(t.idx, quoted):
            continue
        found = _speech(t)
        if found is not None:
            return found
    return _named_before_colon(doc, run.open_at - 3 + before.index(":")) or _clause_before_colon(sent, run)


def _clause_before_colon(sent: Any, run: Run) -> tuple[str, list[Any]] | None:
    """ "The Cabinet Secretary opened with a warning: “…”": the subject of the sentence's root verb
    when that verb comes before the colon and its subject can speak. Where the parser puts the root
    inside the quote ("The minister was blunt: “We will not pay.”") this finds no one."""
    root = sent.root
    if root.idx >= run.open_at or root.pos_ not in ("VERB", "AUX"):
        return None
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None or not can_speak(subject) or subject.tag_ in ("WP", "WDT"):
        return None
    return root.text, mention_tokens(subject)


def _named_before_colon(doc: Any, colon: int) -> tuple[None, list[Any]] | None:
    """ "10:30 Transport minister Efua Sarpong: “…”": a line that is only a name (after a time) and the
    colon, with no verb, names the speaker; there is no cue."""
    text = text_of(doc)
    span = doc.char_span(text.rfind("\n", 0, colon) + 1, colon, alignment_mode="contract")
    words = [t for t in span or [] if not (t.is_punct or t.like_num or t.is_space or re.fullmatch(r"[\d:.hH]+", t.text))]
    if not words or len(words) > 8 or any(t.pos_ in ("VERB", "AUX") or (t.pos_ == "ADP" and t.lower_ != "of") for t in words):
        return None  # not "Historian Kocaqi on the MEK: ‘...’", a caption about someone
    last = words[-1]
    if last.pos_ != "PROPN" and last.ent_type_ not in ("PERSON", "ORG"):
        return None
    return None, mention_tokens(last)


def _intro_before(doc: Any, run: Run, quoted: list[Run]) -> tuple[str, list[Any]] | None:
    """ "A former yard supervisor ... described how the lorries were loaded." and then a paragraph
    (a line, or a sentence) that is all quote: the speaker the sentence before ends by introducing."""
    text = text_of(doc)
    if not re.search(r"(?:\n|[.!?])\s*$", text[max(0, run.open_at - 4) : run.open_at]):
        return None
    span = doc.char_span(max(0, run.open_at - 3), run.open_at, alignment_mode="expand")
    i = span[0].i - 1 if span is not None else -1
    while i >= 0 and doc[i].is_space:
        i -= 1
    if i < 0:
        return None
    previous = doc[i].sent
    if _in_quotes(previous.start_char, quoted) or _in_quotes(previous.end_char - 1, quoted):
        return None
    for t in reversed(list(previous)):
        found = _speech(t) or _statement_issued(t)
        if found is not None:
            return found
    return None


def _statement_issued(t: Any) -> tuple[str, list[Any]] | None:
    """ "Trump's lawyers, Rudy Giuliani and Jay Sekulow, issued a statement.": (cue, speaker tokens) of
    a verb of publishing whose object is a statement, for the quote that follows it."""
    if t.lemma_.lower() not in ISSUING or t.pos_ != "VERB":
        return None
    statement = next((c for c in t.children if c.dep_ == "dobj" and c.lemma_.lower() in PUBLISHED and c.i > t.i), None)
    subject = _subject(t) if statement is not None else None
    if subject is None or subject.is_punct:
        return None
    return text_of(t.doc)[t.idx : statement.idx + len(statement.text)], mention_tokens(subject)  # "issued a statement"


def _in_quotes(offset: int, quoted: list[Run]) -> bool:
    return any(r.open_at <= offset <= r.close_at for r in quoted)


# --- indirect speech -----------------------------------------------------------------------


def _indirect(doc: Any, quoted: list[Run], direct: list[Found]) -> list[Found]:
    """ "X said (that) ...": the content clause of a speech verb, unless it is all quoted; and
    "According to X, ...": the rest of the sentence."""
    out: list[Found] = []
    for t in doc:
        if _in_quotes(t.idx, quoted) and not any(f.start <= t.idx < f.end and f.cue is None and f.speaker for f in direct):
            continue
        clause = None
        if _reported_as(t):
            continue
        if (found := _as_said(t)) is not None:  # "As she has specified, ...", "as reported by Europa Press"
            if not _mostly_quoted(found, quoted):
                out.append(found)
            continue
        if t.lemma_.lower() in INDIRECT_VERBS and t.pos_ in ("VERB", "AUX"):
            clause = next((c for c in t.children if c.dep_ == "ccomp" and c.i > t.i), None)
            # "Rescue teams pulled survivors ..., officials said.": the content comes first
            clause = clause or next((c for c in t.children if c.dep_ == "ccomp" and c.i < t.i and _ends_before(c, t)), None)
            clause = clause or _clause_in_phrase(t)
            if clause is None and t.lemma_ in ACCUSING:
                clause = next((c for c in t.children if c.dep_ in ("pcomp", "xcomp") and c.i > t.i), None)
                clause = clause or _charged_with(t)
        elif t.lemma_.lower() in CLAIM_NOUNS and t.pos_ == "NOUN":
            found = _claimed(t)
            if found is not None and not _mostly_quoted(found, quoted):
                out.append(found)
            continue
        elif _source_phrase(t) is not None:
            found = _according(t)
            if found is not None and not _mostly_quoted(found, quoted):
                out.append(found)
            continue
        if clause is None and t.dep_ == "parataxis" and t.lemma_.lower() in INDIRECT_VERBS:
            found = _parenthetical(t, quoted)  # "At least 17 people have died, civil defence says."
            if found is not None:
                out.append(found)
            continue
        if clause is None:
            continue
        speech = _speech(t)
        if speech is None:
            continue
        words = [w for w in clause.subtree if not (w.dep_ == "mark" and w.i == clause.left_edge.i)]
        accused = next((c for c in t.children if c.dep_ == "dobj"), None) if t.lemma_ in ACCUSING else None
        if accused is not None and accused.i < clause.i:  # "the company of bringing in crews": whom it charges, too
            words = list(doc[accused.left_edge.i : max(w.i for w in clause.subtree) + 1])
        if clause.i > t.i and t.dep_ != "relcl":  # "Amina Yusuf, who said she had waited, was ...": the clause only
            words += _rest_of_content(words[-1], quoted)
        words = [w for w in words if w.i > t.i] if clause.i > t.i else words
        words = _without_trailing_source(words)
        while words and (words[-1].is_punct or words[-1].is_space):
            if words[-1].is_quote and sum(w.is_quote for w in words) % 2 == 0:
                break  # the mark that closes a quote the content holds
            words.pop()
        while words and (words[0].is_punct or clock_time(words[0])):  # a live blog's "17:45"
            words.pop(0)
        if len(words) < 3:
            continue
        found = Found(words[0].idx, words[-1].idx + len(words[-1].text), False, cue=speech[0], mention=speech[1])
        if not _mostly_quoted(found, quoted) and "\n" not in text_of(doc)[found.start : found.end]:
            out.append(found)
    return out


def _without_trailing_source(words: list[Any]) -> list[Any]:
    """ "told the operator that she thought ..., according to the affidavit": the source that ends the
    sentence is not what she said (one in the middle, "wells that, according to its data, pump ...", stays)."""
    for k, w in enumerate(words):
        if k and _source_phrase(w) is not None and words[k - 1].text == ",":
            phrase = {x.i for x in w.subtree} | {x.i for x in w.head.subtree if w.head.dep_ == "prep"}
            if all(x.i in phrase or x.is_punct for x in words[k:]):
                return words[: k - 1]
    return words


def _parenthetical(verb: Any, quoted: list[Run]) -> Found | None:
    """A cue the parser hangs beside the clause it reports ("Schweinfurt was hard hit, he said,
    because ...", "The plant, officials say, will close"): the clause before the cue when its verb
    comes first, else the words after."""
    speech = _speech(verb)
    if speech is None or any(c.dep_ == "ccomp" for c in verb.children):
        return None
    cue = {w.i for w in verb.subtree}
    words = [w for w in verb.head.subtree if w.i not in cue and not w.is_space]
    words = [w for w in words if w.i < verb.left_edge.i] if verb.head.i < verb.i else [w for w in words if w.i > verb.i]
    colon = max((i for i, w in enumerate(words) if w.text == ":"), default=-1)
    words = _trimmed(words[colon + 1 :])  # "To recap: at least 17 people have died, civil defence says"
    if len(words) < 3 or words[-1].i - words[0].i + 1 != len(words):
        return None  # not a run of words: the parser's tree, not the sentence
    found = Found(words[0].idx, words[-1].idx + len(words[-1].text), False, cue=speech[0], mention=speech[1])
    text = text_of(verb.doc)
    return None if _mostly_quoted(found, quoted) or "\n" in text[found.start : found.end] else found


def _trimmed(words: list[Any]) -> list[Any]:
    """Reported words without the punctuation, conjunctions and live-blog times at either end."""
    while words and (words[0].is_punct or words[0].dep_ == "cc" or clock_time(words[0])):
        words = words[1:]
    while words and (words[-1].is_punct or words[-1].dep_ == "cc"):
        words = words[:-1]
    return words


def _rest_of_content(last: Any, quoted: list[Run]) -> list[Any]:
    """The words after a content clause to the end of its sentence that the parser hung elsewhere but
    that go on reporting ("had been informed only on Sunday morning, “after fishermen sent us
    photographs”", "... in five years and that ..."): none when another attribution comes first."""
    rest: list[Any] = []
    doc = last.doc
    for w in doc[last.i + 1 : last.sent.end]:
        if "\n" in w.text or w.text == ";":
            break
        if w.dep_ == "cc" and not (w.i + 1 < len(doc) and doc[w.i + 1].lower_ == "that"):
            break  # "..., and it publishes the names": a statement of its own; "and that ..." goes on reporting
        if (w.lemma_.lower() in SPEECH_VERBS and w.pos_ == "VERB" and not _in_quotes(w.idx, quoted)) or _source_phrase(w):
            return []
        rest.append(w)
    return rest


def _charged_with(verb: Any) -> Any:
    """What "accused the minister of hiding the cost" or "blamed the council for failing to clear
    the drains" charges: the gerund clause after "of" or "for", on the verb or on its object."""
    word = ACCUSING[verb.lemma_]
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    for head in [verb, *objects]:
        prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == word), None)
        clause = next((c for c in prep.children if c.dep_ == "pcomp"), None) if prep is not None else None
        if clause is not None:
            return clause
    return None


def _ends_before(clause: Any, verb: Any) -> bool:
    """A fronted content clause: it ends right before the cue, only a comma and the speaker between
    ("..., the Maritime Search and Rescue Command (MSRC) said")."""
    last = max(w.i for w in clause.subtree)
    if last >= verb.i:
        return False
    subject = {w.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for w in c.subtree}
    between = verb.doc[last + 1 : verb.i]
    return verb.i - last <= 8 or all(w.i in subject or w.is_punct or w.dep_ in ("aux", "advmod") for w in between)


def _source_phrase(t: Any) -> tuple[str, Any, int] | None:
    """(cue, the preposition whose object is the source, where the phrase starts) for "according to
    X" and "in the words of X"."""
    doc = t.doc
    if t.lower_ not in ("according", "words") or t.i + 1 >= len(doc):  # checked for every word: cheap first
        return None
    if t.lower_ == "according" and doc[t.i + 1].lower_ == "to":
        return f"{t.text} to", doc[t.i + 1], t.i
    words = doc[t.i - 2 : t.i + 2].text.lower() if t.i >= 2 else ""
    if words == "in the words of":
        return doc[t.i - 2 : t.i + 2].text, doc[t.i + 1], t.i - 2
    return None


def _clause_in_phrase(verb: Any) -> Any:
    """ "said in a statement posted on its website that the plant would reopen", "has insisted from the
    beginning that the probe is a witch hunt": the that-clause the parser hangs on the phrase of the verb."""
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        # not "in response to the report that ...", whose clause is the report's
        phrases = STATEMENTS | WHEN if prep.lower_ == "in" else WHEN
        for pobj in (c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in phrases):
            for c in pobj.children:
                if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
                    return c
    return None


def _as_said(t: Any) -> Found | None:
    """ "As she has specified, the first places ...", "The places, as the minister said, will open",
    "As reported by Europa Press, ...": the clause the "as" phrase hangs on, said by its subject or agent."""
    if t.dep_ != "advcl" or t.lemma_.lower() not in INDIRECT_VERBS | AS_VERBS or t.pos_ != "VERB":
        return None
    if t.left_edge.lower_ != "as" or t.left_edge.dep_ != "mark" or any(c.dep_ in ("ccomp", "dobj") for c in t.children):
        return None
    if t.i - t.left_edge.i > 7 or (t.head.i < t.left_edge.i and t.head.dep_ != "ROOT"):  # "as" and its verb, close
        return None
    agent = next((c for c in t.children if c.dep_ == "agent"), None)
    source = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if source is not None and source.lemma_.lower() in DOCUMENTS:
        return None  # "as confirmed by the association's audit": evidence the report cites, not a source speaking
    source = source or next((c for c in t.children if c.dep_ == "nsubj"), None)
    if source is None or not can_speak(source) or source.lower_ in ("i", "we"):  # "as I reported": the author
        return None
    phrase = {w.i for w in t.subtree}
    words = _trimmed([w for w in t.head.subtree if w.i not in phrase and not w.is_space])
    if len(words) < 3:
        return None
    return Found(words[0].idx, words[-1].idx + len(words[-1].text), False, cue=f"as {t.text}", mention=mention_tokens(source))


def _reported_as(t: Any) -> bool:
    """ "two fishermen reported missing", "a man said to be the leader": a participle describing, no one speaking."""
    after = t.nbor(1) if t.i + 1 < len(t.doc) else None
    if after is None:
        return False
    if after.lower_ in ("missing", "dead", "killed", "injured", "wounded", "lost", "stolen", "safe", "alive"):
        return True  # the parser makes "reported" a past tense with "fishermen" its subject
    bare = t.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in t.children)
    return bare and (after.pos_ == "ADJ" or after.tag_ == "VBN" or after.lower_ == "to")


def _claimed(noun: Any) -> Found | None:
    """ "claims by X that ...": the that-clause, said by X ("the union's claim that" is too often
    the report's paraphrase of what someone else rejects)."""
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" for m in c.children)), None)
    if clause is None or clause.i < noun.i:
        return None
    by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from") and c.i < clause.i), None)
    source = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if source is None or source.lemma_.lower() in DOCUMENTS:  # "the report's claim that": a finding, not a source speaking
        return None
    words = _trimmed([w for w in clause.subtree if not (w.dep_ == "mark" and w.i == clause.left_edge.i) and not w.is_space])
    if len(words) < 3:
        return None
    return Found(words[0].idx, words[-1].idx + len(words[-1].text), False, cue=noun.text, mention=mention_tokens(source))


def _according(t: Any) -> Found | None:
    cue, prep, start = _source_phrase(t)  # type: ignore[misc]
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    sent = t.sent
    phrase_end = max(w.i for w in pobj.subtree) + 1
    rest = [w for w in sent if (w.i >= phrase_end or w.i < start) and not w.is_space]
    while rest and (rest[0].is_punct or rest[0].dep_ == "cc"):
        rest.pop(0)
    while rest and (rest[-1].is_punct or rest[-1].is_space):
        rest.pop()
    if rest and rest[0].i < start < rest[-1].i:
        after = [w for w in rest if w.i >= phrase_end and not w.is_punct]
        if after and after[0].dep_ == "cc" and sent.root.i < start:
            # "The grant was 4.400 euros, according to ministry data, and 61.000 drivers got one": what it sources comes first
            rest = [w for w in rest if w.i < start]
        else:  # "The camp, according to X, holds ...": the clause after the phrase
            rest = [w for w in rest if w.i >= phrase_end] or rest
        while rest and rest[0].is_punct:
            rest.pop(0)
    while rest and (rest[-1].is_punct or rest[-1].is_space):
        rest.pop()
    if len(rest) < 3:
        return None
    return Found(rest[0].idx, rest[-1].idx + len(rest[-1].text), False, cue=cue, mention=mention_tokens(pobj))


def _first_name_subject(resolver: Resolver, t: Any) -> bool:
    """A first name alone, not tagged a name, that is the subject of a clause, of a person the text names in full."""
    if t.dep_ not in ("nsubj", "nsubjpass") or t.pos_ != "PROPN" or t.ent_type_ == "PERSON" or not t.text[:1].isupper():
        return False
    full = resolver.full_name(t.text)
    # or a surname alone ("Birch, 52, was told of the decision"), which the model tags no name either
    called = full.split()[0] == t.text or full.split()[-1] == t.text
    return full != t.text and called and any(e.name == full and e.kind == "person" for e in resolver.entities)


def _untagged_subject_name(t: Any) -> bool:
    """A proper name of two words or more, not tagged a name, that is the subject of a clause."""
    named = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")  # not a date, a law or a title the model took it for
    if t.dep_ not in ("nsubj", "nsubjpass") or t.pos_ != "PROPN" or t.ent_type_ in named:
        return False
    run = [t]  # the words before it on its line, whatever the parser attached them to ("Bernadette" a root)
    while run[0].i > 0 and run[0].nbor(-1).pos_ == "PROPN" and run[0].nbor(-1).whitespace_ == " ":
        run.insert(0, run[0].nbor(-1))
    return len(run) > 1 and all(w.text[:1].isupper() and w.ent_type_ not in named for w in run)


def _mostly_quoted(f: Found, quoted: list[Run]) -> bool:
    covered = sum(max(0, min(f.end, r.end) - max(f.start, r.start)) for r in quoted)
    return covered >= 0.8 * max(1, f.end - f.start)


# --- speakers ------------------------------------------------------------------------------


def _resolve(doc: Any, found: list[Found], text: str, resolver: Resolver) -> None:
    """Canonical speakers, mention by mention in text order (pronouns look back)."""
    # Entities the text makes subjects are what later pronouns refer to ("Brandt founded it. He said...").
    events: list[tuple[int, int, Any]] = [
        (e.start_char, 0, e)
        for e in doc.ents
        if (e.label_ in ("PERSON", "ORG") and not is_storm(e) and not _modifier_only(e))
        or (e.label_ == "GPE" and resolver.is_person(e.text))
    ]
    # and the people the reporters spoke to ("spoke to 11 former members"), whom "eight of them" are among
    events += [(tokens[0].idx, 0, tokens) for tokens in _interviewed(doc)]
    events += _subjects_noted(doc, resolver)
    events += [(f.mention[0].idx if f.mention else f.start, 1, f) for f in found if f.mention]
    events += [(f.speaker_start or f.start, 1, f) for f in found if not f.mention and f.speaker and f.speaker_start is not None]
    resolved: dict[int, str | None] = {}
    resolver.reported = [(f.start, f.end) for f in found if not f.direct]
    speaking = {f.mention[0].i for f in found if f.mention}
    for _, kind, item in sorted(events, key=lambda e: (e[0], e[1])):
        if kind == 0 and isinstance(item, tuple) and item[0] == "joint":
            if item[1][0][0].i not in speaking:
                resolver.note_joint(item[1])
            continue
        if kind == 0 and isinstance(item, tuple):
            if item[1] and item[1][0].i not in speaking:
                (resolver.note_role if item[0] == "role" else resolver.note_introduced)(item[1])
            continue
        if kind == 0:
            tokens = list(item)
            if tokens and tokens[0].i not in speaking:  # a speaker's mention is resolved once, as the speaker
                resolver.note(tokens)
            continue
        if item.mention:
            tokens = item.mention
            key = tokens[0].i
            partners = _partners(tokens)
            quoting = _quoting(found, item, tokens)
            if key not in resolved and quoting is not None:
                resolved[key] = quoting
            if key not in resolved:  # "Nancy Pelosi and Chuck Schumer said": one statement of both
                resolved[key] = resolver.resolve_joint([tokens, *(_named_in(p) for p in partners)])
            item.speaker = resolved[key]
            last = mention_tokens(partners[-1])[-1] if partners else tokens[-1]
            item.speaker_start, item.speaker_end = tokens[0].idx, last.idx + len(last.text)
        elif item.speaker.lower() in INTERVIEWER_LABELS | ANSWER_LABELS:
            item.speaker = _interview_party(resolver, doc, found, item.speaker.lower() in ANSWER_LABELS) or item.speaker
        else:  # an interview label: "Shekari", "KALLERGIS", "Siti Khadijah"
            item.speaker = _fullest(resolver, item.speaker) or item.speaker
        if item.direct:
            resolver.relate(item.speaker, text[item.start : item.end])


def _quoting(found: list[Found], quote: Found, mention: list[Any]) -> str | None:
    """ "A: ... I called my mother and said, ‘Mamá, these people are crazy.’": an "I" inside someone's
    quote is the one quoted."""
    if len(mention) != 1 or mention[0].lower_ not in ("i", "me"):
        return None
    at = mention[0].idx
    around = [f for f in found if f is not quote and f.direct and f.speaker and f.start <= at < f.end]
    return min(around, key=lambda f: f.end - f.start).speaker if around else None


def _modifier_only(ent: Any) -> bool:
    """A person's name that only modifies a thing ("a critic of the Mueller probe"): no mention of
    someone acting, whom a later "he" would mean."""
    root = ent.root
    return ent.label_ == "PERSON" and root.dep_ == "compound" and root.head.pos_ == "NOUN" and not can_speak(root.head)


def _named_in(partner: Any) -> list[Any]:
    """The name in a partner's mention ("Special Agent in Charge James C. Langenberg of the FBI"), or the mention."""
    tokens = mention_tokens(partner)
    names = [t for t in tokens if t.ent_type_ == "PERSON"]
    if not names and tokens and tokens[-1].pos_ == "PROPN":  # "Senate Democratic leader Chuck Schumer", untagged
        i = len(tokens) - 1
        while i > 0 and tokens[i - 1].pos_ == "PROPN" and tokens[i - 1].text[:1].isupper():
            i -= 1
        names = tokens[i:]
    return [t for t in tokens if names[0].i <= t.i <= names[-1].i] if names else tokens


def _partners(tokens: list[Any]) -> list[Any]:
    """The names a speaker's name is joined to by "and" ("Pelosi and Schumer said"), none for a description."""
    head = next((t for t in tokens if t.head.i == t.i or not (tokens[0].i <= t.head.i <= tokens[-1].i)), tokens[0])
    if head.pos_ != "PROPN" or head.ent_type_ in ("GPE", "LOC", "NORP", "DATE"):
        return []
    ent = next((e for e in head.doc.ents if e.start <= head.i < e.end), None)
    # names joined by "and", not the "and" inside one name ("National Bureau of Statistics and Economic Data")
    conj = [
        c for c in head.children
        if c.dep_ == "conj" and c.pos_ == "PROPN" and c.ent_type_ not in ("GPE", "LOC", "NORP", "DATE")
        and not (ent is not None and ent.start <= c.i < ent.end and ent.label_ != "WORK_OF_ART")
    ]  # fmt: skip
    joined = any(c.dep_ == "cc" and c.lower_ == "and" for c in head.children) or any(
        c.dep_ == "cc" and c.lower_ == "and" for k in conj for c in k.children
    )
    # "Nancy Pelosi and Senate Democratic Leader Chuck Schumer": the parser hangs the second name on the first
    apposed = [c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"]
    conj = [next((a for a in apposed if a.i > c.i), c) if c.ent_type_ != "PERSON" else c for c in conj]
    # not "Marcus Hale, President and Chief Executive Officer": titles, not a second speaker
    conj = [
        c for c in conj
        if c.ent_type_ in ("PERSON", "ORG", "WORK_OF_ART") or c.lower_ not in TITLES | ROLES
        or any(w.ent_type_ == "PERSON" for w in c.subtree)  # "Special Agent in Charge James C. Langenberg"
    ]  # fmt: skip
    return conj if joined else []


def _subjects_noted(doc: Any, resolver: Resolver) -> list[tuple[int, int, Any]]:
    """The mentions, besides names the model tags, that later pronouns and descriptions may mean (one
    pass over the tokens, in this order where two start at one offset)."""
    orgs, untagged, groups, introduced, joint, roles, first_names = [], [], [], [], [], [], []
    for t in doc:
        subject = t.dep_ == "nsubj"
        # the organisations that act ("The regional health agency (ARS) contested these figures"): "it said"
        if subject and t.lemma_.lower() in ORG_HEADS:
            orgs.append((t.idx, 0, mention_tokens(t)))
        # names the small model does not tag ("Bernadette Delaney was a care worker ... before she became")
        if _untagged_subject_name(t):
            untagged.append((t.idx, 0, mention_tokens(t)))
        # groups of people that act ("Relatives gathered at the harbour"), whom "Many said" means
        if subject and people_group(t):
            groups.append((t.idx, 0, mention_tokens(t)))
        # people a sentence introduces ("A senior official at the finance ministry defended the numbers."),
        # whom a later "the ministry official said" means
        if t.dep_ in ("nsubj", "nsubjpass") and introduced_person(t):
            m = mention_tokens(t)
            if m and not any(w.ent_type_ == "PERSON" for w in m):
                introduced.append((m[0].idx, 0, ("introduced", m)))
        # people a clause makes its subject together ("Pelosi and Schumer released a joint statement"): "they said"
        if subject and t.ent_type_ == "PERSON" and (partners := _partners(mention_tokens(t))):
            parts = [mention_tokens(t), *(_named_in(p) for p in partners)]
            if all(any(w.ent_type_ == "PERSON" for w in part) for part in parts):
                joint.append((t.idx, 0, ("joint", parts)))
        # roles of people named before that a main clause makes its subject ("the president pressed on")
        if subject and t.tag_ == "NN" and t.head.dep_ == "ROOT":
            roles.append((t.idx, 0, ("role", mention_tokens(t))))
        # a first name or surname alone the text makes a subject ("Somayeh sent a letter, in which she wrote")
        if _first_name_subject(resolver, t):
            first_names.append((t.idx, 0, [t]))
    return orgs + untagged + groups + introduced + joint + roles + first_names


def _interviewed(doc: Any) -> list[list[Any]]:
    """The mentions of those a report says it spoke to or interviewed."""
    out = []
    for t in doc:
        if t.lemma_ in ("speak", "talk") and t.pos_ == "VERB":
            preps = [c for c in t.children if c.dep_ == "prep" and c.lower_ in ("to", "with")]
            heads = [c for p in preps for c in p.children if c.dep_ == "pobj"]
        elif t.lemma_ == "interview" and t.pos_ == "VERB":
            heads = [c for c in t.children if c.dep_ == "dobj"]
        else:
            continue
        out += [mention_tokens(h) for h in heads if h.pos_ in ("NOUN", "PROPN")]
    return out


def _interview_party(resolver: Resolver, doc: Any, found: list[Found], answers: bool) -> str | None:
    """Who "A:" (``answers``) or "Q:" is: the person the introduction is about, or the byline's author."""
    author = _interviewer_name(text_of(doc))
    if not answers:
        return author
    first_turn = min((f.speaker_start for f in found if f.speaker_start is not None and f.mention is None), default=0)
    counts: dict[str, int] = {}
    for ent in doc.ents:
        if ent.label_ == "PERSON" and ent.start_char < first_turn:
            name = resolver.full_name(ent.text)
            if not author or name.lower() not in author.lower():
                counts[name] = counts.get(name, 0) + 1
    if not counts:  # "Dr Anders Holmqvist has studied ...": a name the small model does not tag
        intro = text_of(doc)[:first_turn]
        counts = {n: intro.count(n) for n in resolver.persons if n in intro and (not author or n.lower() not in author.lower())}
    if not counts:  # "Five questions for the new coach", who is named only after the turns
        counts = {n: text_of(doc).count(n) for n in resolver.persons if not author or n.lower() not in author.lower()}
    return max(counts, key=lambda n: (counts[n], len(n))) if counts else None


def _fullest(resolver: Resolver, label: str) -> str | None:
    """An interview label ("Shekari", "KALLERGIS") to the fullest name of that person."""
    full = resolver.full_name(label.title() if label.isupper() else label)
    full = full.title() if full.isupper() else full  # "HELENA RUIZ:" is Helena Ruiz
    if full.lower() == label.lower() and " " not in label:
        full = _written_in_full(text_of(resolver.doc), full)
    return full if full != label else None


def _written_in_full(text: str, surname: str) -> str:
    """A surname label's name as the text writes it in full ("Leyla Rahimi, 54, ..."), however the
    model tagged it (a place, say); titles aside; the surname when the text has no such name."""
    skip = TITLES | {"a", "an", "by", "with", "and", "of", "to", "for", "in", "on"}
    for m in re.finditer(rf"((?:[A-Z][\w'’-]+[ \t]+){{1,2}}){re.escape(surname)}\b", text):
        words = [w for w in m.group(1).split() if w.lower().rstrip(".") not in skip]
        if words and text[m.end() : m.end() + 1] != ":":
            return " ".join([*words, surname])
    return surname


# --- the stage -----------------------------------------------------------------------------


class QuotesStage(BaseStage):
    """Adds ``quotes``: direct and indirect quotes with speaker, speaker mention and cue."""

    name = "quotes"
    assigns = "quotes"
    requires = ("documents",)

    def __call__(self, page: Page) -> Page:
        from presslens.nlp import parse

        page.layers["quotes"] = []
        for doc_id, start, end in page.reports():
            text = page.text[start:end]
            for f in find(text, parse(text)):
                page.add(
                    "quotes", start=start + f.start, end=start + f.end, document=doc_id, direct=f.direct, speaker=f.speaker,
                    speaker_start=None if f.speaker_start is None else start + f.speaker_start,
                    speaker_end=None if f.speaker_end is None else start + f.speaker_end, cue=f.cue,
                )  # fmt: skip
        return page


@register("quotes")
def make_quotes() -> QuotesStage:
    return QuotesStage()
