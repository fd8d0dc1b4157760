"""Headless Chromium driven through the DevTools protocol over a pipe: no driver, no extra package.

Chromium started with `--remote-debugging-pipe` reads JSON commands from file descriptor 3 and
writes replies and events to descriptor 4, each message ending with a NUL byte. That is all the
browser tests need: open a page in a fresh profile, record every request it makes, run a little
JavaScript.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--no-default-browser-check",
    "--disable-extensions", "--disable-sync", "--mute-audio", "--remote-debugging-pipe",
    "--allow-file-access-from-files",  # what a reader's browser allows for a saved site
)


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


class Page:
    """One tab. `requests` lists every URL it asked for, in order (Network.requestWillBeSent)."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser, self.session = browser, session
        self.requests: list[str] = []
        self.failures: list[str] = []  # "url: reason" for every request that did not complete
        self.errors: list[str] = []  # what the console shows as errors: failed loads, exceptions, console.error
        self._urls: dict[str, str] = {}
        self.loaded = threading.Event()

    def send(self, method: str, **params: Any) -> dict:
        return self.browser.send(method, params, self.session)

    def goto(self, url: str, timeout: float = 20) -> None:
        self.loaded.clear()
        self.send("Page.navigate", url=url)
        if not self.loaded.wait(timeout):
            raise TimeoutError(f"{url} did not finish loading")

    def evaluate(self, expression: str) -> Any:
        reply = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in reply:
            raise RuntimeError(f"{expression!r} failed: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def search(self, text: str, timeout: float = 30) -> int:
        """Type `text` into Material's search box as a reader would; the number of results shown."""
        box = "document.querySelector('[data-md-component=search-query]')"
        self.evaluate(f"{box}.focus()")
        self.send("Input.insertText", text=text)
        self.evaluate(f"{box}.dispatchEvent(new KeyboardEvent('keyup', {{key: 'k'}}))")
        return self.wait_for("document.querySelectorAll('.md-search-result__item').length", timeout) or 0

    def wait_for(self, expression: str, timeout: float = 10) -> Any:
        """Poll `expression` until it is truthy; a page that is navigating meanwhile counts as not yet."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.evaluate(expression)
            except RuntimeError as error:  # e.g. a meta refresh replaced the page under us
                navigating = "navigated" in str(error) or "context" in str(error)
                if not navigating or time.monotonic() > deadline:
                    raise
                value = None
            if value or time.monotonic() > deadline:
                return value
            time.sleep(0.1)

    def requested(self, fragment: str) -> list[str]:
        return [url for url in self.requests if fragment in url]


class Browser:
    def __init__(self, executable: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="hb-chromium-")
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()
        # Chromium expects the pipe on descriptors 3 and 4; move ours above them first so the
        # two dup2 calls in the child cannot overwrite each other.
        high_read = fcntl.fcntl(commands_read, fcntl.F_DUPFD_CLOEXEC, 10)
        high_write = fcntl.fcntl(replies_write, fcntl.F_DUPFD_CLOEXEC, 10)

        def to_3_and_4() -> None:
            os.dup2(high_read, 3)
            os.dup2(high_write, 4)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False, preexec_fn=to_3_and_4,
        )
        for fd in (commands_read, replies_write, high_read, high_write):
            os.close(fd)
        self._next_id = 0
        self._lock = threading.Lock()
        self._waiting: dict[int, tuple[threading.Event, list]] = {}
        self._pages: dict[str, Page] = {}
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._replies, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                for event, box in list(self._waiting.values()):
                    box.append({"error": {"message": "browser closed"}})
                    event.set()
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                self._dispatch(json.loads(raw))

    def _dispatch(self, message: dict) -> None:
        if "id" in message:
            event, box = self._waiting.pop(message["id"], (None, None))
            if event is not None:
                box.append(message)
                event.set()
            return
        page = self._pages.get(message.get("sessionId", ""))
        if page is None:
            return
        if message["method"] == "Network.requestWillBeSent":
            page.requests.append(message["params"]["request"]["url"])
            page._urls[message["params"]["requestId"]] = message["params"]["request"]["url"]
        elif message["method"] == "Network.loadingFailed":
            params = message["params"]
            page.failures.append(f"{page._urls.get(params['requestId'], '?')}: {params.get('errorText', '')}")
        elif message["method"] == "Log.entryAdded" and message["params"]["entry"]["level"] == "error":
            entry = message["params"]["entry"]
            page.errors.append(f"{entry.get('url', '')}: {entry['text']}")
        elif message["method"] == "Runtime.exceptionThrown":
            page.errors.append(message["params"]["exceptionDetails"].get("text", "exception"))
        elif message["method"] == "Runtime.consoleAPICalled" and message["params"]["type"] == "error":
            page.errors.append(" ".join(str(arg.get("value", arg.get("description", ""))) for arg in message["params"]["args"]))
        elif message["method"] == "Page.loadEventFired":
            page.loaded.set()

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30) -> dict:
        with self._lock:
            self._next_id += 1
            number = self._next_id
            event, box = threading.Event(), []
            self._waiting[number] = (event, box)
            message = {"id": number, "method": method, "params": params or {}}
            if session:
                message["sessionId"] = session
            os.write(self._commands, json.dumps(message).encode() + b"\0")
        if not event.wait(timeout):
            raise TimeoutError(f"no reply to {method}")
        reply = box[0]
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def new_page(self) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        self._pages[session] = page
        page.send("Network.enable")
        page.send("Network.setCacheDisabled", cacheDisabled=True)
        page.send("Page.enable")
        page.send("Runtime.enable")
        page.send("Log.enable")
        return page

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.send("Browser.close", timeout=5)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._commands, self._replies):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self.profile, ignore_errors=True)


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        raise RuntimeError("chromium is not installed")
    browser = Browser(executable)
    try:
        yield browser
    finally:
        browser.close()


@contextlib.contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """A local static server for `root` on a free port; yields its base URL."""
    import functools
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
