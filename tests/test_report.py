"""The HTML report and the text summary, on Pages built by hand."""

from __future__ import annotations

import itertools
import random
import re
from html.parser import HTMLParser

import lxml.html
import pytest

from presslens.page import Metadata, Page, Source
from presslens.report import CSP, TECHNIQUE_LABELS, render_html, render_text

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
LAYER_CLASSES = ("bp", "tech", "quote", "speaker", "fig", "claim")


# --- a strict parse of the report ------------------------------------------------------------


class Node:
    def __init__(self, tag: str, attrs: list[tuple[str, str | None]], parent: Node | None) -> None:
        self.tag = tag
        self.attrs = {k: (v if v is not None else "") for k, v in attrs}
        self.attr_names = [k for k, _ in attrs]
        self.parent = parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter() if n.tag == tag and (cls is None or cls in n.classes)]

    def text(self, skip: tuple[str, ...] = ()) -> str:
        out = []
        for child in self.children:
            if isinstance(child, str):
                out.append(child)
            elif child.tag not in skip:
                out.append(child.text(skip))
        return "".join(out)


class StrictTree(HTMLParser):
    """A tree from html.parser that fails on any end tag not closing the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.cur = self.root
        self.decls: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.decls.append(decl)

    def handle_starttag(self, tag, attrs) -> None:
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs) -> None:
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag) -> None:
        assert tag not in VOID, f"end tag for void element {tag}"
        assert self.cur.tag == tag, f"</{tag}> closes <{self.cur.tag}>: broken nesting"
        self.cur = self.cur.parent

    def handle_data(self, data) -> None:
        self.cur.children.append(data)


def parse(doc: str) -> Node:
    tree = StrictTree()
    tree.feed(doc)
    tree.close()
    assert tree.cur is tree.root, f"<{tree.cur.tag}> never closed"
    assert [d.lower() for d in tree.decls] == ["doctype html"]
    return tree.root


def page_texts(root: Node) -> list[Node]:
    return root.find_all("div", "pl-text")


def shown_text(container: Node) -> str:
    """The annotated text with the report's own chrome (document headers) left out."""
    return container.text(skip=("header",))


def char_classes(container: Node) -> list[tuple[str, frozenset[str]]]:
    """Each character of the annotated text with the classes of the <mark> around it."""
    out: list[tuple[str, frozenset[str]]] = []

    def walk(node: Node, classes: frozenset[str]) -> None:
        for child in node.children:
            if isinstance(child, str):
                out.extend((ch, classes) for ch in child)
            elif child.tag == "header":
                continue
            elif child.tag == "mark":
                assert not classes, "a <mark> inside a <mark>: segments must be flat"
                walk(child, frozenset(child.classes))
            else:
                walk(child, classes)

    walk(container, frozenset())
    return out


def expected_classes(page: Page, min_score: float = 0.0) -> list[set[str]]:
    """Which layer classes should cover each character, from the page's own spans."""
    want: list[set[str]] = [set() for _ in page.text]
    # Label classes: the 14 known labels first, then unknown ones in sorted order.
    labels = [*TECHNIQUE_LABELS, *sorted({t.technique for t in page.layers["techniques"]} - set(TECHNIQUE_LABELS))]

    def cover(start: int, end: int, *names: str) -> None:
        for i in range(start, end):
            want[i].update(names)

    for bp in page.boilerplate:
        cover(bp.start, bp.end, "bp")
        for s, e in bp.spans:
            cover(s, e, "bp")
    for t in page.layers["techniques"]:
        if t.score >= min_score:
            cover(t.start, t.end, "tech", f"tl-{labels.index(t.technique)}")
    for q in page.layers["quotes"]:
        cover(q.start, q.end, "quote")
        if q.speaker_start is not None:
            cover(q.speaker_start, q.speaker_end, "speaker")
    for f in page.layers["figures"]:
        cover(f.start, f.end, "fig")
    for c in page.layers["claims"]:
        cover(c.start, c.end, "claim")
    return want


def assert_layers_cover(page: Page, container: Node, min_score: float = 0.0) -> None:
    chars = char_classes(container)
    assert "".join(ch for ch, _ in chars) == page.text
    want = expected_classes(page, min_score)
    for i, ((ch, got), exp) in enumerate(zip(chars, want, strict=True)):
        got_layers = {c for c in got if c in LAYER_CLASSES or c.startswith("tl-")}
        assert got_layers <= exp, f"char {i} {ch!r} marked {got_layers - exp} wrongly"
        # Only the whitespace of paragraph breaks is rendered outside any mark.
        assert got_layers == exp or ch.isspace(), f"char {i} {ch!r} lost {exp - got_layers}"


