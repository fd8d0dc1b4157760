"""One reading of the links of built pages: resolved against their page, other hosts left alone."""

from __future__ import annotations

from handbook.editions.links import parse_link, rewrite_links
from handbook.site.loads import page_loads


def test_links_resolve_against_their_page() -> None:
    link = parse_link("bn/protect/masks.html", "../images/a%20b.svg?v=2#top")
    assert (link.path, link.query, link.fragment, link.same_page) == ("bn/images/a b.svg", "v=2", "top", False)
    assert parse_link("bn/protect/masks.html", "/search/x.json").path == "search/x.json"
    anchor = parse_link("bn/protect/masks.html", "#steps")
    assert (anchor.path, anchor.fragment, anchor.same_page) == ("bn/protect/masks.html", "steps", True)
    for other in ("https://who.int/", "//cdn.example/x.js", "mailto:a@b.c", "data:image/png;base64,AA"):
        assert parse_link("index.html", other) is None, other


def test_rewrite_sends_each_link_through_the_edition() -> None:
    text = ('<a href="hand-hygiene.html#steps">x</a><img src="../images/a.svg">'
            '<a href="https://who.int">WHO</a><script data-src="../assets/b.js"></script>')
    seen = []

    def target(attribute: str, link) -> str | None:
        seen.append((attribute, link.path))
        return None if link.path.startswith("assets/") else f"moved/{link.path}"

    out = rewrite_links(text, "protect/masks.html", target)
    assert seen == [("href", "protect/hand-hygiene.html"), ("src", "images/a.svg"), ("src", "assets/b.js")]
    assert '<a href="moved/protect/hand-hygiene.html">' in out and '<img src="moved/images/a.svg">' in out
    assert 'href="https://who.int"' in out and 'data-src="../assets/b.js"' in out


def test_page_loads_by_moment() -> None:
    text = ('<link rel="stylesheet" href="a.css"><link rel="alternate" href="x.html"><img src="i.png" srcset="i2.png 2x, i3.png 3x">'
            '<script type="handbook/deferred" data-src="bundle.js"></script><a href="b.html">b</a>'
            '<script id="__config" type="application/json">{"search": "worker.js"}</script>')
    found = page_loads(text)
    assert found.on_open == ["a.css", "i.png", "i2.png", "i3.png"]
    assert found.on_search == ["bundle.js"] and found.worker == "worker.js" and found.links == ["b.html"]
