"""`make lighthouse`: Lighthouse's four scores for the built site, measured the way a reader's phone sees it.

Serves `site/` on loopback with gzip (the pre-compressed `.gz` twins, as a static host would), then
runs Lighthouse (mobile, its default) in Chromium on every language's home page and one content page,
full and lite, and prints one table. Lighthouse is installed from the npm registry into
`build/lighthouse/` on first use, at the version pinned here. Exits 1 when any score is below 1.00
(performance depends on how busy the machine is: run again before believing a 0.99).

    .venv/bin/python scripts/lighthouse.py [--page protect/masks.html] [--lang ar ...]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from handbook.config import load_config
from handbook.editions.lite import LITE_DIR

LIGHTHOUSE = "lighthouse@12.8.2"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzip-encoded when the browser accepts it: the `.gz` twin, or compressed on the fly."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        twin = path.with_name(path.name + ".gz")
        data = twin.read_bytes() if twin.is_file() else gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


def install_lighthouse(folder: Path) -> Path:
    program = folder / "node_modules" / ".bin" / "lighthouse"
    if not program.is_file():
        if shutil.which("npm") is None:
            sys.exit("npm is missing: apt-get install npm")
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(folder), "--no-save", "--no-audit", "--no-fund",
                        "--loglevel=error", LIGHTHOUSE], check=True)
    return program


def measure(program: Path, url: str, report: Path, chrome: str) -> dict:
    subprocess.run([str(program), url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--chrome-flags={CHROME_FLAGS}"], check=True, env={**os.environ, "CHROME_PATH": chrome})
    return json.loads(report.read_text(encoding="utf-8"))


def failing_audits(result: dict) -> list[str]:
    """The audits that cost points, by id."""
    failing = []
    for category in result["categories"].values():
        for reference in category["auditRefs"]:
            audit = result["audits"][reference["id"]]
            if reference["weight"] and audit["score"] is not None and audit["score"] < 1:
                failing.append(reference["id"])
    return failing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("--page", help="content page to measure besides each home page (default: the first chapter)")
    parser.add_argument("--lang", action="append", help="only these languages (repeat the option)")
    args = parser.parse_args(argv)

    config = load_config(Path(args.config_file))
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chrome:
        sys.exit("chromium is missing: apt-get install chromium (or set CHROME_PATH)")
    if not (config.site_dir / "index.html").is_file():
        sys.exit(f"{config.site_dir} has no built site: run `make build` first")
    content = args.page or next(item.page for item in config.nav if item.page and item.depth > 0)
    content = content.removesuffix(".md").removesuffix(".html") + ".html"
    program = install_lighthouse(config.build_dir / "lighthouse")

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(config.site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    below = 0
    print(f"| page | {' | '.join(CATEGORIES)} | audits below full marks |")
    print(f"|---|{'---|' * len(CATEGORIES)}---|")
    try:
        with tempfile.TemporaryDirectory() as reports:
            for language in config.languages:
                if args.lang and language.code not in args.lang:
                    continue
                folder = "" if language.default else f"{language.code}/"
                for path in (f"{folder}index.html", f"{folder}{content}",
                             f"{LITE_DIR}/{language.code}/index.html", f"{LITE_DIR}/{language.code}/{content}"):
                    result = measure(program, base + path, Path(reports) / "report.json", chrome)
                    scores = [result["categories"][name]["score"] or 0 for name in CATEGORIES]
                    below += any(score < 1 for score in scores)
                    print(f"| {path} | {' | '.join(f'{score:.2f}' for score in scores)} | {' '.join(failing_audits(result))} |",
                          flush=True)
    finally:
        server.shutdown()
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