# --- pages -----------------------------------------------------------------------------------


def span_of(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return i, i + len(needle)


BP = "Breaking: Envoy says MKO works with US intelligence"
D1 = (
    "MKO working with US intelligence\n\n"
    "The ambassador says the terrorist cult is cooperating with the US to create chaos.\n\n"
    "\u201cThe MKO killed at least 12,000 Iranian civilians,\u201d Takht-Ravanchi said."
)
D2 = "A cult? The group denies it.\n\nFormer members say it is a cult, with more than 100,000 dead."


def full_page() -> Page:
    text = f"{BP}\n\n{D1}\n\n{BP}\n\n{D2}\n"
    page = Page(
        text=text,
        source=Source(path="pages/compilation.txt", media_type="text/plain", sha256="ab" * 32),
        metadata=Metadata(title="A compilation"),
    )
    second = span_of(text, BP, 1)
    page.add("boilerplate", start=0, end=len(BP), occurrences=2, spans=[[0, len(BP)], list(second)])
    s1, s2 = text.index(D1), text.index(D2)
    page.add("documents", start=s1, end=s1 + len(D1), title="MKO working with US intelligence", outlet="Iran Front Page",
             published="2019-07-10", url="https://ifpnews.com/a?b=1&c=2")  # fmt: skip
    page.add("documents", start=s2, end=s2 + len(D2), title="A cult?", outlet="The Intercept",
             published="2019-07-11", author="Murtaza Hussain")  # fmt: skip
    a, b = span_of(text, "terrorist cult")
    page.add("techniques", start=a, end=b, document="d1", technique="Name_Calling,Labeling", score=0.91)
    a, b = span_of(text, "cult is cooperating")
    page.add("techniques", start=a, end=b, document="d1", technique="Loaded_Language", score=0.9)
    a, b = span_of(text, "create chaos")
    page.add("techniques", start=a, end=b, document="d1", technique="Appeal_to_fear-prejudice", score=0.25)
    qa, qb = span_of(text, "The MKO killed at least 12,000 Iranian civilians,")
    sa, sb = span_of(text, "Takht-Ravanchi")
    page.add("quotes", start=qa, end=qb, document="d1", direct=True, speaker="Majid Takht-Ravanchi",
             speaker_start=sa, speaker_end=sb, cue="said")  # fmt: skip
    a, b = span_of(text, "at least 12,000")
    page.add("figures", start=a, end=b, document="d1", value=12000, unit="people", qualifier="at_least",
             about="Iranian civilians killed")  # fmt: skip
    a, b = span_of(text, "The group denies it.")
    page.add("claims", start=a, end=b, document="d2", claimant="MEK", stance="deny", responds_to="c2")
    a, b = span_of(text, "Former members say it is a cult")
    page.add("claims", start=a, end=b, document="d2", claimant="Former members", stance="assert")
    return page


# --- the HTML report ---------------------------------------------------------------------------


def test_report_is_one_well_formed_html5_document():
    doc = render_html([full_page()])
    root = parse(doc)  # strict: fails on any broken nesting
    elements = [c for c in root.children if isinstance(c, Node)]
    assert [e.tag for e in elements] == ["html"]
    assert all(not c.strip() for c in root.children if isinstance(c, str))
    assert len(root.find_all("html")) == 1
    html_el = elements[0]
    assert [c.tag for c in html_el.children if isinstance(c, Node)] == ["head", "body"]
    assert lxml.html.document_fromstring(doc).tag == "html"


def test_report_loads_nothing_and_declares_csp():
    root = parse(render_html([full_page()]))
    head = root.find_all("head")[0]
    metas = [n for n in head.children if isinstance(n, Node)]
    csp = [n for n in metas if n.attrs.get("http-equiv", "").lower() == "content-security-policy"]
    assert len(csp) == 1 and csp[0].attrs["content"] == CSP
    assert CSP == "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
    order = [n.tag for n in metas]
    assert order.index("meta") < order.index("style")  # the policy precedes what it governs
    viewport = [n for n in metas if n.attrs.get("name") == "viewport"]
    assert viewport and "width=device-width" in viewport[0].attrs["content"]
    for node in root.iter():
        assert "src" not in node.attrs and "srcset" not in node.attrs, node.tag
        assert node.tag not in ("link", "iframe", "img", "object", "embed", "base")
    for style in root.find_all("style"):
        assert "url(" not in style.text() and "@import" not in style.text()


def test_panel_lists_documents_and_boilerplate():
    page = full_page()
    root = parse(render_html([page]))
    table = root.find_all("table", "pl-docs")[0]
    rows = [[td.text() for td in tr.find_all("td")] for tr in table.find_all("tbody")[0].find_all("tr")]
    assert len(rows) == 2
    assert rows[0][:6] == ["d1", "MKO working with US intelligence", "Iran Front Page", "2019-07-10", "—",
                           "https://ifpnews.com/a?b=1&c=2"]  # fmt: skip
    assert rows[1][:5] == ["d2", "A cult?", "The Intercept", "2019-07-11", "Murtaza Hussain"]
    assert rows[0][6] == "29" and rows[1][6] == "18"  # word counts of each document's span
    link = next(a for a in table.find_all("a") if a.attrs["href"].startswith("http"))
    assert link.attrs["href"] == "https://ifpnews.com/a?b=1&c=2"
    assert "noopener" in link.attrs["rel"]
    bps = root.find_all("table", "pl-bps")[0]
    cells = [td.text() for td in bps.find_all("td")]
    assert cells == ["b1", BP, "2"]
    head = root.find_all("header", "pl-page-head")[0].text()
    assert "pages/compilation.txt" in head and "text/plain" in head and "abababababab" in head


def test_each_document_is_its_own_section_with_a_header():
    page = full_page()
    root = parse(render_html([page]))
    sections = root.find_all("section", "pl-doc")
    assert len(sections) == 2
    for section, doc in zip(sections, page.documents, strict=True):
        header = section.find_all("header")[0].text()
        assert doc.title in header and doc.outlet in header
        assert shown_text(section) == page.text[doc.start : doc.end]


def test_highlighted_text_is_exactly_the_page_text():
    page = full_page()
    root = parse(render_html([page]))
    (container,) = page_texts(root)
    assert shown_text(container) == page.text
    assert_layers_cover(page, container)


def test_a_technique_partly_overlapping_a_quote_covers_the_right_characters():
    text = "He said the enemy is evil and must be stopped now."
    page = Page(text=text)
    t = page.add("techniques", start=text.index("enemy"), end=text.index(" and"), technique="Loaded_Language", score=0.8)
    q = page.add("quotes", start=text.index("evil"), end=text.index(" now"), speaker="He", cue="said")
    (container,) = page_texts(parse(render_html([page])))
    chars = char_classes(container)
    for i, (_, classes) in enumerate(chars):
        assert ("tech" in classes) == (t.start <= i < t.end), i
        assert ("quote" in classes) == (q.start <= i < q.end), i
    marks = container.find_all("mark")
    texts = {m.text(): set(m.classes) for m in marks}
    assert texts["enemy is "] >= {"tech", "tl-0"} and "quote" not in texts["enemy is "]
    assert texts["evil"] >= {"tech", "quote"}
    assert "tech" not in texts[" and must be stopped"]
    assert marks[1].attrs["data-ids"] == "t1 q1"


def test_nested_touching_and_cross_paragraph_spans():
    text = "Alpha beta gamma.\n\nDelta epsilon zeta.\n\n\nEta theta."
    page = Page(text=text)
    page.add("documents", start=0, end=text.index("Delta") + 5, title="one")
    page.add("documents", start=text.index("Delta") + 5, end=len(text), title="two")  # starts mid-paragraph
    page.add("claims", start=0, end=len(text), claimant="all")  # covers everything, across documents
    page.add("quotes", start=text.index("beta"), end=text.index("epsilon"), speaker="x")  # crosses a paragraph break
    page.add("techniques", start=text.index("beta"), end=text.index(" gamma"), technique="Doubt", score=0.5)  # nested
    page.add("techniques", start=text.index(" gamma"), end=text.index("."), technique="Slogans", score=0.5)  # touches
    page.add("figures", start=len(text) - 6, end=len(text), value=1)  # touches the end of the text
    page.add("figures", start=3, end=3, value=2)  # empty: covers nothing
    root = parse(render_html([page]))
    (container,) = page_texts(root)
    assert_layers_cover(page, container)
    assert [shown_text(s) for s in container.find_all("section", "pl-doc")] == [
        text[: text.index("Delta") + 5],
        text[text.index("Delta") + 5 :],
    ]


def test_overlapping_documents_do_not_duplicate_text():
    text = "First report text. Second report text."
    page = Page(text=text)
    page.add("documents", start=0, end=25, title="one")
    page.add("documents", start=19, end=len(text), title="two")  # starts inside the first
    page.add("documents", start=2, end=10, title="three")  # wholly inside the first
    page.add("techniques", start=15, end=30, technique="Doubt", score=0.5)
    (container,) = page_texts(parse(render_html([page])))
    assert shown_text(container) == text
    assert_layers_cover(page, container)
    assert [shown_text(s) for s in container.find_all("section", "pl-doc")] == [text[:25], text[25:]]


@pytest.mark.parametrize("seed", range(25))
def test_random_overlapping_layers_keep_text_and_coverage(seed):
    rng = random.Random(seed)
    words = ["news", "<b>", "&amp;", "\u201cquoted\u201d", "caf\u00e9", "\u0627\u06cc\u0631\u0627\u0646", "\U0001f600", "x"]
    parts = []
    for _ in range(rng.randint(5, 60)):
        parts.append(rng.choice(words))
        parts.append(rng.choice([" ", " ", " ", "\n", "\n\n", " \n \n ", "\r\n\r\n", "\t"]))
    text = "".join(parts)
    page = Page(text=text)
    n = len(text)
    cuts = sorted(rng.sample(range(n + 1), k=min(n + 1, rng.randint(1, 4))))
    for a, b in itertools.pairwise(cuts):
        if rng.random() < 0.8:
            page.add("documents", start=a, end=b, title=f"doc {a}")

    def rand_span() -> tuple[int, int]:
        a = rng.randint(0, n)
        return a, rng.randint(a, n)

    for _ in range(rng.randint(0, 12)):
        layer = rng.choice(["techniques", "quotes", "figures", "claims", "boilerplate"])
        a, b = rand_span()
        if layer == "techniques":
            page.add(layer, start=a, end=b, technique=rng.choice(TECHNIQUE_LABELS), score=rng.random())
        elif layer == "quotes":
            sa, sb = rand_span()
            page.add(layer, start=a, end=b, speaker="s", speaker_start=sa, speaker_end=sb)
        elif layer == "boilerplate":
            extra = rand_span()
            page.add(layer, start=a, end=b, occurrences=2, spans=[[a, b], list(extra)])
        else:
            page.add(layer, start=a, end=b)
    min_score = rng.choice([0.0, 0.5])
    root = parse(render_html([page], min_score=min_score))
    (container,) = page_texts(root)
    assert shown_text(container) == text
    assert_layers_cover(page, container, min_score)


def test_paragraph_breaks_render_as_paragraphs():
    page = Page(text="One line\nstill one.\n\nTwo.\n\n\n  Three.")
    (container,) = page_texts(parse(render_html([page])))
    assert [p.text() for p in container.find_all("p")] == ["One line\nstill one.", "Two.", "Three."]


def test_min_score_hides_low_techniques():
    page = full_page()  # t3 (Appeal_to_fear-prejudice) scores 0.25
    low = parse(render_html([page], min_score=0.5))
    ids = " ".join(m.attrs["data-ids"] for m in low.find_all("mark"))
    assert "t1" in ids and "t2" in ids and "t3" not in ids
    assert not [m for m in low.find_all("mark") if "tl-5" in m.classes]
    fear = next(lab for lab in low.find_all("label") if "Appeal to fear" in lab.text())
    assert fear.find_all("span", "pl-n")[0].text() == "0"
    everything = parse(render_html([page]))
    assert [m for m in everything.find_all("mark") if "tl-5" in m.classes and "t3" in m.attrs["data-ids"]]


def test_tooltips_describe_each_layer():
    page = full_page()
    root = parse(render_html([page]))
    marks = root.find_all("mark")
    assert all(m.attrs.get("tabindex") == "0" and m.attrs.get("title") for m in marks)
    titles = {m.text(): m.attrs["title"] for m in marks}
    assert "Loaded_Language" in titles[" is cooperating"] and "score 0.90" in titles[" is cooperating"]
    both = titles["cult"]  # two techniques overlap here
    assert "Name_Calling,Labeling" in both and "score 0.91" in both and "Loaded_Language" in both
    assert "Majid Takht-Ravanchi" in titles["The MKO killed "] and "Cue: said" in titles["The MKO killed "]
    fig = titles["at least 12,000"]
    for part in ("12,000", "people", "at_least", "Iranian civilians killed", "Quote q1"):
        assert part in fig
    deny = titles["The group denies it."]
    assert "MEK" in deny and "deny" in deny and "c2" in deny
    assert "deny" in next(m for m in marks if m.text() == "The group denies it.").classes
    assert not [m for m in marks if "data-definition" in m.attrs]  # no definitions were given


def test_definitions_are_shown_when_given():
    definition = "Words with strong emotional implications."
    root = parse(render_html([full_page()], definitions={"Loaded_Language": definition}))
    defined = [m for m in root.find_all("mark") if "data-definition" in m.attrs]
    assert defined and all("tl-0" in m.classes for m in defined)
    assert all(definition in m.attrs["data-definition"] and definition in m.attrs["title"] for m in defined)
    assert definition in root.find_all("details", "pl-glossary")[0].text()


def test_legend_and_toggles_are_labelled_inputs():
    root = parse(render_html([full_page()]))
    layer_boxes = [n for n in root.find_all("input") if "data-layer" in n.attrs]
    assert sorted(b.attrs["data-layer"] for b in layer_boxes) == sorted(["docs", *LAYER_CLASSES[:2], *LAYER_CLASSES[2:3],
                                                                          "fig", "claim"])  # fmt: skip
    label_boxes = [n for n in root.find_all("input") if "data-label" in n.attrs]
    assert len(label_boxes) == 14
    for box in layer_boxes + label_boxes:
        assert box.attrs["type"] == "checkbox" and "checked" in box.attrs
        assert box.parent.tag == "label"
    legend = root.find_all("fieldset", "pl-labels")[0].text()
    for name in ("Loaded language", "Name calling / labeling", "Whataboutism / straw men / red herring", "Flag-waving"):
        assert name in legend
    scripts = root.find_all("script")
    assert len(scripts) == 1 and "data-layer" in scripts[0].text()


XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "' onmouseover='alert(1)",
    "</textarea></mark></p><script>alert(2)</script>",
]


