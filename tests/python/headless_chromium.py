"""A minimal driver for Debian's headless Chromium over the DevTools protocol (no WebDriver, no
browser download): open a URL, wait until the page's text contains something, screenshot.

Streamlit renders in the browser over a websocket, so a one-shot `chromium --screenshot` would
capture the empty skeleton; this waits for the rendered text instead."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from websockets.sync.client import connect

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


class HeadlessChromium:
    def __init__(self, binary: str, width: int = 1400, height: int = 1800) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="dvc-chromium-"))
        self.process = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._next_id = 0
        try:
            port = self._wait_for_port()
            self._stack = ExitStack()
            self.socket = self._stack.enter_context(
                connect(self._page_socket_url(port), max_size=None, open_timeout=30)
            )
            self.call("Page.enable")
            self.call("Runtime.enable")
        except BaseException:
            self.close()
            raise

    def _wait_for_port(self, timeout: float = 30) -> int:
        active = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited with {self.process.returncode}")
            if active.exists():
                lines = active.read_text().split()
                if lines:
                    return int(lines[0])
            time.sleep(0.1)
        raise TimeoutError("chromium did not open its DevTools port")

    @staticmethod
    def _page_socket_url(port: int) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as reply:
            targets = json.load(reply)
        pages = [target for target in targets if target.get("type") == "page"]
        return pages[0]["webSocketDebuggerUrl"]

    def call(self, method: str, timeout: float = 60, **params: object) -> dict:
        self._next_id += 1
        message_id = self._next_id
        self.socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            message = json.loads(self.socket.recv(timeout=max(0.1, deadline - time.monotonic())))
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def open(self, url: str) -> None:
        self.call("Page.navigate", url=url)

    def text(self) -> str:
        result = self.call(
            "Runtime.evaluate",
            expression="document.body ? document.body.innerText : ''",
            returnByValue=True,
        )
        return result.get("result", {}).get("value") or ""

    def evaluate(self, expression: str) -> object:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def wait_for_text(
        self, needles: list[str], timeout: float = 60, idle_expression: str | None = None
    ) -> str:
        """Wait until the page's text contains every needle and has stopped changing (and, when
        given, the JavaScript idle_expression is true); returns the text."""
        deadline = time.monotonic() + timeout
        text = previous = ""
        while time.monotonic() < deadline:
            text = self.text()
            if (
                text == previous
                and all(needle in text for needle in needles)
                and (idle_expression is None or self.evaluate(idle_expression))
            ):
                return text
            previous = text
            time.sleep(0.5)
        missing = [needle for needle in needles if needle not in text]
        raise AssertionError(f"page text lacks {missing} after {timeout:.0f} s:\n{text[:3000]}")

    def screenshot(self, path: Path) -> Path:
        result = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(result["data"]))
        return path

    def close(self) -> None:
        stack = getattr(self, "_stack", None)
        if stack is not None:
            stack.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> HeadlessChromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
