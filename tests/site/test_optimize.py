"""A lighter site that looks the same: no source maps, minified SVG that still parses."""

from __future__ import annotations

import xml.dom.minidom
from pathlib import Path

import pytest

from handbook.site.optimize import minify_svg, remove_source_maps

SVG = """<?xml version="1.0"?>
<!-- drawn by hand -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 10 10">
  <metadata>  <rdf>x</rdf> </metadata>
  <title>Two  words</title>
  <g inkscape:label="layer">
    <rect width="4" height="4"/>
    <text x="1" y="8"><tspan>wet</tspan> <tspan>hands</tspan></text>
  </g>
</svg>
"""


def test_minify_svg_keeps_the_drawing_and_its_text() -> None:
    small = minify_svg(SVG)
    assert len(small) < len(SVG)
    assert "<!--" not in small and "metadata" not in small and "inkscape" not in small
    assert "<title>Two  words</title>" in small
    assert "<tspan>wet</tspan> <tspan>hands</tspan>" in small, "the space between words is kept"
    assert '<g><rect width="4" height="4"/><text' in small
    xml.dom.minidom.parseString(small)


def test_minify_svg_leaves_what_it_cannot_parse() -> None:
    broken = "<svg><g></svg>"
    assert minify_svg(broken) == broken


def test_source_maps_removed(tmp_path: Path) -> None:
    (tmp_path / "a.js").write_text("var a=1;\n//# sourceMappingURL=a.js.map\n", encoding="utf-8")
    (tmp_path / "a.css").write_text("a{b:c}\n/*# sourceMappingURL=a.css.map */", encoding="utf-8")
    (tmp_path / "a.js.map").write_text("{}", encoding="utf-8")
    assert remove_source_maps(tmp_path)[0] == 1
    assert (tmp_path / "a.js").read_text(encoding="utf-8") == "var a=1;\n"
    assert (tmp_path / "a.css").read_text(encoding="utf-8") == "a{b:c}"
    assert not (tmp_path / "a.js.map").exists()


@pytest.mark.slow
def test_built_site_has_no_source_maps(built_site: Path) -> None:
    assert list(built_site.rglob("*.map")) == []
    for path in [*built_site.rglob("*.js"), *built_site.rglob("*.css")]:
        assert b"sourceMappingURL" not in path.read_bytes()[-300:], path.relative_to(built_site)
    for path in built_site.rglob("*.svg"):
        xml.dom.minidom.parse(str(path))