def hostile_page() -> Page:
    text = "\n\n".join(f"{p} said {p} and {p}" for p in XSS)
    page = Page(
        text=text,
        source=Source(path=XSS[0], url="javascript:alert(1)", media_type=XSS[1], sha256=XSS[2], record=XSS[3]),
        metadata=Metadata(title=XSS[2], author=XSS[1], site_name=XSS[0], url="JaVaScRiPt:alert(1)"),
    )
    page.add("documents", start=0, end=len(text), title=XSS[2], outlet=XSS[1], author=XSS[0], published=XSS[3],
             url="javascript:alert(1)")  # fmt: skip
    page.add("documents", start=len(text), end=len(text), title=XSS[4], url=" javascript:alert(1)", outlet=XSS[4])
    for payload in XSS:
        a, b = span_of(text, payload, 0)
        page.add("boilerplate", start=a, end=b, occurrences=3, spans=[[a, b]])
        a, b = span_of(text, payload, 1)
        page.add("quotes", start=a, end=b, speaker=payload, speaker_start=a, speaker_end=b, cue=payload)
        page.add("techniques", start=a, end=b, technique=payload, score=0.5)  # an unknown label
        page.add("figures", start=a, end=b, value=1.5, unit=payload, qualifier=payload, about=payload)
        page.add("claims", start=a, end=b, claimant=payload, stance=payload, responds_to=payload)
    return page


