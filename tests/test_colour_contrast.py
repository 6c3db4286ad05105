"""The colour pairs themselves, read from the stylesheet: axe-core skips some Arabic text when it measures
contrast, so every text colour is checked against the backgrounds it is drawn on (WCAG 2.2 AA: 4.5:1 for text,
3:1 for the focus ring)."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parent.parent / "static" / "css" / "tamkeen.css").read_text(encoding="utf-8")
COLOURS = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_of_known_pairs():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#c47f00", "#f4f6f8") == pytest.approx(3.04, abs=0.01)  # the old warning badge


TEXT_PAIRS = [
    ("ink", "paper"),
    ("ink", "wash"),
    ("muted", "paper"),
    ("muted", "wash"),
    ("brand", "paper"),
    ("brand", "wash"),
    ("brand-ink", "brand"),
    ("danger", "paper"),
    ("ok", "paper"),
    ("warn-ink", "paper"),
]


@pytest.mark.parametrize(("text", "background"), TEXT_PAIRS)
def test_text_colours_reach_aa_on_their_backgrounds(text, background):
    assert contrast(COLOURS[text], COLOURS[background]) >= 4.5


BADGES = re.findall(r"\.badge-([\w-]+)\s*\{[^}]*?(?<![-\w])color:\s*var\(--([\w-]+)\)", CSS)


def test_every_badge_is_listed():
    assert {name for name, _ in BADGES} >= {"ok", "warn", "danger"}


@pytest.mark.parametrize(("badge", "text"), BADGES)
def test_badge_text_reaches_aa_on_the_badge_background(badge, text):
    assert contrast(COLOURS[text], COLOURS["wash"]) >= 4.5, badge


@pytest.mark.parametrize(("ring", "background"), [("ink", "paper"), ("ink", "wash"), ("focus", "brand")])
def test_the_focus_ring_stands_out(ring, background):
    """Dark on the page, yellow on the green header."""
    assert contrast(COLOURS[ring], COLOURS[background]) >= 3
