"""Screenshots of pages as a person sees them, in headless Chromium (Debian's package).

Usage (the app must be running, e.g. `make run`):
    uv run --with playwright python scripts/screenshots.py OUT_DIR USER LANG PATH [PATH ...]
    e.g. ... /tmp/shots ae1 zh-hans / /clients/   (add --phone for a 390px-wide viewport)
Playwright drives /usr/bin/chromium; it never downloads a browser.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = "http://127.0.0.1:8000"
PASSWORD = "servicebook-demo"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main(out: str, username: str, language: str, *paths: str) -> None:
    """Sign in as ``username``, switch to ``language`` and screenshot each path."""
    phone = "--phone" in paths
    paths = tuple(p for p in paths if p != "--phone")
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        viewport = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
        page = browser.new_page(viewport=viewport)
        page.goto(f"{BASE}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        page.evaluate(
            """lang => fetch('/i18n/setlang/', {method: 'POST', headers: {'X-CSRFToken':
            document.cookie.match(/csrftoken=([^;]+)/)[1], 'Content-Type':
            'application/x-www-form-urlencoded'}, body: 'language=' + lang})""",
            language,
        )
        for path in paths:
            page.goto(f"{BASE}{path}")
            page.wait_for_load_state("networkidle")
            name = path.strip("/").replace("/", "_").replace("?", "_") or "home"
            suffix = "-phone" if phone else ""
            target = Path(out) / f"{username}-{language}-{name}{suffix}.png"
            page.screenshot(path=str(target), full_page=True)
            print(target)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