def test_hostile_input_is_shown_as_text_never_run():
    page = hostile_page()
    doc = render_html([page, Page(text=XSS[1])], title=XSS[2], definitions={XSS[0]: XSS[1], "Doubt": XSS[2]})
    root = parse(doc)
    scripts = root.find_all("script")
    assert len(scripts) == 1 and "alert" not in scripts[0].text() and not scripts[0].attrs
    for node in root.iter():
        assert node.tag not in ("svg", "img", "textarea"), node.tag
        for name in node.attr_names:
            assert not name.lower().startswith("on"), f"<{node.tag} {name}>"
        href = node.attrs.get("href")
        if href is not None:
            assert href.startswith("#") or re.match(r"https?://", href), href
            assert "javascript" not in href.lower()
    containers = page_texts(root)
    assert shown_text(containers[0]) == page.text
    assert shown_text(containers[1]) == XSS[1]
    assert_layers_cover(page, containers[0])
    body = root.find_all("body")[0].text()
    for payload in XSS:
        assert payload in body  # shown, as text
    assert "javascript:alert(1)" in body  # the URL as text, not as a link
    assert root.find_all("title")[0].text() == XSS[2]
    docs = root.find_all("table", "pl-docs")[0]
    first = [td.text() for td in docs.find_all("tbody")[0].find_all("tr")[0].find_all("td")]
    assert first[1:6] == [XSS[2], XSS[1], XSS[3], XSS[0], "javascript:alert(1)"]


