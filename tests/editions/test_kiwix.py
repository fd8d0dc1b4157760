"""The ZIM files in a real Kiwix reader: kiwix-serve (Debian's kiwix-tools) serves every language's
ZIM, lists it in its catalog, and every page, link, image and search result works inside it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urldefrag, urljoin, urlsplit

import pytest

from handbook.config import load_config
from helpers import free_port, is_external, scan_text

ATOM = {"atom": "http://www.w3.org/2005/Atom"}


HTML_START = re.compile(r"<html\b[^>]*>")


def _page(body: bytes) -> tuple[dict[str, str], list[str]]:
    """A page's root `lang` and `dir`, and every address it fetches or links to (the site's own reading)."""
    text = body.decode("utf-8")
    root = HTML_START.search(text)
    attributes = dict(re.findall(r'\b(lang|dir)="([^"]*)"', root.group(0))) if root else {}
    scanned = scan_text(text)
    return attributes, scanned.fetched + scanned.links


def _get(url: str) -> tuple[int, str, bytes, str]:
    """Status, content type, body and the address it came from after redirects."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read(), response.geturl()
    except urllib.error.HTTPError as error:
        return error.code, "", b"", url


@pytest.fixture(scope="module")
def kiwix(built_site: Path) -> Iterator[str]:
    """kiwix-serve with every language's ZIM, on a free loopback port; yields its base address."""
    server = shutil.which("kiwix-serve")
    if server is None:
        pytest.fail("kiwix-serve is not installed: scripts/system-deps.sh test installs kiwix-tools")
    port = free_port()
    zims = sorted((built_site / "downloads").glob("*.zim"))
    log = tempfile.TemporaryFile()
    process = subprocess.Popen([server, "--address=127.0.0.1", f"--port={port}", *map(str, zims)],
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"kiwix-serve exited with {process.returncode}: {log.read().decode(errors='replace')}")
            try:
                if _get(f"{base}/catalog/v2/entries")[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            assert time.monotonic() < deadline, "kiwix-serve did not answer within 30 s"
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _books(base: str) -> dict[str, tuple[str, str]]:
    """The catalog's books: ISO 639-3 language -> (title, address of the book's main page)."""
    feed = ElementTree.fromstring(_get(f"{base}/catalog/v2/entries")[2])
    books = {}
    for entry in feed.findall("atom:entry", ATOM):
        link = next(link.get("href") for link in entry.findall("atom:link", ATOM) if link.get("type") == "text/html")
        books[entry.findtext("atom:language", namespaces=ATOM)] = (entry.findtext("atom:title", namespaces=ATOM), link)
    return books


@pytest.mark.slow
def test_every_language_is_in_the_kiwix_catalog(kiwix: str, built_project: Path) -> None:
    from libzim.reader import Archive

    config = load_config(built_project / "mkdocs.yml")
    books = _books(kiwix)
    assert set(books) == {language.iso639_3 for language in config.languages}
    for language in config.languages:
        archive = Archive(built_project / "site" / "downloads" / f"handbook-{language.code}.zim")
        assert books[language.iso639_3][0] == archive.get_metadata("Title").decode()


@pytest.mark.slow
def test_every_page_and_link_works_in_kiwix(kiwix: str, built_project: Path) -> None:
    """From each book's main page, every page it links to, and every image, style sheet and page
    those link to in turn, is served, and so every page of the ZIM is reached; each page speaks
    its language, and the main page names its edition."""
    from libzim.reader import Archive

    config = load_config(built_project / "mkdocs.yml")
    manifest = json.loads((built_project / "site" / "downloads" / "editions.json").read_text(encoding="utf-8"))
    books = _books(kiwix)
    for language in config.languages:
        book_root = urljoin(kiwix, books[language.iso639_3][1]).rstrip("/") + "/"
        status, _, body, start = _get(book_root)
        assert status == 200, f"{language.code}: {book_root} gave {status}"
        assert manifest["languages"][language.code]["edition"] in body.decode("utf-8"), f"{language.code}: no edition code"
        seen, queue, broken, pages = {book_root, start}, [start], [], set()
        while queue:
            url = queue.pop()
            status, kind, body, url = _get(url)
            if status != 200:
                broken.append(f"{url} ({status})")
                continue
            if kind != "text/html":
                continue
            if url in pages:
                continue
            pages.add(url)
            root, addresses = _page(body)
            assert root.get("lang") == language.code and root.get("dir") == language.direction, url
            for address in addresses:
                if is_external(address) or address.startswith(("mailto:", "tel:", "data:")):
                    continue
                target = urldefrag(urljoin(url, address)).url
                if target.startswith(book_root) and target not in seen:
                    seen.add(target)
                    queue.append(target)
        assert not broken, f"{language.code}: {broken}"
        archive = Archive(built_project / "site" / "downloads" / f"handbook-{language.code}.zim")
        kinds = dict(pair.split("=") for pair in archive.get_metadata("Counter").decode().split(";"))
        assert len(pages) == int(kinds["text/html"]), f"{language.code}: {len(pages)} pages reached"


@pytest.mark.slow
def test_kiwix_full_text_search_finds_pages(kiwix: str) -> None:
    book = urlsplit(_books(kiwix)["eng"][1]).path.strip("/")
    status, _, body, _ = _get(f"{kiwix}/search?content={quote(book)}&pattern=oxygen")
    assert status == 200
    results = [address for address in _page(body)[1] if address.startswith(f"/{book}/")]
    assert results, "no search result"
    for address in results:
        assert _get(urljoin(kiwix, address))[0] == 200, address
