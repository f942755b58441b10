"""Who a mention refers to: canonical names for speakers and claimants within one document.

A mention is resolved in this order: a name ("Shekari") to the fullest form of that name in the
document ("Gholamreza Shekari"); a pronoun ("he", "it") to the nearest earlier person or
organisation that fits; a definite description ("the minister", "the company", "the official")
to the person whose role it names or the earlier source with the same head noun; anything else
keeps its own words, without the leading article ("spokesman for the organization").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from presslens.antecedents import AntecedentRanker, Candidate, features, packaged_ranker
from presslens.headers import AGENCY, CREDIT, DATELINE, HEADLINE, report_header
from presslens.nlp import text_of
from presslens.quotemarks import runs

TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "president", "prime", "minister",
    "ambassador", "general", "gen", "col", "colonel", "lt", "lieutenant", "captain", "capt", "judge", "justice", "senator",
    "sen", "rep", "representative", "governor", "gov", "mayor", "chancellor", "king", "queen", "prince", "princess",
    "sheikh", "ayatollah", "imam", "rev", "reverend", "father", "sister", "brother", "chief", "inspector", "detective",
    "sergeant", "sgt", "officer", "commissioner", "secretary", "deputy", "mp", "mep", "ret", "retired", "former", "the",
    "councillor", "councilor", "spokesman", "spokeswoman", "spokesperson", "director", "chairman", "chairwoman", "ceo",
    "leader", "editor", "correspondent", "envoy", "commander", "admiral", "marshal", "speaker", "coach", "manager",
    "superintendent", "constable", "prosecutor", "attorney", "premier", "vice", "chair", "founder", "(ret.)", "dr.", "mr.",
    "charge", "agent",
    "mrs.", "ms.", "prof.", "cllr", "sen.", "rep.", "gov.", "gen.", "lt.", "col.", "capt.", "sgt.", "executive",
}  # fmt: skip
# Roles said before a name, capitalised at the start of a sentence or in a title ("Survivor Wa Ode
# Nurhayati", "Government Statistician Abena Owusu-Ansah"): not part of the name.
ROLES = {
    "survivor", "witness", "resident", "residents", "statistician", "economist", "analyst", "lawyer", "barrister",
    "solicitor", "researcher", "scientist", "nurse", "doctor", "teacher", "student", "farmer", "worker", "activist",
    "campaigner", "official", "host", "presenter", "anchor", "reporter", "journalist", "author", "historian", "owner",
    "trader", "driver", "pilot", "engineer", "expert", "government", "state", "economy", "finance", "foreign", "health",
    "defence", "defense", "interior", "justice", "labour", "labor", "transport", "environment", "education", "trade",
    "culture", "agriculture", "energy", "chief", "senior", "junior", "assistant", "acting", "interim", "opposition",
    "assemblyman", "assemblywoman", "congressman", "congresswoman", "alderman", "magistrate", "me", "maître", "maitre",
    "counsel", "advocate", "surgeon", "consultant", "pastor", "priest", "bishop", "rabbi", "mufti", "cardinal",
}  # fmt: skip
# Nouns that name people by what they do, besides titles and roles: what an entity's apposition says it is.
PERSON_NOUNS = {
    "founder", "director", "owner", "chairman", "chairwoman", "member", "brother", "sister", "mother", "father", "son",
    "daughter", "wife", "husband", "widow", "friend", "colleague", "victim", "employee", "worker", "manager", "officer",
    "candidate", "politician", "lawmaker", "legislator", "spokesman", "spokeswoman", "executive", "head", "partner",
    "neighbour", "neighbor", "critic", "cousin", "uncle", "aunt", "grandmother", "grandfather", "nephew", "niece",
    "aide", "pupil", "refugee", "guard", "landlord", "midwife", "paramedic", "firefighter", "protester", "voter", "citizen",
    "child", "boy", "girl", "cleric", "monk", "elder", "commuter", "pilgrim", "athlete", "writer", "poet", "nanny", "cook",
    "chef", "waiter", "plumber", "electrician", "mechanic", "builder", "welder",
}  # fmt: skip
# Singular nouns that name a source without being a person's role or an organisation.
SOURCES = {
    "source",
    "witness",
    "eyewitness",
    "diplomat",
    "critic",
    "family",
    "opposition",
    "staff",
    "crew",
    "team",
    "side",
    "camp",
    "media",
    "press",
    "newspaper",
    "paper",
    "outlet",
    "broadcaster",
    "station",
    "channel",
    "website",
    "government",
    "administration",
    "cabinet",
    "parliament",
    "jury",
    "panel",
    "insider",
    "aide",
    "ally",
    "rival",
    "neighbour",
    "neighbor",
    "relative",
    "delegate",
    "negotiator",
    "mother",
    "father",
    "parent",
    "child",
}
# After a name: honours and degrees ("Jonathan Ashcombe KC"), not part of it.
POST_NOMINALS = {"kc", "qc", "sc", "jr", "jr.", "sr", "sr.", "phd", "obe", "mbe", "cbe", "kbe", "dbe", "mp", "mep", "msp", "esq"}
# Lower-case words inside names ("Caroline Van den Bossche", "Maria dela Cruz-Santos", "Haziq bin Osman").
PARTICLES = {
    "van", "von", "den", "der", "de", "del", "dela", "della", "di", "da", "das", "dos", "du", "la", "le", "ter", "ten",
    "bin", "binti", "ibn", "bint", "al", "el", "ní", "nic", "ó", "y", "zu", "af",
}  # fmt: skip
ORG_SUFFIXES = {
    "sa", "ltd", "inc", "plc", "ag", "gmbh", "llc", "corp", "co", "group", "ev", "e.v", "bv", "nv", "spa", "srl", "v",
    "pt", "tbk", "bhd", "sdn", "pty", "ab", "asa", "oy", "kk", "sas", "sarl",
}  # fmt: skip
PARTITIVES = {"several", "some", "many", "most", "all", "none", "few", "half", "one", "two", "three", "each", "both", "majority"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
HONORIFIC_GENDER = {
    "mr": "m", "mr.": "m", "sir": "m", "lord": "m", "king": "m",
    "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f", "dame": "f", "lady": "f", "queen": "f",
}  # fmt: skip
CALENDAR = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}  # fmt: skip
# Agencies and words that credit a photograph, which run into the caption's first name.
PHOTO_CREDITS = {"reuters", "afp", "epa", "dpa", "anadolu", "ansa"}  # not "AP Source" or "Getty Images", names of their own
# Titles only a person bears ("the", "general" or "chief" also begin organisations' names).
PERSONAL_TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "councillor", "councilor", "senator", "sen",
    "mayor", "judge", "justice", "governor", "ayatollah", "sheikh", "imam", "rev", "reverend", "sgt", "sergeant",
}  # fmt: skip
# Role nouns the text uses for one another ("Justice Harjit Kaur Sandhu ... the judge said").
SAME_ROLE = {
    "judge": {"justice"}, "justice": {"judge"}, "chief": {"leader", "head"}, "leader": {"chief", "head"},
    "head": {"chief", "leader"}, "boss": {"chief", "head", "leader"},
    "diplomat": {"ambassador", "envoy", "consul"}, "envoy": {"ambassador", "diplomat"},
    "source": {"people", "person"}, "person": {"people", "source"}, "people": {"source", "person"},
    "commander": {"colonel", "general", "major", "captain", "lieutenant", "admiral", "brigadier", "commodore"},
    "officer": {"colonel", "general", "major", "captain", "lieutenant", "sergeant", "inspector", "constable"},
}  # fmt: skip
# Who heads a government the text names after them ("the Trump administration": "the president")
LEADERS = {"president", "premier", "chancellor", "governor", "mayor"}
GOVERNMENTS = {"administration", "government", "presidency", "cabinet"}
# roles someone unnamed may hold in a report ("the spokesman said", "the mayor told reporters"): not
# what the report calls a person it has just named
OFFICES = {
    "spokesman", "spokeswoman", "spokesperson", "official", "officer", "source", "witness", "resident", "aide",
    "insider", "employee", "worker", "diplomat", "analyst", "expert", "doctor", "nurse", "survivor", "passenger",
    "driver", "member", "man", "woman", "person", "mayor", "minister", "president", "governor", "ambassador",
    "prosecutor", "judge", "coroner", "chairman", "chairwoman", "director", "secretary", "commissioner", "chief", "head",
    "leader", "manager", "executive", "lawyer", "attorney", "engineer", "owner", "police", "policeman", "policewoman",
    "inspector", "investigator", "researcher", "scientist", "teacher", "student", "farmer", "neighbour", "neighbor",
    "customer", "patient", "parent", "guard", "soldier", "commander", "representative", "negotiator", "envoy", "mediator",
    "auditor", "regulator", "ombudsman", "coordinator", "organiser", "organizer", "agent", "broker", "dealer", "trader",
}  # fmt: skip
# what a minister or a lawyer acts for, not a person ("the defence argued")
DEPARTMENTS = {
    "defence", "defense", "prosecution", "government", "state", "economy", "finance", "foreign", "health", "interior",
    "justice", "labour", "labor", "transport", "environment", "education", "trade", "culture", "agriculture", "energy",
}  # fmt: skip
# nouns with a person's ending that name no one ("the transfer had any link")
NOT_HUMAN = {
    "order", "border", "error", "factor", "sector", "motor", "floor", "door", "colour", "color", "honour", "honor",
    "mirror", "terror", "rumour", "rumor", "favour", "favor", "harbour", "harbor", "paper", "corner", "dinner", "summer",
    "container", "trailer", "tanker", "barrier", "career", "danger", "ledger", "charger", "register", "trigger", "banner",
    "event", "percent", "content", "incident", "accident", "talent", "component", "current", "extent", "intent",
    "consent", "present", "restaurant", "plant", "grant", "warrant", "pageant", "vacant", "layer", "chapter", "filter",
    "sticker", "flyer", "folder", "cylinder", "timer", "answer", "power", "tower", "shower", "flower", "ever", "fever",
    "river", "silver", "cover", "lever", "liver", "never", "other", "either", "neither", "rather", "weather", "leather",
    "feather", "whether", "together", "gender", "wonder", "thunder", "offer", "transfer", "buffer", "proper",
}  # fmt: skip
# what one is called for what one does ("X leads the brigade": the leader, the commander)
ROLE_VERBS = {
    "lead": {"leader", "head", "chief", "commander"}, "head": {"head", "chief", "leader"}, "chair": {"chair", "chairman"},
    "command": {"commander"}, "run": {"head", "chief", "director"}, "direct": {"director"}, "found": {"founder"},
    "own": {"owner"}, "manage": {"manager"}, "coach": {"coach"},
}  # fmt: skip
# what names a storm ("Storm Helga", "Hurricane Milton"), which the small model tags a person
STORMS = {"storm", "hurricane", "typhoon", "cyclone", "tempest"}
# a title's abbreviation to the role noun that later calls the person ("Gen. Samuel Oduya ... the general said")
TITLE_ROLES = {
    "gen": "general", "sen": "senator", "rep": "representative", "gov": "governor", "col": "colonel",
    "lt": "lieutenant", "capt": "captain", "sgt": "sergeant", "prof": "professor", "insp": "inspector",
    "supt": "superintendent", "cmdr": "commander", "adm": "admiral", "rev": "reverend", "det": "detective",
    "cllr": "councillor", "pres": "president", "amb": "ambassador", "maj": "major",
}  # fmt: skip
SUBJECT_REACH = 400  # characters back that "he" or "she" looks for the subject the text is following
THING_PRONOUNS = {"it", "its"}
PLURAL_PRONOUNS = {"they", "them", "their"}
ORG_HEADS = {
    "company", "firm", "group", "ministry", "government", "agency", "organisation", "organization", "party", "council",
    "office", "department", "union", "association", "federation", "regulator", "authority", "court", "police", "army",
    "military", "bank", "commission", "committee", "centre", "center", "inspectorate", "operator", "utility", "charity",
    "network", "institute", "foundation", "campaign", "movement", "coalition", "alliance", "embassy", "club", "board",
    "report", "statement", "service", "lab", "laboratory", "hospital", "university", "school", "airline", "insurer",
}  # fmt: skip

# what an organisation's name may say it is besides ORG_HEADS ("Polar Prosperity Forum")
ORG_KINDS = {
    "forum", "playhouse", "theatre", "theater", "museum", "gallery", "trust", "fund", "press", "news", "times", "post",
    "review", "journal", "magazine", "herald", "tribune", "gazette", "radio", "television", "tv",
}  # fmt: skip
# kinds whose names say what they are ("Ministry of Water", "Supreme Court"): "the ministry" is no
# organisation whose name says nothing
NAMED_KINDS = {"ministry", "department", "court", "council", "commission", "embassy", "university", "municipality"}
# heads that name the same kind of organisation ("the regulator" may be the "Energy Authority")
ORG_SYNONYMS = [
    {"ministry", "department", "government"},
    {"agency", "authority", "regulator", "inspectorate", "office", "commission", "board", "service"},
    {"company", "firm", "operator", "utility", "bank", "airline", "insurer", "lab", "laboratory"},
    {"association", "federation", "union", "charity", "foundation", "trust", "network", "campaign", "movement", "coalition",
     "alliance"},
    {"council", "committee", "board", "commission"},
    {"centre", "center", "institute", "lab", "laboratory"},
    {"hospital", "centre", "center", "clinic"},
    {"university", "school", "college"},
]  # fmt: skip

# plural nouns that name groups of people besides those ``_human`` knows ("residents", "officials")
GROUPS = {
    "people", "local", "troop", "force", "rebel", "country", "nation", "state", "ally", "fan", "voter", "citizen",
    "youth", "guard", "elder", "kin", "clergy", "colleague", "neighbour", "neighbor", "student", "relative", "peer",
}  # fmt: skip

# what a company is called besides ORG_HEADS ("the automotive supplier X"): a name so described is
# an organisation, whatever the small model tags it
BUSINESSES = {
    "supplier", "manufacturer", "retailer", "lender", "carrier", "chain", "brand", "startup", "conglomerate",
    "newspaper", "broadcaster", "insurer", "shipper", "exporter", "importer", "distributor", "consultancy", "subsidiary",
}  # fmt: skip

# what one is to those one calls "my daughter", "my wife"
KIN = {
    "daughter": {"father", "mother", "parent"}, "son": {"father", "mother", "parent"},
    "child": {"father", "mother", "parent"}, "wife": {"husband"}, "husband": {"wife"},
}  # fmt: skip


@dataclass
class Entity:
    """A person, organisation or described source of the document, with its canonical name."""

    name: str
    kind: str  # "person", "org", "human" (a person only described: "a spokesman") or "description"
    heads: set[str] = field(default_factory=set)  # role and head nouns it can be called by ("minister", "company")
    last: int = -1  # character offset of its latest mention
    last_subject: int = -1  # of its latest mention as the subject of a clause (a speaker, an actor)
    gender: str | None = None  # "m" or "f" when the text says (Mr, Ms; "he"/"she" right after the name)
    named: bool = False  # called by a proper name somewhere, not only described
    plural: bool = False  # a group ("former members"), which "six of them" or "five" can be a share of
    outside: int = -1  # of its latest mention outside quotation marks (not one in someone's quote)
    mentions: int = 0  # mentions so far
    spoke: int = 0  # quotes attributed to it so far


class Resolver:
    """Canonical names over one parsed document (a spaCy ``Doc``), mention by mention, in order."""

    def __init__(self, doc: Any, ranker: AntecedentRanker | None = None, trace: list | None = None) -> None:
        """``ranker`` chooses what a pronoun means among the candidates (the packaged one by default);
        ``trace``, when given, receives ``(offset, candidate names, feature rows, rule's choice)`` for
        each pronoun resolved, to fit the ranker on (``bench/fit_antecedents.py``)."""
        self.doc = doc
        self.ranker = ranker or packaged_ranker()
        self.trace = trace
        self._last_speaker: Entity | None = None
        self.entities: list[Entity] = []
        self._by_name: dict[str, Entity] = {}
        self._persons = _person_names(doc)
        self._orgs = _org_names(doc)
        # the header's byline and credit lines and a dateline's agency: who wrote the report, never
        # whom it quotes, so no pronoun or description is resolved to them
        header = report_header(text_of(doc))
        self._credits = [(a, b) for a, b, kind in header if kind in (CREDIT, AGENCY, DATELINE)]
        # a title-case headline the small model reads as names ("Veltra Bio Announces Positive Phase 2
        # Results"): a name only the headline gives, with words the body writes in lower case, is none
        self._lower_words = _lowercase_words(doc)
        body = text_of(doc)[max((b for a, b, kind in header if kind == HEADLINE), default=0) :]

        def misread(name: str) -> bool:
            return name not in body and any(w.lower() in self._lower_words - {"of", "and", "the", "for"} for w in name.split())

        self._credits += [
            (e.start_char, e.end_char) for a, b, kind in header if kind == HEADLINE
            for e in doc.ents if a <= e.start_char < b and misread(e.text)
        ]  # fmt: skip
        self._orgs = [n for n in self._orgs if not misread(n)]
        self._persons = [n for n in self._persons if not misread(n)]
        # the town of the dateline ("MENZEL KEBIRA, Tunisia —"): a place wherever the body names it
        self._places = {re.split(r"[,(]", text_of(doc)[a:b])[0].strip().casefold() for a, b, kind in header if kind == DATELINE}
        # the outlet credited in the header, named again in the body ("she told Pacific Wire Service")
        self._outlets = {_clean_org(text_of(doc)[a:b].strip("()")).casefold() for a, b in self._credits}
        self._outlets |= {_clean_org(e.text).casefold() for e in doc.ents if e.label_ == "ORG" and self.credited(e.start_char)}
        # "the Energy and Petroleum Regulatory Authority (EPRA)": the acronym stands for the name
        # and "the regional health agency (ARS)": the description it abbreviates
        self._aliases = {
            m.group(2): _clean_org(_strip_article(m.group(1)))  # not "But the Castlebridge Rovers Supporters' Trust"
            for m in re.finditer(
                r"((?:[A-Z][\w'’.-]*\s+)(?:(?:of|and|for|the|de|du|des|[A-Z][\w'’.-]*)\s+)*[A-Z][\w'’.-]*)\s+\(([A-Z]{2,8})\)",
                text_of(doc),
            )
        }
        for m in re.finditer(r"\b(?:the|The)\s+((?:[a-z][\w'’-]*\s+){0,4}[a-z][\w'’-]*)\s+\(([A-Z]{2,8})\)", text_of(doc)):
            self._aliases.setdefault(m.group(2), m.group(1))
        # "the NRA" where the text also names the National Rifle Association: an acronym of a name's initials
        acronyms = {t.text for t in doc if t.is_upper and t.is_alpha and 2 <= len(t.text) <= 6}
        for name in self._orgs:
            initials = "".join(w[0] for w in name.split() if w[:1].isupper() and w.lower() not in ("of", "and", "the", "for"))
            if len(initials) >= 2 and initials in acronyms and initials != name:
                self._aliases.setdefault(initials, name)
        self._ages = _ages(doc, self.full_name)
        self._people: set[str] = set()  # names the small model tags ORG that the text shows are people
        # what the antecedent ranker reads: names tagged places and people, and the quoted runs
        self._place_tags = {_clean_name(e.text).casefold() for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")}
        self._person_tags = [_clean_name(e.text).lower().split() for e in doc.ents if e.label_ == "PERSON"]
        self._quoted = [(r.start, r.end) for r in runs(text_of(doc))]
        self.reported: list[tuple[int, int]] = []  # the spans of indirect speech, which the quotes stage sets
        for ent in doc.ents:
            if self.credited(ent.start_char):
                continue
            if ent.label_ == "PERSON" and " " not in ent.text.strip() and ent.text.strip().lower() in self._lower_words:
                continue  # "Restraint was the answer": a word the text also writes in lower case is no name
            if ent.label_ == "PERSON" and ent.text.strip().casefold() in self._places:
                continue  # "MENZEL KEBIRA, Tunisia —": the town the report is filed from
            if ent.label_ == "PERSON" and is_storm(ent):
                continue  # "Storm Helga batters the coast": no one to speak
            if ent.label_ == "PERSON" and len(ent) == 1 and _plural_people(ent[0]):
                continue  # "Critics of the new line say": a group, not a name
            if ent.label_ in ("ORG", "GPE") and _person_like(ent):  # "Kacper, now 19," tagged a place
                self._people.add(self.full_name(_clean_name(ent.text)).casefold())
            if ent.label_ == "PERSON" or (ent.label_ in ("ORG", "GPE") and (_person_like(ent) or _titled_name(ent.text))):
                name = self.full_name(_clean_name(_span_text(_with_particles(list(ent)))))
                called = _called_an_org(ent)
                e = self._entity(name, "org" if _org_like(name) or called else "person")
                e.heads |= _roles(ent) | ({"company", "firm"} if called in BUSINESSES | {"bank", "airline"} else set())
                e.gender = e.gender or _gender_near(ent)
                # "Mehmet Yilmaz, whose daughter Elif died", "Yilmaz's daughter": what a later "her father" is
                kin = re.match(r"(?:,?\s+whose|['’]s)\s+(daughter|son|child|wife|husband)s?\b", text_of(doc)[ent.end_char :])
                if kin:
                    e.heads |= KIN[kin.group(1)]
            elif ent.label_ == "ORG":
                self._entity(_clean_org(ent.text), "org").heads |= {w.lower() for w in re.findall(r"[A-Za-z]+", ent.text)}

    @functools.cached_property
    def _noun_chunks(self) -> list[Any]:
        return list(self.doc.noun_chunks)  # the parser's chunks, once per document

    # --- public ---------------------------------------------------------------------------

    def resolve(self, tokens: list[Any]) -> str | None:
        """The canonical name of the speaker mention made of ``tokens`` (in order); remembers it."""
        name, found = self._mention(tokens)
        if found is not None:
            found.spoke += 1
        self._last_speaker = found
        return name

    def _mention(self, tokens: list[Any]) -> tuple[str | None, Entity | None]:
        if not tokens:
            return None, None
        text = _span_text(tokens)
        at = tokens[0].idx
        head = _head(tokens)
        lower = text.lower()
        if lower in PERSON_PRONOUNS or lower in ("i", "you"):
            # a named person, or one the text only describes ("a spokesman for the ministry ... He added")
            gender, kinds = PRONOUN_GENDER.get(lower), {"person", "human"}
            found = self._antecedent(tokens, self._recent(at, kinds, gender=gender, subject=True, outside=True), kinds, gender)
            if found is None and (subject := self._described_subject(at)) is not None:
                # "Turkey's foreign minister has just finished a press conference. Here is what he said"
                found = self._mention(mention_tokens(subject))[1]
        elif lower == "we":
            found = self._recent(at, {"org", "description"})
        elif lower in THING_PRONOUNS:
            found = self._spokes_for(at)
            if found is None:
                found = self._recent(at, {"org"}, subject=True, outside=True) or self._recent(at, {"description"}, outside=True)
                found = self._antecedent(tokens, found, {"org", "description"})
        elif lower in PLURAL_PRONOUNS:
            kinds = {"description", "org"}
            found = self._antecedent(tokens, self._recent(at, kinds, subject=True, outside=True), kinds)
        elif _share(tokens):  # "six of them", "five": a share of the group last spoken of
            found = self._recent(at, {"description"}, plural=True)
        else:
            found = self._named(tokens, text) or self._described(tokens, head, at)
        if found is None:
            return (_strip_article(text) if lower not in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS else None), None
        found.last = at
        found.mentions += 1
        if not any(a <= at < b for a, b in self._quoted):
            found.outside = at
            subject = head.dep_ in ("nsubj", "nsubjpass") or (head.dep_ == "appos" and head.head.dep_ in ("nsubj", "nsubjpass"))
            subject = subject or _named_subject(head)
            # of the sentence, not of a clause it embeds ("Kelly ordered that Acosta be reinstated": Kelly)
            subject = subject and head.head.dep_ != "ccomp"
            # not the subject of what someone is reported to say ("Jones said Smith had misled ...")
            if subject and not any(a <= at < b for a, b in self.reported):
                found.last_subject = at
        if found.kind in ("person", "human") and lower in PRONOUN_GENDER:  # "she said" of her: no later "he" is her
            found.gender = found.gender or PRONOUN_GENDER[lower]
        return found.name, found

    def _spokes_for(self, at: int) -> Entity | None:
        """ "A spokesman for Harbour Ferries said ... It said": the organisation the last speaker, in
        the same paragraph, speaks for."""
        last = self._last_speaker
        if last is None or last.kind not in ("human", "description") or "\n\n" in text_of(self.doc)[max(0, last.last) : at]:
            return None
        if not re.match(r"(?i)(?:spokes(?:man|woman|person)|representative|press officer)\s+(?:for|of|at)\s", last.name):
            return None
        # whatever the model tagged it ("Harbour Ferries" may be a person to it)
        orgs = [e for e in self.entities if e is not last and e.kind in ("org", "person") and e.name in last.name]
        return max(orgs, key=lambda e: len(e.name)) if orgs else None

    def _described_subject(self, at: int) -> Any:
        """The person last described (not named) as a subject before ``at``, within ``SUBJECT_REACH``."""
        for t in reversed(self.doc[: self.doc.char_span(0, at, alignment_mode="expand").end] if at else []):
            if t.idx < at - SUBJECT_REACH:
                return None
            lemma = t.lemma_.lower()
            if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ == "NN" and _human(lemma) and lemma not in ORG_HEADS | DEPARTMENTS:
                return None if any(a <= t.idx < b for a, b in self._quoted) else t
        return None

    def note(self, tokens: list[Any]) -> None:
        """Record a mention that is not a speaker, so that later references can find it."""
        if tokens and not self.credited(tokens[0].idx) and _clean_org(_span_text(tokens)).casefold() not in self._outlets:
            self._mention(tokens)

    def note_introduced(self, tokens: list[Any]) -> None:
        """Record a person a sentence introduces ("A senior official at the finance ministry defended
        the numbers.") for a later description of them ("the ministry official said") or pronoun to
        find, but not as the subject the text follows (a "he said" after it may still be the speaker)."""
        found = self._mention(tokens)[1]
        if found is not None and found.outside == tokens[0].idx:
            found.last_subject = -1

    def note_joint(self, parts: list[list[Any]]) -> None:
        """Record people one clause makes its subject together ("Nancy Pelosi and Chuck Schumer released a
        joint statement") as one group, whom a later "they said" means."""
        if not any(a <= parts[0][0].idx < b for a, b in self._quoted):
            self._group([self._mention(part)[0] for part in parts], parts[0][0].idx)

    def resolve_joint(self, parts: list[list[Any]]) -> str | None:
        """The canonical names of speakers who speak together ("Nancy Pelosi and Chuck Schumer said"),
        joined by "and" (not "Bureau of Statistics and Economic Data" twice); remembers them as a group."""
        first = self.resolve(parts[0])
        others = [o for o in (self.resolve(part) for part in parts[1:]) if o and first and o not in first]
        if not first or not others:
            return first
        group = self._group([first, *others], parts[0][0].idx)
        if group is not None:
            group.spoke += 1
            self._last_speaker = group
        return " and ".join([first, *others])

    def _group(self, names: list[str | None], at: int) -> Entity | None:
        # two who act together; not a list of three or more ("Chao, Bolton and Giuliani have all spoken at its
        # events"), whose group name would be taken for the fuller name of each (``full_name``)
        plain = [n for n in names if n and " and " not in n]
        if len(plain) != 2 or plain[0] == plain[1]:
            return None
        group = self._entity(" and ".join(plain), "description")
        group.plural = True
        group.last = group.outside = group.last_subject = at
        group.mentions += 1
        return group

    def note_role(self, tokens: list[Any]) -> None:
        """Record "the president" ("Back in the chamber, the president pressed on.") as a mention of
        the one person the text has named in that role, so that a later "she said" finds her; a
        role no one was named in records no one."""
        head = _head(tokens)
        lemma, at = head.lemma_.lower(), tokens[0].idx
        if tokens[0].lower_ != "the" or head.tag_ != "NN" or any(a <= at < b for a, b in self._quoted):
            return
        named = [e for e in self.entities if e.kind == "person" and _in_role(e, lemma) and 0 <= e.last < at]
        if len(named) == 1 or (not named and self._named_later(tokens, head, at) is not None):
            self._mention(tokens)

    def relate(self, name: str | None, words: str) -> None:
        """Record what a speaker's own words make them to someone ("My daughter is living in
        there": a parent), so that a later "her father" finds them."""
        e = self._by_name.get(name.casefold()) if name else None
        if e is None or e.kind not in ("person", "human"):
            return
        for kin in re.findall(r"\b[Mm]y (daughter|son|child|wife|husband)(?:s|ren)?\b", words):
            e.heads |= KIN[kin]  # gender aside: a gender the text only implies may be wrong

    def is_person(self, name: str) -> bool:
        """Whether the text shows that a name the small model tagged a place or an organisation is a person's."""
        return self.full_name(_clean_name(name)).casefold() in self._people

    @property
    def persons(self) -> list[str]:
        """The person-like names of the document, longest first (PERSON entities and runs of proper nouns)."""
        return self._persons

    def credited(self, offset: int) -> bool:
        """Whether ``offset`` is in the header's credits (byline, dateline agency)."""
        return any(a <= offset < b for a, b in self._credits)

    # --- internals ------------------------------------------------------------------------

    def _entity(self, name: str, kind: str) -> Entity:
        key = name.casefold()
        if key not in self._by_name:
            self._by_name[key] = Entity(name, kind)
            self.entities.append(self._by_name[key])
        return self._by_name[key]

    def full_name(self, name: str, title: str | None = None) -> str:
        """The fullest name of the document that contains this one ("Dobre" -> "Elena Dobre",
        "Pop" -> "Radu Iliescu-Pop", "Hidrotaz" -> "Hidrotaz SA"); with a personal ``title`` ("Mr",
        "Ms", "Dr"), a person's, of the title's gender where the text gives theirs ("Ms Raghunathan"
        is Priya, not her brother Arjun; "Mr Horák" is Marek Horák, not Horák Environmental)."""
        words = name.lower().split()
        if not words:
            return name
        proper = _name_like(name) and any(w[:1].isupper() for w in name.split())  # a name's fuller form is a name
        fuller = [f for f in [*self._persons, *self._orgs, *self._aliases.values(), *(e.name for e in self.entities)]
                  if len(f) > len(name) and _contains(f.lower().split(), words) and (_name_like(f) or not proper)
                  and ", " not in f]  # fmt: skip
        if not fuller:
            return name
        fuller = list(dict.fromkeys(fuller))
        # the fullest form of each person ("Radu Iliescu-Pop", not also "Iliescu-Pop")
        people = [f for f in fuller if not any(_within(f, g) for g in fuller)]
        # "Mohammadi says", where the text has Mostafa and Somayeh Mohammadi: the surname alone is
        # the one the text does not call by a first name alone ("Somayeh never came back"), then
        # the one it names most ("Clinton" in a report on Bill Clinton that names Hillary once)
        if title in PERSONAL_TITLES:
            gender = HONORIFIC_GENDER.get(title)
            known = {e.name: e for e in self.entities}
            fits = [f for f in people if not _org_like(f) and gender in (None, getattr(known.get(f), "gender", None) or gender)]
            # a name the model tags a person, or one it does not tag an organisation ("Marek Horák" may be tagged one)
            people = (
                [f for f in fits if f in self._persons or getattr(known.get(f), "kind", None) == "person"]
                or [f for f in fits if f not in self._orgs]
                or fits
                or people
            )
        by_surname = [f for f in people if not self._called_by_first_name(f, words)] or people
        text = text_of(self.doc)
        return max(by_surname, key=lambda f: (text.count(f), len(f)))

    def _called_by_first_name(self, full: str, words: list[str]) -> bool:
        first = full.split()[0]
        if first.lower() in words or len(full.split()) < 2:
            return False
        rest = full.split()[1]
        text = text_of(self.doc)
        return re.search(rf"\b{re.escape(first)}\b(?!\s+{re.escape(rest)})", text) is not None

    def _named(self, tokens: list[Any], text: str) -> Entity | None:
        head = _head(tokens)
        acronym = head.text.isupper() and len(head.text) > 1 and head.is_alpha  # "EPRA said", tagged a noun
        if head.pos_ != "PROPN" and head.ent_type_ not in ("PERSON", "ORG") and not acronym and not self._known_part(head):
            return None  # "a report seen by Reuters" is a report, not Reuters
        plural = head.tag_ == "NNPS" and head.ent_type_ in ("", "PERSON") and _plural_people(head)
        if plural and not any(t.ent_type_ == "PERSON" and t.i != head.i for t in tokens):
            return None  # "Critics of the new tram line": a group the tagger takes for a name
        ids = {t.i for t in tokens}
        run = [head]
        while run[0].i - 1 in ids and (
            run[0].nbor(-1).pos_ == "PROPN"
            or run[0].nbor(-1).ent_type_ in ("PERSON", "ORG")
            or not run[0].nbor(-1).whitespace_
            or _joins_name(run[0].nbor(-1), ids, head)
        ):  # "Jae-won Park": the pieces of a hyphenated name
            run.insert(0, run[0].nbor(-1))
        while len(run) > 1 and run[0].is_punct:
            run.pop(0)
        while run[-1].i + 1 in ids and (
            run[-1].nbor(1).pos_ in ("PROPN", "PART") or run[-1].nbor(1).ent_type_ in ("PERSON", "ORG")
        ):
            if run[-1].nbor(1).pos_ == "PART":
                break
            run.append(run[-1].nbor(1))
        run = _with_particles(run)
        if tokens[0].lower_ == "the" and run[-1].lower_.rstrip(".") in TITLES:
            return None  # "the Cabinet Secretary": a role, whoever the text has named in it
        if not any(t.text[:1].isupper() for t in run):
            return None  # "the infrastructure ministry", "ministry" tagged a proper noun: a description
        name = _clean_name(_span_text(run))
        if not name or name.lower() in CALENDAR:  # "until March": a month, not Ms March
            return None
        opens = run[0].is_sent_start or (run[0].i > 0 and run[0].nbor(-1).is_quote)
        if " " not in name and name.lower() in self._lower_words and opens:
            return None  # "Restraint was the answer": a word the text also writes in lower case is no name
        title = next((t.lower_.rstrip(".") for t in tokens if t.lower_.rstrip(".") in PERSONAL_TITLES), None)
        full = self._aliases.get(name, self.full_name(name, title))
        in_org = any(_contains(full.lower().split(), o.lower().split()) for o in self._orgs)  # "PT Lintas Samudra Nusantara"
        org = (head.ent_type_ in ("ORG", "GPE", "NORP", "LOC", "FAC") or in_org) and full.casefold() not in self._people
        org = org and not _titled_name(_span_text(run))  # "Justice Harjit Kaur Sandhu", "Sandhu" tagged ORG
        org = (
            org
            or any(w.lower().strip(".") in ORG_SUFFIXES for w in full.replace(".", ". ").split())
            or full in self._aliases.values()
            or full.casefold() in self._places  # the dateline's town, whatever the model tagged it
        )
        known = self._by_name.get(full.casefold()) or self._entity(full, "org" if org else "person")
        known.named = True
        # the roles said with the name ("Culture Minister Jesper Holmgaard") let "the minister" find him later
        known.heads |= {t.lemma_.lower() for t in tokens if t.i not in {r.i for r in run} and t.pos_ in ("NOUN", "PROPN")}
        known.heads |= _title_roles(" ".join(t.text for t in tokens if t.i not in {r.i for r in run}) + " " + _span_text(run))
        if known.kind == "person":
            for child in head.children:
                if child.dep_ == "appos":
                    known.heads |= {w.lemma_.lower() for w in child.subtree if w.pos_ == "NOUN"}
        else:
            known.heads = {w.lower() for w in re.findall(r"[A-Za-z]+", known.name)} | {"company", "firm", "group"} & known.heads
        return known

    def _described(self, tokens: list[Any], head: Any, at: int) -> Entity | None:
        lemma = head.lemma_.lower()
        definite = tokens[0].lower_ in ("the", "this", "that", "its", "his", "her", "their", "your", "our")
        another = any(
            t.lower_ in ("another", "other", "second", "third", "fourth", "new") or (t.tag_ == "JJ" and t.lower_.endswith("th"))
            for t in tokens
        )
        # "the 61-year-old" (the tokenizer cuts it up: the mention may be "old") after "Hallström-Reid, 61,"
        end = tokens[-1].idx + len(tokens[-1].text)
        age = re.search(r"\bthe\s+(\d{1,3})-year-old$", text_of(head.doc)[max(0, end - 24) : end].lower())
        if age and age.group(1) in self._ages:
            return self._by_name.get(self._ages[age.group(1)].casefold()) or self._entity(self._ages[age.group(1)], "person")
        if age and head.lower_ == "old":  # "the 49-year-old described the past year as ...": the person last named
            return self._last_named(tokens[0].idx, None)
        if definite and len(tokens) == 2 and lemma in ("latter", "former"):  # of the last two people named
            people = sorted((e for e in self.entities if e.kind == "person" and 0 <= e.outside < at), key=lambda e: -e.outside)
            if len(people) >= 2:
                return people[0] if lemma == "latter" else people[1]
        if definite and not another and lemma in DOCUMENTS:  # "The report said": who made the report named before
            maker = self._earlier_maker(head, at)
            if maker is not None:
                return maker
        if definite and not another:
            kinds = {"org", "description"} if lemma in ORG_HEADS else {"person", "human", "description"}
            # "the port authority", "the national waiting-list office": the words beside the head
            # must fit too; only a bare "the company" may mean the organisation last spoken of
            modifiers = {
                t.lower_ for t in tokens
                if t.i != head.i and t.dep_ in ("amod", "compound", "nmod") and t.is_alpha and not _where_based(t)
            }  # fmt: skip
            matching = [
                e for e in self.entities
                if 0 <= e.last < at and e.kind in kinds and (_in_role(e, lemma) or _same_head(e.name, lemma))
                and all(_modifies(m, e.heads | set(e.name.lower().replace("-", " ").split())) for m in modifiers)
            ]  # fmt: skip
            if matching:  # someone the text has named in that role, before one it only described so
                # and called by that very word before one called by another ("the diplomat" is the European
                # diplomat just described, not the ambassador named before)
                return max(matching, key=lambda e: (lemma in e.heads or _same_head(e.name, lemma), e.named, e.last))
            # a named organisation before a described one; not "the metalworkers' union", whose owner says which
            owned = any(t.dep_ == "poss" and t.pos_ in ("NOUN", "PROPN") and t.head.i == head.i for t in tokens)
            if lemma in ORG_HEADS and not modifiers and not owned:
                org = self._latest_org(at, lemma, named=True) or self._latest_org(at, lemma, named=False)
                if org is not None:
                    return org
            leader = self._heads_government(tokens, lemma, at)
            if leader is not None:
                return leader
            earlier = self._earlier_phrase(head, at, modifiers)
            if earlier is not None:
                return earlier
            epithet = self._epithet(tokens, head)
            if epithet is not None:
                return epithet
            later = self._named_later(tokens, head, at)
            if later is not None:
                return later
        if not definite and not another:
            later = self._named_later(tokens, head, at)
            if later is not None:
                return later
        name = _strip_article(_span_text(tokens))
        if _titled_name(name):  # "Councillor Siobhán Ní Bhriain", which the small model did not tag
            known = self._entity(self.full_name(_clean_name(name)), "person")
            known.named = True
            known.heads |= _title_roles(name)
            return known
        return self._description(name, head)

    def _known_part(self, t: Any) -> bool:
        """ "Mendes, for his part, lamented ...": a capitalised word the model took for a noun that is
        the surname or first name of a person the text names in full."""
        if not t.text[:1].isupper() or not t.is_alpha:
            return False
        full = self.full_name(t.text)
        named = full != t.text and t.text in (full.split()[0], full.split()[-1])
        return named and any(e.name == full and e.kind == "person" for e in self.entities)

    def _epithet(self, tokens: list[Any], head: Any) -> Entity | None:
        """ "The Kentucky lawmaker", "the New York imam", "the 52-year-old former nurse": a definite
        description that qualifies a person by a place, a people or an age is the person the text is
        following, when no one was named in that role; a bare "the spokesman" may be someone new."""
        lemma = head.lemma_.lower()
        proper = [t for t in tokens if t.i != head.i and t.ent_type_ in ("GPE", "NORP", "LOC")]  # not "the NCRI spokesman"
        aged = re.match(r"(?i)the\s+\d{1,3}-year-old\b", _span_text(tokens))  # "the 52-year-old former nurse"
        # "the professor", "the former senator", "the grieving mother": what one calls a person, not
        # an office someone unnamed may hold ("the spokesman", "the mayor")
        called = tokens[0].lower_ == "the" and (lemma not in OFFICES or any(t.lower_ in ("former", "ex") for t in tokens))
        called = called and head.tag_ == "NN" and _human(lemma) and lemma not in ORG_HEADS | DEPARTMENTS
        if called and not any(t.lower_ in ("of", "who", "at", "for") for t in tokens):
            person = self._placed(tokens[0].idx, proper) or self._last_named(tokens[0].idx, _noun_gender(lemma))
            if person is not None and tokens[0].idx - text_of(head.doc).rfind(person.name.split()[-1], 0, tokens[0].idx) < 600:
                return person
        if (
            not (proper or aged)
            or head.tag_ != "NN"
            or not _human(lemma)
            or any(t.lower_ in ("of", "who", "at", "for") for t in tokens)
        ):
            return None
        return self._placed(tokens[0].idx, proper) or self._last_named(tokens[0].idx, _noun_gender(lemma))

    def _heads_government(self, tokens: list[Any], lemma: str, at: int) -> Entity | None:
        """ "the president" after "the Donald Trump administration": the one person whose name the text
        gives to a government, when it names no one in that office."""
        if len(tokens) != 2 or lemma not in LEADERS:
            return None
        leaders = {
            _clean_name(e.text) for e in self.doc.ents
            if e.label_ == "PERSON" and e.start_char < at
            and e.root.dep_ == "compound" and e.root.head.lemma_.lower() in GOVERNMENTS
        }  # fmt: skip
        if len(leaders) != 1:
            return None
        name = self.full_name(leaders.pop())
        return self._by_name.get(name.casefold()) or self._entity(name, "person")

    def _placed(self, at: int, places: list[Any]) -> Entity | None:
        """ "the former California attorney general" after "Sen. Kamala Harris of California ... calling on
        Barr to testify": of the people named before ``at``, the last one named beside that place."""
        text = text_of(self.doc)[:at]
        words = "|".join(re.escape(t.text) for t in places)
        place = re.compile(rf"\b(?:{words})\b") if words else None
        best, where = None, -1
        for e in self.entities if place is not None else []:
            surname = e.name.split()[-1]
            for i in self._named_at(text, surname) if e.kind == "person" else []:
                # "Harris of California", "Harris (D-California)"
                if i > where and place.search(text, i + len(surname), i + len(surname) + 30):
                    best, where = e, i
        return best

    def _named_at(self, text: str, word: str) -> list[int]:
        """Where ``text`` has ``word`` in its own words, outside quotation marks."""
        return [m.start() for m in re.finditer(re.escape(word), text) if not any(a <= m.start() < b for a, b in self._quoted)]

    def _last_named(self, at: int, gender: str | None) -> Entity | None:
        """The person last named before ``at`` (not the one last resolved, which may be later), of ``gender``."""
        text = text_of(self.doc)[:at]
        people = [e for e in self.entities if e.kind == "person" and gender in (None, e.gender or gender)]
        # named in the text's own words: not "Attorney General Barr must testify" inside someone's quote
        last = {e.name: max(self._named_at(text, e.name.split()[-1]), default=-1) for e in people}
        best = max(people, key=lambda e: last[e.name], default=None)
        return best if best is not None and last[best.name] >= 0 else None

    def _named_later(self, tokens: list[Any], head: Any, at: int) -> Entity | None:
        """ "A local mayor said ..." before "Elena Dobre, mayor of the commune": a description given
        before the name it belongs to, when one person only is later named in that role."""
        lemma = head.lemma_.lower()
        introduced = tokens[0].lower_ in ("a", "an") or tokens[0].tag_ == "NNP"  # "a local mayor", "Kenya's regulator"
        # or "the fire chief" of a live blog's latest entry, above the older one that names her
        modifiers = {t.lower_ for t in tokens if t.i != head.i and t.dep_ in ("amod", "compound") and t.is_alpha}
        definite = tokens[0].lower_ == "the" and bool(modifiers) and lemma not in DEPARTMENTS
        if head.tag_ != "NN" or not _human(lemma) or not (introduced or definite):
            return None
        text = text_of(self.doc)
        later = [
            e for e in self.entities
            if e.kind == "person" and e.last < 0 and lemma in e.heads and text.find(e.name.split()[-1]) > at
            and (introduced or all(_modifies(m, e.heads) for m in modifiers))
        ]  # fmt: skip
        return later[0] if len(later) == 1 else None

    def _description(self, name: str, head: Any) -> Entity:
        """The entity a description names: an organisation, a person only described, or a group."""
        lemma = head.lemma_.lower()
        e = self._entity(name, "org" if lemma in ORG_HEADS else "description")
        e.heads.add(lemma)
        e.plural = e.plural or head.tag_ in ("NNS", "NNPS")
        if e.kind == "description" and not e.plural and _human(lemma):
            e.kind, e.gender = "human", e.gender or _noun_gender(lemma)
        return e

    def _earlier_maker(self, head: Any, at: int) -> Entity | None:
        """ "The report" -> who made the report an earlier phrase names ("the Health Standards
        Inspectorate's report, published on Thursday")."""
        lemma = head.lemma_.lower()
        for chunk in self._noun_chunks:
            if chunk.start_char >= at:
                break
            maker = _maker(chunk.root) if chunk.root.lemma_.lower() == lemma and chunk.root.i != head.i else None
            if maker is not None and maker.pos_ != "PRON":
                tokens = mention_tokens(maker)
                return self._named(tokens, _span_text(tokens)) or self._described(tokens, _head(tokens), at)
        return None

    def _earlier_phrase(self, head: Any, at: int, modifiers: set[str] | None = None) -> Entity | None:
        """ "the consulate" -> the first noun phrase before it with the same head ("the Portuguese
        consulate in Seville"), which named it more fully; one that has the mention's own
        ``modifiers`` ("the trade ministry" is not an earlier, bare "the ministry")."""
        lemma = head.lemma_.lower()
        for chunk in self._noun_chunks:
            if chunk.start_char >= at:
                break
            if modifiers and not modifiers <= {t.lower_ for t in chunk}:
                continue
            word = next((t for t in chunk if t.pos_ == "PROPN" and t.lower_ == lemma and t.i != head.i), None)
            if word is not None and len(name := _title_run(word)) > 1:  # a proper name that holds the word
                return self._description(_span_text(name), word)
            if chunk.root.lemma_.lower() == lemma and len(chunk) > 1 and chunk.root.i != head.i:
                # "Iran's ambassador in Vienna, Mohammad-Reza Tavakoli", "Iran's ambassador to the
                # United Nations Majid Takht Ravanchi": the name the phrase gives, as its mention is read
                tokens = mention_tokens(chunk.root)
                found = self._named(tokens, _span_text(tokens)) if _head(tokens).i != chunk.root.i else None
                if found is not None:
                    found.heads.add(lemma)
                    return found
                epithet = self._epithet(list(chunk), chunk.root)  # "The Kentucky lawmaker" ... "the lawmaker"
                if epithet is not None:
                    return epithet
                words = [t for t in chunk.root.subtree if t.dep_ not in ("relcl", "appos", "punct", "cc", "conj")]
                words = [t for t in words if chunk.start <= t.i or t.i > chunk.root.i][:10]
                return self._description(_strip_article(_span_text(words)), chunk.root)
        return None

    def _antecedent(self, tokens: list[Any], default: Entity | None, kinds: set[str], gender: str | None = None) -> Entity | None:
        """What the pronoun ``tokens`` means among the entities of ``kinds`` (and ``gender``) mentioned
        before it, as the ranker scores them; ``default`` is the rule's choice, None when there is none."""
        at = tokens[0].idx
        # by their latest mentions outside quotes: "“Gareth has found every penny,” she said" is not Gareth
        fits = [e for e in self.entities if e.kind in kinds and gender in (None, e.gender or gender)]
        candidates = [e for e in fits if 0 <= e.outside < at]
        if default is None or default not in candidates:
            return default
        candidates.sort(key=lambda e: -e.outside)
        sentence, text = tokens[0].sent.start_char, text_of(self.doc)
        rows = [
            features(
                Candidate(
                    last=e.outside, last_subject=e.last_subject, default=e is default, latest=rank == 0, rank=rank,
                    same_sentence=e.outside >= sentence, same_paragraph="\n\n" not in text[e.outside : at],
                    gender_match=gender is not None and e.gender == gender, named=e.named, described_person=e.kind == "human",
                    org=e.kind == "org" or _org_like(e.name), place=e.name.casefold() in self._place_tags | self._places,
                    person_tag=any(_contains(e.name.lower().split(), p) for p in self._person_tags if p),
                    last_speaker=e is self._last_speaker, spoke=e.spoke, mentions=e.mentions,
                    quoted=e.last != e.outside,
                ),
                at,
            )
            for rank, e in enumerate(candidates)
        ]  # fmt: skip
        chosen = self.ranker.choose(np.array(rows), candidates.index(default))
        if self.trace is not None:
            self.trace.append((at, [e.name for e in candidates], rows, candidates.index(default)))
        return candidates[chosen]

    def _recent(
        self,
        at: int,
        kinds: set[str],
        gender: str | None = None,
        plural: bool = False,
        subject: bool = False,
        named: bool = False,
        outside: bool = False,
    ) -> Entity | None:
        """The latest entity of ``kinds`` mentioned before ``at``, of ``gender`` or of none known
        (and a group, when ``plural``). With ``subject``, the latest one that was the subject of a
        clause in the last ``SUBJECT_REACH`` characters comes first: "Ndlovu told the court he had
        warned Kruger. He said..." means Ndlovu, whom the text is following, not Kruger."""

        def last(e: Entity) -> int:
            return e.outside if outside else e.last

        candidates = [
            e for e in self.entities
            if e.kind in kinds and 0 <= last(e) < at and gender in (None, e.gender or gender) and (e.plural or not plural)
            and (e.named or not named)
        ]  # fmt: skip
        followed = [e for e in candidates if 0 <= e.last_subject < at and at - e.last_subject <= SUBJECT_REACH]
        if subject and followed:
            return max(followed, key=lambda e: e.last_subject)
        return max(candidates, key=last) if candidates else None

    def _latest_org(self, at: int, lemma: str, named: bool) -> Entity | None:
        """The organisation last spoken of before ``at`` (a named one, with ``named``), unless its
        name says it is another kind than ``lemma``: then "the ministry" is one not named before."""
        latest = self._recent(at, {"org"}, named=named)
        return None if latest is None or _other_kind(latest.name, lemma) else latest


def _other_kind(name: str, lemma: str) -> bool:
    """Whether an organisation's name says it is another kind than ``lemma`` ("the ministry" is not
    the "Polar Prosperity Forum" nor "Kilbarrow City Council"; "the company" may be "Hidrotaz SA")."""
    if not any(lemma in group for group in ORG_SYNONYMS):
        return False  # "the organisation", "the group", "the statement": any kind
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", name)}
    words |= {w[:-1] for w in words if w.endswith("s")}  # "unions" are unions, not "the company"
    kinds = words & (ORG_HEADS | ORG_KINDS) | ({"company"} if _org_like(name) else set())  # "Nordvik Aqua ASA"
    if not kinds:  # a ministry, a court or an embassy names itself one: "Beni Suef" is none
        return lemma in NAMED_KINDS
    return not any(lemma in group and kinds & group for group in ORG_SYNONYMS) and lemma not in kinds


def _share(tokens: list[Any]) -> bool:
    """ "six of them", "one of those", "five", "some": a number or share with no group named."""
    words = [t for t in tokens if t.lower_ not in ("of", "the")]
    counted = [t for t in words if t.pos_ == "NUM" or t.lower_ in PARTITIVES]
    rest = [t for t in words if t not in counted]
    return bool(counted) and all(t.pos_ == "PRON" for t in rest)


def can_speak(t: Any) -> bool:
    """Whether a subject can be a source: a name, a pronoun, a person, a group, an organisation or a
    document ("the minister", "residents", "the report"), not "government revenue" or "a general tax", nor
    a date the parser makes a subject ("who ran a home until March said")."""
    if t.ent_type_ in ("DATE", "TIME") and t.lower_ in CALENDAR:
        return False
    if t.pos_ in ("PROPN", "PRON") or t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or t.like_num or t.text.isupper():
        return True
    lemma = t.lemma_.lower()
    # "sources", "families", "critics", "people": groups of people (not "rolling water cuts", "company cars")
    plural = t.tag_ in ("NNS", "NNPS") and lemma in GROUPS
    return plural or lemma in ORG_HEADS | DOCUMENTS | PARTITIVES | SOURCES or _human(lemma)


def clock_time(t: Any) -> bool:
    """Whether a token is a time of day as a live blog stamps its entries ("22:55", "9.30", "14h05")."""
    return re.fullmatch(r"\d{1,2}[:.h]\d{2}", t.text) is not None


def introduced_person(t: Any) -> bool:
    """Whether a token heads an indefinite description of one person ("a senior official at the ministry")."""
    lemma = t.lemma_.lower()
    # "a senior official", "another aide", "one woman", "my neighbour"
    introducing = {("det", "a"), ("det", "an"), ("det", "another"), ("nummod", "one"), ("poss", "my"), ("poss", "our")}
    indefinite = any((c.dep_, c.lower_) in introducing for c in t.children)
    return indefinite and t.tag_ == "NN" and _human(lemma) and lemma not in ORG_HEADS | DEPARTMENTS


def people_group(t: Any) -> bool:
    """Whether a token is a plural noun for people ("relatives", "residents", "officials")."""
    lemma = t.lemma_.lower()
    return t.tag_ == "NNS" and _people_word(lemma) and lemma not in ORG_HEADS


def _human(lemma: str) -> bool:
    """Whether a noun names a person ("spokesman", "surgeon", "official"), so that "he" can mean it."""
    if lemma in TITLES | ROLES | PERSON_NOUNS or lemma.endswith(("man", "woman", "person", "ist")):
        return True
    # "sailor", "farmer", "resident", "migrant" (organisations, "regulator", "operator", were told apart before)
    endings = lemma.endswith(("er", "or", "ant", "ent")) and not lemma.endswith(("ment", "ter", "der", "ber", "ower", "fer"))
    return endings and lemma not in NOT_HUMAN


def _noun_gender(lemma: str) -> str | None:
    return "f" if lemma.endswith("woman") else "m" if lemma.endswith("man") else None


def _person_like(ent: Any) -> bool:
    """Whether the text shows an entity is a person: an age ("Brandt, 61,", "Kacper, now 19,"), an honorific ("Mr
    Brandt") or a role ("the charity's founder, Klaus-Dieter Brandt")."""
    doc = ent.doc
    after = [t for t in doc[ent.end : ent.end + 4] if t.lower_ != "now"][:3]  # "Brandt, 61," "Kacper, now 19,"
    if len(after) == 3 and after[0].text == "," and after[1].like_num and after[2].text == ",":
        return True
    if ent.start > 0 and doc[ent.start - 1].lower_ in HONORIFIC_GENDER:
        return True
    return bool(_roles(ent) & (TITLES | ROLES | PERSON_NOUNS) - {"the", "former", "chief", "senior", "state", "government"})


def _ages(doc: Any, full_name: Any) -> dict[str, str]:
    """Ages the text gives people ("Viktor Hallström-Reid, 61,", "the 61-year-old Hallström-Reid"):
    age -> full name, for ages given to one person only."""
    seen: dict[str, set[str]] = {}
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG"):
            continue
        after = doc[ent.end : ent.end + 3]
        if len(after) == 3 and after[0].text == "," and after[1].like_num and after[2].text == ",":
            seen.setdefault(after[1].text, set()).add(full_name(_clean_name(ent.text)))
        before = doc[max(0, ent.start - 4) : ent.start].text
        m = re.search(r"(\d{1,3})-year-old\s*$", before)
        if m:
            seen.setdefault(m.group(1), set()).add(full_name(_clean_name(ent.text)))
    return {age: next(iter(names)) for age, names in seen.items() if len(names) == 1}


def _named_subject(head: Any) -> bool:
    """ "an 87-year-old woman named Nora Whelan stood up": the name of a subject introduced by a noun."""
    named = head.head
    return head.dep_ == "oprd" and named.lemma_ in ("name", "call") and named.dep_ == "acl" and named.head.dep_ == "nsubj"


def _joins_name(word: Any, ids: set[int], head: Any) -> bool:
    """ "Information and Privacy Commissioner": a word inside an organisation's name, between two of
    its capitalised words (not the "and" between two people)."""
    return (
        word.lower_ in ("and", "&", "of", "for") and word.i - 1 in ids and word.nbor(-1).pos_ == "PROPN"
        and "PERSON" not in (head.ent_type_, word.nbor(-1).ent_type_)
    )  # fmt: skip


def _gender_near(ent: Any) -> str | None:
    """ "Ms Dobre", "X, a 61-year-old Iranian man", or the first "he" or "she" after the name before
    any other person is named or a quote opens or closes (not "her", which is as often someone
    else's: "... says X. Her name is")."""
    if ent.start > 0 and ent.doc[ent.start - 1].lower_ in HONORIFIC_GENDER:
        return HONORIFIC_GENDER[ent.doc[ent.start - 1].lower_]
    for appos in (c for c in ent.root.children if c.dep_ == "appos"):
        if gender := _noun_gender(appos.lemma_.lower()):
            return gender
    if _named_subject(ent.root) and (gender := _noun_gender(ent.root.head.head.lemma_.lower())):
        return gender  # "a woman named Nora Whelan"
    for t in ent.doc[ent.end : min(len(ent.doc), ent.end + 40)]:
        if t.ent_type_ == "PERSON" or t.text == "\n\n" or t.is_quote:  # not across a quotation mark: another voice
            return None
        if t.lower_ in ("he", "she") and t.pos_ == "PRON":
            return PRONOUN_GENDER[t.lower_]
    return None


# What a source's words are in ("figures compiled by the Maritime Security Centre", "a report released
# by Kabalikat", "the daily bulletin of the State Disaster Management Authority", "his study"): the
# source is who made it. Not "a report seen by Reuters" or "payslips reviewed by this newspaper",
# where the outlet only read it.
DOCUMENTS = {
    "report", "bulletin", "figure", "data", "study", "survey", "statement", "record", "analysis", "estimate", "count",
    "audit", "review", "assessment", "filing", "letter", "ruling", "update", "tally", "census", "poll", "release",
    "note", "memo", "document", "briefing", "projection", "forecast", "submission", "investigation", "inquiry",
}  # fmt: skip
MADE_BY = {"compile", "release", "publish", "issue", "keep", "produce", "prepare", "commission", "collect", "gather", "conduct"}


def _maker(head: Any) -> Any:
    """Who made the document ``head`` names, or None: its "by" agent, "of"/"from" organisation or possessor."""
    if head.lemma_.lower() not in DOCUMENTS:
        return None
    for child in head.children:
        if child.dep_ == "poss" and child.lower_ in ("his", "her", "their"):
            return child  # "his study of road pricing": the person it refers to
        if child.dep_ == "poss" and child.pos_ == "PROPN":
            return child
        if child.dep_ == "prep" and child.lower_ in ("of", "from"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and (pobj.pos_ == "PROPN" or pobj.lemma_.lower() in ORG_HEADS):
                return pobj
        if child.dep_ == "acl" and child.lemma_.lower() in MADE_BY:
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if pobj is not None:
                return pobj
    if head.dep_ == "dobj" and head.head.lemma_.lower() in MADE_BY | {"write", "send", "sign", "file"}:
        subject = next((c for c in head.head.children if c.dep_ == "nsubj"), None)  # "the families released a statement"
        if subject is not None and subject.pos_ != "PRON":
            return subject
    return None


def mention_tokens(head: Any) -> list[Any]:
    """The words of a mention: the noun with its determiners, compounds, adjectives, "of"/"for"
    phrases and participles ("seen by Reuters"), without relative clauses. A description with a
    name in apposition is that name ("a local mayor, Elena Dobre" -> "Elena Dobre"); a share of a
    group is the group ("Nineteen of the workers" -> "the workers"); a document is who made it
    ("figures compiled by the centre" -> "the centre", see ``DOCUMENTS``)."""
    maker = _maker(head)
    if maker is not None:
        return [maker] if maker.pos_ == "PRON" else mention_tokens(maker)
    named = _apposed_name(head) or _name_given(head)
    if named is not None and (head.ent_type_ not in ("PERSON", "ORG") or head.lower_ in TITLES):  # "The Councillor of X, Y"
        head = named
    elif head.lower_ in PARTITIVES or head.pos_ == "NUM":
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        group = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if group is not None and group.pos_ != "PRON":
            head = group
    keep = {"det", "compound", "amod", "poss", "nmod", "flat", "nummod", "prep", "pobj", "case", "quantmod", "advmod", "acl"}
    if head.pos_ == "NOUN":
        keep.add("relcl")  # "a fire officer who attended the scene": the clause says who
    tokens = [head]
    for child in head.children:
        if _inner_hyphen(child):  # "the director-general": one word the tokenizer cut in three
            tokens.append(child)
            continue
        if child.dep_ not in keep or child.i == head.i or _dated(child) or (child.dep_ == "acl" and child.tag_ != "VBN"):
            continue
        if child.dep_ == "relcl" and any(c.dep_ == "ccomp" for c in child.children):
            continue  # "The engineers who designed it say it is ...", misread: the verb that reports, not who they are
        # "Ontario's Information and Privacy Commissioner": the "and" inside one name joins no second mention
        named = head.pos_ == "PROPN" and child.pos_ == "PROPN" and child.dep_ in ("nmod", "compound")
        tokens += [
            t for t in child.subtree
            if (t.dep_ not in ("relcl", "appos", "cc", "conj") or t.i == child.i or (named and t.dep_ in ("cc", "conj")))
            and (t.dep_ != "punct" or t.text == "-")
        ]  # fmt: skip
    tokens = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    # a contiguous run around the head: no words from across a comma or a clause
    ids = [t.i for t in tokens]
    lo = hi = ids.index(head.i)
    while lo > 0 and ids[lo - 1] == ids[lo] - 1:
        lo -= 1
    while hi + 1 < len(ids) and ids[hi + 1] == ids[hi] + 1:
        hi += 1
    tokens = tokens[lo : hi + 1]
    breaks = [i for i, t in enumerate(tokens) if "\n" in t.text or "\n" in t.whitespace_]
    before = [i for i in breaks if tokens[i].i < head.i]
    if before:  # a headline or dateline run into the sentence by the parser
        tokens = tokens[before[-1] + 1 :]
    tokens = [t for t in tokens if not t.is_space]
    while len(tokens) > 1 and clock_time(tokens[0]):  # a live blog's "22:55 Analysts say"
        tokens = tokens[1:]
    return _trailing_name(tokens) or tokens


def _trailing_name(tokens: list[Any]) -> list[Any] | None:
    """ "Iran's ambassador to the United Nations Majid Takht-Ravanchi": the name that ends a description."""
    possessive = len(tokens) > 1 and tokens[1].dep_ == "case"  # "Iran’s ambassador ...": a description still
    if not tokens or (tokens[0].pos_ == "PROPN" and not possessive):
        return None
    run: list[Any] = []
    for t in reversed(tokens):
        if (t.pos_ == "PROPN" and t.ent_type_ not in ("ORG", "GPE", "LOC", "NORP", "FAC")) or _inner_hyphen(t):
            run.insert(0, t)
        else:
            break
    words = [t for t in run if t.text != "-" and t.lower_ not in TITLES]
    if len(words) < 2 or len(run) == len(tokens) or not all(t.text[:1].isupper() for t in words):
        return None  # "the federal space research institute": nouns the tagger took for a name
    before = tokens[len(tokens) - len(run) - 1]
    return None if before.pos_ in ("ADP", "VERB", "DET") else run  # not "a report seen by Continental Wire"


def _inner_hyphen(t: Any) -> bool:
    """A hyphen inside one word ("Takht-Ravanchi", "director-general"), not a dash between two."""
    return t.text == "-" and not t.whitespace_ and t.i > 0 and not t.nbor(-1).whitespace_


def _apposed_name(head: Any) -> Any:
    """A proper name in apposition to ``head`` or to a noun of its phrase ("the mayor of X district, Y",
    "Iran's ambassador to the organisations in Vienna, Mohammad-Reza Tavakoli")."""
    nodes = [head]
    for _ in range(3):  # the nouns of its "of"/"to"/"in" phrases, three deep
        preps = [c for n in nodes for c in n.children if c.dep_ == "prep"]
        nodes += [p for c in preps for p in c.children if p.dep_ == "pobj" and p not in nodes]
    for node in nodes:
        for c in node.children:
            proper = c.pos_ == "PROPN" or any(w.pos_ == "PROPN" for w in c.children)
            # a person "conjoined" to a place is the parser's way with "... in Vienna, Mohammad-Reza Tavakoli,"
            # (or to an organisation: "A resident of Zarichne, pensioner Halyna Ostapenko", Zarichne tagged ORG),
            # joined by a comma only, no "and"
            misparsed = (
                c.dep_ == "conj" and c.ent_type_ == "PERSON" and node.dep_ == "pobj" and node.pos_ == "PROPN"
                and not any(k.dep_ == "cc" for k in node.children)
            ) or (c.dep_ == "conj" and c.ent_type_ == "PERSON" and node.ent_type_ in ("GPE", "LOC")) or (
                # "Another, Ama Owusu, 38, said"
                c.dep_ == "conj" and node.pos_ == "PRON" and not any(k.dep_ == "cc" for k in node.children)
            )  # fmt: skip
            placed = c.ent_type_ in ("GPE", "LOC", "DATE", "NORP")
            if (c.dep_ == "appos" or misparsed) and proper and c.text[:1].isupper() and not placed:
                return c
    return None


def _name_given(head: Any) -> Any:
    """The name a description says its person goes by: "a 15-year-old called Ayan", "a taxi driver who
    gave his name only as Abu Firas", "a teacher who gave only his first name, Samir"."""
    if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG"):
        return None
    words = list(head.subtree)
    for i, t in enumerate(words[:-1]):
        after = words[i + 1 :]
        if after[0].text == "," and t.lower_ == "name":  # "his first name, Samir"
            after = after[1:]
        named_by = t.lower_ in ("called", "named") or (
            t.lower_ == "as" and any(w.lower_ in ("name", "identified") for w in words[max(0, i - 4) : i])
        )
        if (named_by or t.lower_ == "name") and after and after[0].pos_ == "PROPN" and after[0].text[:1].isupper():
            run = [after[0]]
            for w in after[1:]:
                if w.pos_ != "PROPN" or w.i != run[-1].i + 1:
                    break
                run.append(w)
            return next((w for w in run if w.head not in run), run[-1])
    return None


def _dated(child: Any) -> bool:
    """A "on Friday", "in July" phrase hung on a noun by the parser belongs to the verb."""
    return child.dep_ == "prep" and any(t.ent_type_ in ("DATE", "TIME") for t in child.subtree)


def _person_names(doc: Any) -> list[str]:
    """Person-like names of the document, longest first: PERSON entities and runs of two to four
    capitalised proper nouns that are no organisation or place (the small model misses many names)."""
    # and "Councillor Siobhán Ní Bhriain", tagged an organisation: a title makes it a person
    names = {_clean_name(e.text) for e in doc.ents if e.label_ == "PERSON" or (e.label_ == "ORG" and _titled_name(e.text))}
    run: list[Any] = []
    for t in [*doc, None]:
        name_like = t is not None and ((t.pos_ == "PROPN" and t.text[:1].isupper()) or (bool(run) and _particle(t)))
        joined = t is not None and run and not run[-1].whitespace_ and (t.text == "-" or run[-1].text == "-")
        if (name_like and t.ent_type_ not in ("ORG", "GPE", "LOC", "NORP", "FAC", "DATE")) or joined:
            run.append(t)
            continue
        words = [w for w in run if w.lower_ not in TITLES]
        if words and 2 <= len([w for w in words if w.text != "-"]) <= 5:
            names.add(_clean_name(_span_text(words)))
        run = []
    return sorted(names, key=lambda n: (-len(n.split()), n))  # names in full, for the same answer on every run


def _org_names(doc: Any) -> list[str]:
    return sorted(
        {_clean_org(e.text) for e in doc.ents if e.label_ == "ORG" and not _titled_name(e.text)}, key=lambda n: (-len(n), n)
    )


def _roles(ent: Any) -> set[str]:
    """Role nouns said of a person: "Foreign Minister X", "X, the ambassador", "the ambassador, X"."""
    roles: set[str] = set()
    root = ent.root
    for t in [*root.children, root.head] if root.dep_ == "appos" else list(root.children):
        if t.dep_ in ("compound", "appos", "amod") and not (ent.start <= t.i < ent.end):
            roles |= {w.lemma_.lower() for w in t.subtree if w.pos_ == "NOUN" or (w.pos_ == "PROPN" and w.lower_ in TITLES)}
    if root.dep_ == "appos":
        roles |= {w.lemma_.lower() for w in [root.head] if w.pos_ in ("NOUN", "PROPN")}
        # "The mayor of Menzel Kebira, Leila Ben Ammar": apposed to the place, the parser says
        up = root.head
        if up.dep_ == "pobj" and up.head.dep_ == "prep" and up.head.head.pos_ == "NOUN":
            roles.add(up.head.head.lemma_.lower())
    # and the words that qualify the role ("foreign minister", "former general"), for "the foreign minister"
    nouns = [t for t in root.children if t.dep_ == "appos"] + ([root.head] if root.dep_ == "appos" else [])
    roles |= {c.lower_ for n in nouns if n.pos_ == "NOUN" for c in n.children if c.dep_ in ("amod", "compound") and c.is_alpha}
    # and whose ("Norway's ambassador"), for "the Norwegian diplomat"
    owners = [c for n in nouns if n.pos_ == "NOUN" for c in n.children if c.dep_ == "poss"]
    roles |= {c.lower_ for c in owners if c.ent_type_ in ("GPE", "NORP")}
    start = ent.start
    while start > 0 and ent.doc[start - 1].pos_ in ("PROPN", "NOUN") and ent.doc[start - 1].ent_type_ != "PERSON":
        start -= 1
        roles.add(ent.doc[start].lemma_.lower())
    if ent.label_ == "PERSON":  # not "Harbour Ferries, which runs the crossing"
        roles |= _predicated_roles(root)
    return roles | {TITLE_ROLES[r.rstrip(".")] for r in roles if r.rstrip(".") in TITLE_ROLES}


def _predicated_roles(root: Any) -> set[str]:
    """Roles a clause gives a person: "X, who has been mayor since 2019", "X is the mayor",
    "X leads the 2nd Mountain Brigade" (a leader, a commander)."""
    verbs = [c for c in root.children if c.dep_ == "relcl"] + ([root.head] if root.dep_ == "nsubj" else [])
    roles: set[str] = set()
    for verb in verbs:
        lemma = verb.lemma_.lower()
        if lemma in ("be", "become", "serve", "remain"):
            nouns = [c for c in verb.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
            nouns += [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for p in c.children if p.dep_ == "pobj"]
            roles |= {n.lemma_.lower() for n in nouns if _human(n.lemma_.lower())}
        roles |= ROLE_VERBS.get(lemma, set())
    return roles


def _plural_people(t: Any) -> bool:
    """Whether a capitalised word is a plural noun for people ("Critics", "Residents" opening a
    sentence), which the tagger may take for a name; not a surname ending in s ("Jones")."""
    return t.text[-1:] == "s" and _people_word(t.lower_[:-1])


def _people_word(lemma: str) -> bool:
    """A noun for people the word lists know, not one _human guesses by its ending ("Rogers", "containers")."""
    return lemma in GROUPS | ROLES | PERSON_NOUNS | TITLES | SOURCES or lemma.endswith(("man", "woman", "person", "ist"))


def is_storm(ent: Any) -> bool:
    """Whether an entity is a storm's name ("Storm Helga", "Hurricane Milton")."""
    before = ent.doc[ent.start - 1].lower_ if ent.start else ""
    return ent[0].lower_ in STORMS or before in STORMS


def _clean_name(name: str) -> str:
    """A person's name without titles, roles and honours: "Environment Minister Radu Iliescu-Pop"
    -> "Radu Iliescu-Pop", "Jonathan Ashcombe KC" -> "Jonathan Ashcombe"."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) > 1 and len(parts[-1].split()) >= 2 and all(w[:1].isupper() or w in PARTICLES for w in parts[-1].split()):
        name = parts[-1]  # "Albacete, María Dolores García López": the model ran the place into the name
    words = re.sub(r"['’]s$", "", name.strip()).split()
    while len(words) > 1 and words[0].lower().strip(":/") in PHOTO_CREDITS:  # a caption's "Reuters Clinton whispers"
        words = words[1:]
    titled = [i for i, w in enumerate(words) if w.lower().rstrip(".") in TITLES]
    if titled and titled[-1] < len(words) - 1 and all(i <= titled[-1] for i in titled):
        words = words[titled[-1] + 1 :]
    organisation = bool(words) and words[-1].lower() in ORG_HEADS | ORG_SUFFIXES  # "Health Standards Inspectorate"
    while len(words) > 2 and words[0].lower().rstrip(".") in TITLES | ROLES and not organisation:
        words = words[1:]
    # "Officers Anthony Morelli and Eric Joering": a title for two names goes too
    while words and (words[0].lower().rstrip(".") in TITLES or (len(words) > 2 and words[0].lower().removesuffix("s") in TITLES)):
        words = words[1:]
    while len(words) > 2 and words[-1].lower().strip(",") in POST_NOMINALS:
        words = words[:-1]
    while words and words[-1].lower() in PARTICLES:
        words = words[:-1]
    return " ".join(words).strip(" ,.;:")


def _with_particles(run: list[Any]) -> list[Any]:
    """A name's run with the particles and words the parser split off: "Van" -> "Caroline Van den Bossche"."""
    doc = run[0].doc
    while _particle(run[-1]) and run[-1].text.islower():  # "Caroline Van den" + "Bossche"
        run = [*run, doc[run[-1].i + 1]]
    while run[0].i > 0 and doc[run[0].i - 1].lower_ in PARTICLES and doc[run[0].i - 1].text.islower():
        run = [doc[run[0].i - 1], *run]  # "de la" + "Fontaine-Marchal", then "Élodie" below
    i = run[-1].i + 1
    while i < len(doc) and doc[i].lower_ in PARTICLES and doc[i - 1].whitespace_ != "":
        j = i
        while j < len(doc) and doc[j].lower_ in PARTICLES:
            j += 1
        if j >= len(doc) or not doc[j].text[:1].isupper():
            break
        run, i = [*run, *doc[i : j + 1]], j + 1
    while run[0].i > 0 and run[0].lower_ in PARTICLES and doc[run[0].i - 1].text[:1].isupper() and doc[run[0].i - 1].is_alpha:
        run = [doc[run[0].i - 1], *run]
    if run[0].i > 0 and _given_name(doc[run[0].i - 1]) and run[-1].i - run[0].i >= 1:
        run = [doc[run[0].i - 1], *run]  # "Johannes" + "Jansen van Vuuren", the first word taken for a noun
    return run


def _given_name(t: Any) -> bool:
    """A capitalised word opening a paragraph before a name of two words or more, that the text never
    writes in lower case and that is no title or common word."""
    lower = t.lower_
    opens = t.i == 0 or t.doc[t.i - 1].is_space
    return (
        opens and t.is_alpha and t.text[:1].isupper() and t.pos_ in ("NOUN", "PROPN", "ADJ") and not t.ent_type_
        and lower not in TITLES | ROLES | PERSON_NOUNS and lower not in _lowercase_words(t.doc)
    )  # fmt: skip


def _lowercase_words(doc: Any) -> set[str]:
    """The words ``doc`` writes in lower case somewhere (kept on the doc: asked for name after name)."""
    if "presslens_lower_words" not in doc.user_data:
        doc.user_data["presslens_lower_words"] = set(re.findall(r"\b[a-z][a-z'-]+\b", text_of(doc)))
    return doc.user_data["presslens_lower_words"]


def _particle(t: Any) -> bool:
    """A lower-case word inside a name: "van", "den", "bin", followed by the rest of the name."""
    return t.lower_ in PARTICLES and t.i + 1 < len(t.doc) and t.doc[t.i + 1].text[:1].isupper()


def _clean_org(name: str) -> str:
    name = re.sub(r"\s*\([^)]*\)?$", "", name.strip())  # "Workers' Union (TDWU)" -> "Workers' Union"
    return re.sub(r"^(?:the|The)\s+", "", re.sub(r"['’]s$", "", name)).strip(" ,.;:")


def _strip_article(text: str) -> str:
    text = re.sub(r"^(?:But|And|Yet|So|Or|Meanwhile,?)\s+", "", text.strip())  # "But Castlebridge Rovers Supporters' Trust"
    # "one officer close to her" is an officer close to her ("one of them" is a share: kept)
    return re.sub(r"^(?i:the|a|an|another|your|our|one(?!\s+of\b))\s+", "", text).strip(" ,.;:")


def _called_an_org(ent: Any) -> str | None:
    """What the text calls a name the small model tags PERSON, where that is an organisation: "the
    Zurich private bank Bankhaus Limmat", "The automotive supplier Ostermann Antriebstechnik", "X,
    one of Canada's largest insurers" (the noun right before the name, or the one in apposition)."""
    nouns = [ent.doc[ent.start - 1]] if ent.start > 0 else []
    for t in ent.root.children:
        if t.dep_ == "appos":
            of = [w for p in t.children if p.lower_ == "of" for w in p.children if w.dep_ == "pobj"]
            nouns += of if t.lower_ == "one" else [t]
    if ent.root.dep_ == "appos":
        nouns.append(ent.root.head)
    return next((n.lemma_.lower() for n in nouns if n.pos_ == "NOUN" and n.lemma_.lower() in ORG_HEADS | BUSINESSES), None)


def _title_run(t: Any) -> list[Any]:
    """The capitalised words around ``t`` on its line, with the "of" and "and" between them: the
    proper name it is part of ("Ministry" -> "Ministry of Infrastructure and Water Management")."""
    doc, i, j = t.doc, t.i, t.i

    def titled(w: Any) -> bool:
        return w.is_alpha and w.text[:1].isupper()

    while i > 0 and doc[i - 1].whitespace_ == " " and titled(doc[i - 1]) and not doc[i - 1].is_sent_start:
        i -= 1
    while (
        j + 1 < len(doc)
        and doc[j].whitespace_ == " "
        and (titled(doc[j + 1]) or (doc[j + 1].lower_ in ("of", "and", "for") and j + 2 < len(doc) and titled(doc[j + 2])))
    ):
        j += 1
    return list(doc[i : j + 1])


def _where_based(t: Any) -> bool:
    """A word of "Toronto-based", which says where an organisation is, not which one it is."""
    doc = t.doc
    return t.lower_ == "based" or (t.i + 2 < len(doc) and doc[t.i + 1].text == "-" and doc[t.i + 2].lower_ == "based")


def _org_like(name: str) -> bool:
    return any(w.lower().strip(".") in ORG_SUFFIXES for w in name.replace(".", ". ").split())


def _contains(words: list[str], part: list[str]) -> bool:
    """Whether ``part`` occurs in ``words`` as a run, a hyphenated surname counting by its pieces."""
    pieces = [p for w in words for p in ([w, *w.split("-")] if "-" in w else [w])]
    for seq in (words, pieces):
        for i in range(len(seq) - len(part) + 1):
            if seq[i : i + len(part)] == part:
                return True
    return False


def _name_like(text: str) -> bool:
    """A proper name's shape: capitalised words and the small words of names ("Ministry of Health",
    "Caroline Van den Bossche"), not a description that ends in one ("Iran's ambassador to ... X")."""
    small = PARTICLES | ORG_SUFFIXES | {"of", "and", "for", "the", "on", "in", "&"}  # "Ashdown Vale Care plc"
    words = [re.sub(r"^(?:al|el|ad|ar|as|at|az|ash|bin|ibn|d|l)[-’']", "", w) for w in text.split()]  # "al-Zoubi"
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower().strip(".,") in small for w in words)


def _titled_name(text: str) -> bool:
    """ "Councillor Siobhán Ní Bhriain", "Dr Aoife Ní Bhriain": a title, then capitalised words only."""
    words = text.split()
    return len(words) >= 3 and words[0].lower().rstrip(".") in PERSONAL_TITLES and all(w[:1].isupper() for w in words[1:])


def _title_roles(name: str) -> set[str]:
    """The titles in a name and the roles they abbreviate ("Gen. Samuel Oduya": gen, general)."""
    titles = {w.lower().rstrip(".") for w in name.split() if w.lower().rstrip(".") in TITLES | set(TITLE_ROLES)}
    return titles | {TITLE_ROLES[t] for t in titles if t in TITLE_ROLES}


def _modifies(word: str, heads: set[str]) -> bool:
    """Whether a description's modifier fits what a person was called ("norwegian" fits "norway")."""
    return word in heads or (len(word) > 4 and any(h[:4] == word[:4] and len(h) > 3 for h in heads))


def _in_role(e: Entity, lemma: str) -> bool:
    return bool(({lemma} | SAME_ROLE.get(lemma, set())) & e.heads)


def _within(name: str, other: str) -> bool:
    """Whether ``other`` is a fuller form of ``name`` ("Iliescu-Pop" within "Radu Iliescu-Pop")."""
    return len(other) > len(name) and _contains(other.lower().split(), name.lower().split())


def _same_head(name: str, lemma: str) -> bool:
    words = name.lower().split()
    return bool(words) and (words[-1] == lemma or words[-1].rstrip("s") == lemma)


def _span_text(tokens: list[Any]) -> str:
    doc = tokens[0].doc
    return text_of(doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]


def _head(tokens: list[Any]) -> Any:
    ids = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), tokens[-1])