def test_only_plain_http_urls_become_links():
    for url, linked in [
        ("https://example.org/a?b=1&c=2", True),
        ("HTTP://EXAMPLE.ORG/", True),
        ("javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ('https://example.org/" onclick="alert(1)', False),
        (" https://example.org/", False),
        ("//example.org/", False),
        ("/relative", False),
    ]:
        page = Page(text="body")
        page.add("documents", start=0, end=4, title="t", url=url)
        root = parse(render_html([page]))
        hrefs = [a.attrs["href"] for a in root.find_all("a") if not a.attrs["href"].startswith("#")]
        assert hrefs == ([url, url] if linked else []), url  # panel and document header


def test_several_pages_and_a_single_page():
    first, second = full_page(), Page(text="Second page.\n\nNo layers at all.", source=Source(url="https://example.org/2"))
    root = parse(render_html([first, second], title="Two pages"))
    assert len(root.find_all("article", "pl-page")) == 2
    assert [shown_text(c) for c in page_texts(root)] == [first.text, second.text]
    assert len(root.find_all("html")) == 1 and len(root.find_all("h1")) == 1
    assert "Two pages" in root.find_all("h1")[0].text()
    assert render_html(second) == render_html([second])
    empty = parse(render_html([Page(text="")]))
    assert shown_text(page_texts(empty)[0]) == ""
    assert "No pages" in parse(render_html([])).find_all("main")[0].text()


def test_stage_that_did_not_run_is_not_shown_as_zero():
    page = Page(text="Just text.")
    counts = parse(render_html([page])).find_all("ul", "pl-counts")[0].text()
    assert "not run" in counts
    page.done.add("quotes")
    counts = parse(render_html([page])).find_all("ul", "pl-counts")[0].text()
    assert "Quotes and speakers 0" in counts


# --- the text summary --------------------------------------------------------------------------


def test_text_summary_lists_documents_boilerplate_and_counts():
    page = full_page()
    out = render_text(page)
    assert "pages/compilation.txt" in out and "text/plain" in out and "abababababab" in out
    assert f"{len(page.text):,} characters" in out
    for doc in page.documents:
        assert doc.id in out and doc.title in out and doc.outlet in out and doc.published in out
        assert f"chars {doc.start:,}-{doc.end:,}" in out
    assert "author Murtaza Hussain" in out and "29 words" in out and "18 words" in out
    assert "x2" in out and BP in out
    assert "Layers: techniques 3 | quotes 1 | figures 1 | claims 2" in out
    assert "Techniques (3)" in out and "Name_Calling,Labeling" in out
    assert re.search(r"Majid Takht-Ravanchi\s+1 quote\b", out)
    assert "Figures (1)" in out and "12,000" in out and "Iranian civilians killed" in out
    assert "Claims (2: 1 assert, 1 deny)" in out


def test_text_summary_truncates_boilerplate_and_skips_empty_sections():
    long = "word " * 40
    page = Page(text=long + "\n\nbody")
    page.add("boilerplate", start=0, end=len(long), occurrences=4)
    out = render_text(page)
    line = next(ln for ln in out.splitlines() if "x4" in ln)
    snippet = line[line.index('"') + 1 : line.rindex('"')]
    assert len(snippet) <= 70 and snippet.endswith("...") and snippet.startswith("word word")
    for section in ("Techniques (", "Speakers (", "Figures (", "Claims ("):
        assert section not in out
    assert "techniques not run" in out
    assert "Documents (0)" in out


def test_text_summary_has_no_ansi_unless_asked():
    page = full_page()
    page.documents[0].title = "\x1b[31mred\x1b[0m\x07 title \u202egnp.exe"
    page.add("quotes", start=0, end=5, speaker="\x1b]0;pwned\x07")
    plain = render_text(page)
    assert "\x1b" not in plain
    assert all(ch == "\n" or ch.isprintable() for ch in plain)
    assert "\\x1b[31mred" in plain and "\\u202e" in plain
    assert isinstance(plain, str)
    coloured = render_text(page, color=True)
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
