"""The 14 techniques of SemEval-2020 Task 11, with definitions and made-up examples.

Labels are spelled exactly as the Propaganda Techniques Corpus spells them; they are part of
the JSON contract. Definitions paraphrase the task's annotation guidelines (Da San Martino et
al., EMNLP 2019); examples are invented for presslens, neutral as to side.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Technique:
    """One technique: its corpus label, a reader's name, a definition, an example, and cues."""

    label: str
    name: str
    definition: str
    example: str
    cues: str  # what the model looks at, in a reader's words


TECHNIQUES: tuple[Technique, ...] = (
    Technique(
        "Loaded_Language", "Loaded language",
        "Words or phrases with strong emotional implications, used to sway the reader beyond what the facts support.",
        "The council's reckless, disastrous budget will devastate our schools.",
        "emotionally charged words and intensifiers; the sentence around them",
    ),
    Technique(
        "Name_Calling,Labeling", "Name calling, labelling",
        "Labelling a person, group or idea as something the audience fears, hates or finds undesirable (or loves).",
        "The so-called experts, these cranks, want to tell you how to live.",
        "labels attached to people or groups (nouns and epithets), quotation marks around a label",
    ),
    Technique(
        "Repetition", "Repetition",
        "Repeating the same message over and over so that the audience comes to accept it.",
        "Jobs, jobs, jobs. This plan is about jobs.",
        "the same phrase recurring elsewhere in the article",
    ),
    Technique(
        "Exaggeration,Minimisation", "Exaggeration, minimisation",
        "Representing something as much larger, better or worse than it is, or downplaying it as trivial.",
        "This is the greatest betrayal in the history of the republic; the leak was a mere hiccup.",
        "superlatives, absolutes, 'only', 'just', 'mere'",
    ),
    Technique(
        "Doubt", "Doubt",
        "Questioning the credibility of someone or something without substantiating the challenge.",
        "Can we really trust a minister who has never run a business?",
        "rhetorical questions and hedged insinuations about credibility",
    ),
    Technique(
        "Appeal_to_fear-prejudice", "Appeal to fear or prejudice",
        "Building support for an idea by instilling anxiety or panic about an alternative, or by exploiting prejudice.",
        "If this bill passes, criminals will be roaming your street by Christmas.",
        "threat and consequence phrasing, vivid dangers, 'will destroy', 'before it is too late'",
    ),
    Technique(
        "Flag-Waving", "Flag-waving",
        "Playing on strong national (or group) feeling to justify or promote an action or idea.",
        "Every true patriot knows this is what our nation stands for.",
        "appeals to the nation, patriots, 'our people', 'our values'",
    ),
    Technique(
        "Causal_Oversimplification", "Causal oversimplification",
        "Assuming one cause for an outcome that has many, or blaming one party for a complex problem.",
        "Prices went up the day she took office, so her policies caused the inflation.",
        "causal connectives ('because', 'so', 'that is why') over a single cause",
    ),
    Technique(
        "Appeal_to_Authority", "Appeal to authority",
        "Claiming a statement is true because an authority or expert says so, without other evidence.",
        "A Nobel laureate said it, so the matter is settled.",
        "titles and institutions cited as the reason to believe ('experts agree', 'according to')",
    ),
    Technique(
        "Slogans", "Slogans",
        "A brief, striking phrase that may include labelling and stereotyping, meant as a call to action.",
        "Take back our streets!",
        "short, punchy, often capitalised or exclaimed phrases",
    ),
    Technique(
        "Black-and-White_Fallacy", "Black-and-white fallacy",
        "Presenting two alternatives as the only possibilities when more exist.",
        "You are either with the reform or you are with the saboteurs.",
        "'either … or', 'only two choices', 'with us or against us'",
    ),
    Technique(
        "Thought-terminating_Cliches", "Thought-terminating cliché",
        "A short, generic phrase that discourages critical thought and ends the discussion.",
        "It is what it is. Enough said.",
        "stock phrases that close a topic ('it is what it is', 'end of story')",
    ),
    Technique(
        "Whataboutism,Straw_Men,Red_Herring", "Whataboutism, straw man, red herring",
        "Discrediting a position by charging hypocrisy, misrepresenting it, or diverting to an irrelevant topic.",
        "They complain about our deficit, but what about the money they wasted in 2010?",
        "'what about', distorted restatements of an opponent's view, abrupt changes of subject",
    ),
    Technique(
        "Bandwagon,Reductio_ad_hitlerum", "Bandwagon, reductio ad Hitlerum",
        "Urging people to join because 'everyone' does, or rejecting an idea because a hated group supports it.",
        "Millions have already switched, so should you; only tyrants ever wanted such a law.",
        "'everyone', 'millions agree', comparisons with hated regimes and figures",
    ),
)  # fmt: skip

LABELS: tuple[str, ...] = tuple(t.label for t in TECHNIQUES)
_BY_LABEL = {t.label: t for t in TECHNIQUES}


def technique(label: str) -> Technique:
    """The technique named ``label`` (exact corpus spelling); KeyError for any other."""
    return _BY_LABEL[label]


def definitions() -> dict[str, str]:
    """Label -> definition, as the HTML report shows them."""
    return {t.label: t.definition for t in TECHNIQUES}
