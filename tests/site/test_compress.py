"""Pre-compressed twins: every text file gets .gz and .br that decompress to it, the same every build."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import brotli
import pytest

from handbook.site.compress import MIN_SIZE, precompress


def _tree(root: Path) -> Path:
    root.mkdir()
    (root / "a").mkdir()
    (root / "index.html").write_text("<p>wash your hands</p>\n" * 40, encoding="utf-8")
    (root / "a" / "style.css").write_text("body{color:#222}\n" * 30, encoding="utf-8")
    (root / "a" / "data.json").write_text('{"k": "' + "é" * 300 + '"}', encoding="utf-8")
    (root / "tiny.txt").write_text("x" * (MIN_SIZE - 1), encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG" + bytes(range(256)) * 4)
    return root


def test_twins_decompress_to_the_original(tmp_path: Path) -> None:
    site = _tree(tmp_path / "site")
    results = precompress(site)
    assert sorted(result.path.relative_to(site).as_posix() for result in results) == [
        "a/data.json", "a/style.css", "index.html"]
    for result in results:
        original = result.path.read_bytes()
        assert gzip.decompress(Path(f"{result.path}.gz").read_bytes()) == original
        assert brotli.decompress(Path(f"{result.path}.br").read_bytes()) == original
    assert not (site / "tiny.txt.gz").exists(), "files under the threshold are not compressed"
    assert not (site / "image.png.gz").exists(), "binary files are not compressed"


def test_twins_are_deterministic_and_cached(tmp_path: Path) -> None:
    first = _tree(tmp_path / "first")
    second = tmp_path / "second"
    shutil.copytree(first, second)
    cache = tmp_path / "cache"
    precompress(first)
    precompress(second, cache)
    for twin in sorted(first.rglob("*.gz")) + sorted(first.rglob("*.br")):
        assert twin.read_bytes() == (second / twin.relative_to(first)).read_bytes(), twin.name
        header = twin.read_bytes()[:10] if twin.suffix == ".gz" else b""
        assert not header or (header[3] & 0x08 == 0 and header[4:8] == b"\0\0\0\0"), "no name, mtime 0"
    # A rebuild with the cache reads the twins back instead of compressing again.
    (second / "index.html.br").unlink()
    entries = sorted(path.name for path in cache.iterdir())
    assert len(entries) == 6
    (second / "a" / "style.css").write_text("body{color:#000}\n" * 30, encoding="utf-8")
    precompress(second, cache)
    assert brotli.decompress((second / "index.html.br").read_bytes()) == (second / "index.html").read_bytes()
    assert len(list(cache.iterdir())) == 6, "the old style.css twins were pruned, the new ones added"


@pytest.mark.slow
def test_built_site_has_twins(built_site: Path) -> None:
    home = built_site / "index.html"
    assert gzip.decompress((built_site / "index.html.gz").read_bytes()) == home.read_bytes()
    assert brotli.decompress((built_site / "index.html.br").read_bytes()) == home.read_bytes()
    missing = [
        str(path.relative_to(built_site)) for path in built_site.rglob("*")
        if path.suffix in {".html", ".css", ".js", ".json", ".svg", ".xml"} and path.stat().st_size >= MIN_SIZE
        and not (Path(f"{path}.gz").is_file() and Path(f"{path}.br").is_file())
    ]
    assert missing == []
