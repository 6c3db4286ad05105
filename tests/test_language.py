"""Every page of every persona reads in Arabic: no string left untranslated, no value that breaks right-to-left
text.

Each persona's home page, menu pages and every page the access matrix (tamkeen/<app>/tests/access_cases.py)
opens for them is rendered in Arabic through the test client. A page fails when
- a message looked up while rendering it has no Arabic translation (empty and fuzzy entries are left out of the
  compiled catalogue, so they count as missing too);
- visible text holds a Latin-script word outside an isolating element (<bdi>, <code>, <kbd>, <samp>, dir="ltr",
  lang="en", or Unicode isolates in plain text such as a title or a message):
  untranslated English, or a code or a value that would reorder inside Arabic text;
- a left-to-right value whose order the bidirectional algorithm breaks in Arabic text (+966…, 2026-12-10, 12-3)
  stands outside an isolating element;
- a raw reason code (snake_case) or an untranslated form default ("- Select an option -", "---------") shows.
Accepted Latin words (brand names, units) are listed with their reasons in tests/language_allowlist.txt.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.translation import trans_real

from tamkeen.core.navigation import nav_items_for
from tests.access import PERSONAS
from tests.test_access_matrix import collect_cases

ROOT = Path(__file__).resolve().parent.parent
ALLOWLIST = Path(__file__).parent / "language_allowlist.txt"

LATIN_WORD = re.compile(r"[A-Za-z]+")
ARABIC = re.compile(r"[\u0600-\u06ff]")
# European digits joined by a sign the bidirectional algorithm does not keep between Arabic-context numbers.
BROKEN_VALUE = re.compile(r"\+\d|\d\s?[-–]\s?\d")
REASON_CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
FORM_DEFAULTS = ("Select an option", "---------")
PLACEHOLDER = re.compile(r"%\([^)]*\)[sdif]|%[sdif]|\{[^}]*\}|<[^>]*>")

ISOLATING_TAGS = {"bdi", "code", "kbd", "samp", "script", "style", "template", "textarea"}
# Elements that mark their text as a machine identifier (a username, an event name), where snake_case is right.
MACHINE_TAGS = {"code", "kbd", "samp"}
# Unicode isolates (LRI, RLI, FSI … PDI): the plain-text form of <bdi>, used in titles and messages.
UNICODE_ISOLATE = re.compile("[\u2066\u2067\u2068][^\u2069]*\u2069")
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


def allowed_words() -> set[str]:
    words = set()
    for line in ALLOWLIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            words.add(line.split()[0])
    return words


# ---------------------------------------------------------------- catalogues


def catalogue_paths() -> list[Path]:
    return sorted(
        [*ROOT.glob("tamkeen/*/locale/ar/LC_MESSAGES/django.po"), ROOT / "locale/ar/LC_MESSAGES/django.po"]
    )


def po_entries(text: str) -> list[dict]:
    """msgid, msgstr(s) and flags of each entry of a .po file; enough of the format for an empty/fuzzy check."""
    entries = []
    for block in re.split(r"\n\s*\n", text):
        entry = {"flags": "", "msgid": None, "msgstr": []}
        field = None
        for line in block.splitlines():
            if line.startswith("#~"):
                continue  # obsolete
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith(("msgid ", "msgstr", "msgctxt ", "msgid_plural ")):
                keyword, _, rest = line.partition(" ")
                field = keyword
                value = _unquote(rest)
                if keyword == "msgid":
                    entry["msgid"] = value
                elif keyword.startswith("msgstr"):
                    entry["msgstr"].append(value)
            elif line.startswith('"') and field:
                value = _unquote(line)
                if field == "msgid":
                    entry["msgid"] += value
                elif field.startswith("msgstr"):
                    entry["msgstr"][-1] += value
        if entry["msgid"]:
            entries.append(entry)
    return entries


def _unquote(text: str) -> str:
    return text.strip()[1:-1].replace('\\"', '"').replace("\\n", "\n")


def catalogue_problems() -> list[str]:
    problems = []
    for path in catalogue_paths():
        for entry in po_entries(path.read_text(encoding="utf-8")):
            where = f"{path.relative_to(ROOT)}: {entry['msgid']!r}"
            if "fuzzy" in entry["flags"]:
                problems.append(f"{where} is fuzzy")
            elif not all(entry["msgstr"]):
                problems.append(f"{where} has no Arabic")
            if ARABIC.search(entry["msgid"]) and not LATIN_WORD.search(PLACEHOLDER.sub("", entry["msgid"])):
                # An English message may quote Arabic (a column heading, a name); one written in Arabic would
                # leave English pages in Arabic.
                problems.append(f"{where} is written in Arabic, not English")
    return problems


def test_the_po_parser_sees_empty_and_fuzzy_entries():
    text = '#, fuzzy\nmsgid "Old"\nmsgstr "قديم"\n\nmsgid "New"\nmsgstr ""\n\nmsgid "Done"\nmsgstr ""\n"تم"\n'
    entries = {entry["msgid"]: entry for entry in po_entries(text)}
    assert "fuzzy" in entries["Old"]["flags"]
    assert entries["New"]["msgstr"] == [""]
    assert entries["Done"]["msgstr"] == ["تم"]


def test_every_catalogue_entry_has_an_arabic_translation_and_none_is_fuzzy():
    problems = catalogue_problems()
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- visible text


class VisibleText(HTMLParser):
    """The text a reader sees, split into what stands in the flow and what an isolating element holds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, isolates, holds an identifier)
        self.flowing: list[str] = []
        self.words: list[str] = []

    def isolated(self) -> bool:
        return any(isolates for _, isolates, _ in self.stack)

    def identifier(self) -> bool:
        return any(machine for _, _, machine in self.stack)

    def in_script(self) -> bool:
        return any(tag in ("script", "style", "template") for tag, _, _ in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            return
        attributes = dict(attrs)
        ltr = (attributes.get("dir") or "").lower() == "ltr"
        # Text marked as another language (the language switch's "English") is meant to be read as such.
        foreign = not (attributes.get("lang") or "ar").lower().startswith("ar")
        self.stack.append((tag, tag in ISOLATING_TAGS or ltr or foreign, tag in MACHINE_TAGS or ltr))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        # HTML lets some end tags be left out (</p>, </li>, </option>): close up to the matching start.
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not data.strip() or self.in_script():
            return
        if not self.identifier():
            self.words.append(data)
        if not self.isolated():
            self.flowing.append(UNICODE_ISOLATE.sub(" ", data))


def text_findings(html: str, allowed: set[str]) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    findings = []
    for text in parser.flowing:
        words = [word for word in LATIN_WORD.findall(text) if word not in allowed]
        if words:
            findings.append(f"Latin {' '.join(dict.fromkeys(words))!r} in {_snippet(text)!r}")
        if BROKEN_VALUE.search(text):
            findings.append(f"unisolated value in {_snippet(text)!r}")
    for text in parser.words:
        for code in REASON_CODE.findall(text):
            findings.append(f"raw code {code!r} in {_snippet(text)!r}")
        for default in FORM_DEFAULTS:
            if default in text:
                findings.append(f"untranslated form default {default!r}")
    return findings


def _snippet(text: str) -> str:
    return " ".join(text.split())[:80]


def test_a_message_without_arabic_or_written_in_arabic_is_recorded():
    from django.utils import translation

    with translation.override("ar"), MissingMessages() as recorder:
        translation.gettext("Arabic")  # Django's own catalogue has it
        translation.gettext("A sentence no catalogue holds")
        translation.gettext("%(count)s")  # nothing to translate
        translation.gettext("مرحبا")
    assert recorder.missing == {"A sentence no catalogue holds", "(Arabic source) مرحبا"}


def test_visible_text_skips_isolated_values_and_sees_the_rest():
    html = (
        '<main><p>الهاتف <bdi>+966500000001</bdi> <span dir="ltr">REF-1</span><code>under_18</code></p>'
        "<p>Out of scope: under_18</p><p>رقم 2026-12-10</p><select><option>---------</option></select>"
        "<p>حالات \u2068Worker\u2069</p><p><bdi>dropped_out</bdi></p>"
        "<script>var x = 'Hello';</script><img alt='Photo'></main>"
    )
    findings = text_findings(html, allowed=set())
    assert any("'Out of scope under'" in finding for finding in findings)
    assert [finding for finding in findings if "raw code" in finding] == [
        "raw code 'under_18' in 'Out of scope: under_18'",
        "raw code 'dropped_out' in 'dropped_out'",
    ]
    assert any("unisolated value in 'رقم 2026-12-10'" in finding for finding in findings)
    assert any("'---------'" in finding for finding in findings)
    assert not any(word in finding for finding in findings for word in ("REF", "Hello", "Photo", "Worker"))


# ---------------------------------------------------------------- messages looked up while a page renders


class MissingMessages:
    """Records every message an Arabic translation object is asked for and does not hold, and every message whose
    source is in Arabic (English pages would show it)."""

    def __init__(self):
        self.missing: set[str] = set()

    def __enter__(self):
        cls = trans_real.DjangoTranslation
        self.original = cls.gettext, cls.ngettext
        recorder = self

        def gettext(self, message):
            if self.language().startswith("ar"):
                recorder.check(self._catalog, message)
            return recorder.original[0](self, message)

        def ngettext(self, singular, plural, number):
            if self.language().startswith("ar"):
                recorder.check(self._catalog, (singular, 0), shown=singular)
            return recorder.original[1](self, singular, plural, number)

        cls.gettext, cls.ngettext = gettext, ngettext
        return self

    def __exit__(self, *exc):
        trans_real.DjangoTranslation.gettext, trans_real.DjangoTranslation.ngettext = self.original

    def check(self, catalog, key, shown=None):
        message = shown or key
        context, _, text = message.rpartition(trans_real.CONTEXT_SEPARATOR)
        words = PLACEHOLDER.sub("", text)
        if ARABIC.search(words) and not LATIN_WORD.search(words):
            # The reverse: a source string written in Arabic, which English pages would show untranslated.
            self.missing.add(f"(Arabic source) {text}")
            return
        if key in catalog or (isinstance(key, str) and (key, 0) in catalog):
            return
        if LATIN_WORD.search(words):
            self.missing.add(f"{context}|{text}" if context else text)


def persona_pages(world, client) -> dict[str, list[tuple[str, str]]]:
    """persona -> [(url name, path)]: home, menu and every GET page the access matrix opens to them."""
    cases = [case for case in collect_cases(world) if case.method == "get"]
    pages = {}
    for persona in PERSONAS:
        user = world.users[persona]
        wanted = [("core:home", reverse("core:home"))]
        wanted += [(item.url_name, item.url) for item in nav_items_for(user)]
        for case in cases:
            if case.expected(persona) == 200:
                path = reverse(case.url_name, kwargs=case.kwargs or None)
                wanted.append((case.url_name, path + (f"?{case.query}" if case.query else "")))
        pages[persona] = list(dict.fromkeys(wanted))
    return pages


def render_every_page(world, language: str):
    """(findings by page, missing messages by page, number of pages read)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    allowed = allowed_words()
    findings: dict[str, set[str]] = {}
    missing: dict[str, set[str]] = {}
    read = 0
    for persona, pages in persona_pages(world, client).items():
        client.force_login(world.users[persona])
        for name, path in pages:
            with MissingMessages() as recorder:
                response = client.get(path)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            read += 1
            where = f"{name} ({persona} {path})"
            for message in recorder.missing:
                missing.setdefault(f"untranslated {message!r}", set()).add(where)
            if language == "ar":
                for finding in text_findings(response.content.decode(), allowed):
                    findings.setdefault(finding, set()).add(where)
    return findings, missing, read


def _report(title: str, items: dict[str, set[str]]) -> str:
    lines = [f"{len(items)} {title}"]
    for key, where in sorted(items.items()):
        lines.append(f"  {key}   <- {sorted(where)[0]}" + (f" (+{len(where) - 1})" if len(where) > 1 else ""))
    return "\n".join(lines)


@pytest.mark.django_db
def test_every_page_of_every_persona_reads_in_arabic(world):
    findings, missing, read = render_every_page(world, "ar")
    report = "\n".join(
        [f"{read} pages read", _report("findings", findings), _report("messages without Arabic", missing)]
    )
    artifact = ROOT / "test-artifacts" / "language-report.txt"
    artifact.parent.mkdir(exist_ok=True)
    artifact.write_text(report, encoding="utf-8")
    assert read > 150
    assert not findings and not missing, report
