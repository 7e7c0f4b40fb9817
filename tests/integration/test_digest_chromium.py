"""The HTML digest as a browser draws it: headless Chromium takes a screenshot and reads the page.

Chromium is what scripts/install --test installs (Debian's ``chromium``). Without it the test is
skipped on a workstation, but it fails under CI=true: the look of the digest must be checked there.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from responder.cli import demo
from responder.returnday import digest

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
WIDTH, HEIGHT = 900, 2600


@pytest.fixture(scope="module")
def browser() -> str:
    if BROWSER is None:
        if os.environ.get("CI") == "true" or os.environ.get("RESPONDER_TESTS_COMPLETE") == "1":
            pytest.fail("chromium is not installed (scripts/install --test installs it)")
        pytest.skip("chromium is not installed; scripts/test installs it")  # a bare pytest on a dev machine
    return BROWSER


def chromium(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium; --no-sandbox because CI runs as root, where the sandbox refuses to start."""
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
               f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_html_digest_of_the_sample_mailbox_renders_in_chromium(tmp_path: Path, browser: str) -> None:
    result = demo.run(tmp_path / "demo")
    page = result.digest_html.as_uri()
    shot = tmp_path / "digest.png"
    taken = chromium(browser, tmp_path / "profile", f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}", page)
    assert shot.is_file(), taken.stderr[-2000:]
    assert png_size(shot) == (WIDTH, HEIGHT)
    assert shot.stat().st_size > 20_000  # a blank page compresses to a few kilobytes

    dom = chromium(browser, tmp_path / "profile", "--dump-dom", page)
    assert dom.returncode == 0, dom.stderr[-2000:]
    text = " ".join(LexborHTMLParser(dom.stdout).body.text(separator=" ").split())  # type: ignore[union-attr]
    labels = digest.labels("fr")  # the sample employee writes in French
    assert labels["title"] in text and labels["call_first"] in text
    order = [text.index(name) for name in ("Élodie Marchand", "Priya Natarajan")]
    assert order == sorted(order)  # the client about to leave comes first
    assert "Je n'ai aucune information sur ce dossier" in text and "Sorry, I wasn't briefed on the pilot." in text
    assert "Fromagerie Valmont SARL" in text and "+33 4 72 55 18 90" in text  # the phone in international form
    assert "Calendrier et mise en ligne" in text
