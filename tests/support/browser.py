"""Driving Debian's Chromium: where it is, the login form, the checks every
page makes on a phone, and where screenshots go."""

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
# The password user_factory gives every account.
PASSWORD = "Rahasia#Kuat2026"

# A browser test module's marks: selectable with -m browser, skipped without Chromium.
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make browser)"),
]

# What sticks out sideways, for the message of a failed check (a scrolling
# table's own cells do not count).
WIDEST = """[...document.querySelectorAll('body *')].filter(e => !e.closest('.table-responsive, .overflow-auto'))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def save_pdf_and_image(content: bytes, name: str) -> None:
    """Keep a PDF a page gave under screenshots/, and its first page as a PNG to look at."""
    assert content.startswith(b"%PDF")
    (SHOTS / f"{name}.pdf").write_bytes(content)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", SHOTS / f"{name}.pdf", SHOTS / name], check=True)


def log_in(page: Page, base: str, username: str, password: str) -> None:
    """Log in through the login page as a person would (username or NIP)."""
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("NIP atau nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def no_horizontal_overflow(page: Page) -> bool:
    """Nothing makes the page scroll sideways (a phone's screen), measured once
    the page has loaded: before its stylesheet has arrived (a busy machine), an
    unstyled table is wider than any phone."""
    page.wait_for_load_state()
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def csp_violations_watched(browser: Browser) -> list[str]:
    """What Chromium says each page refused under the Content-Security-Policy
    (an inline script or handler, a script from elsewhere), for every page the
    test opens with `browser.new_page`."""
    violations: list[str] = []
    open_page = browser.new_page

    def new_page(**options: Any) -> Page:
        page = open_page(**options)

        def note(message: ConsoleMessage) -> None:
            if "Content Security Policy" in message.text:
                violations.append(f"{page.url}: {message.text}")

        page.on("console", note)
        return page

    browser.new_page = new_page  # type: ignore[method-assign]
    return violations
