"""Every word a person reads can be translated: templates put visible text in
{% translate %} / {% blocktranslate %}, and makemessages finds the strings."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

BASE_DIR = Path(__file__).resolve().parents[2]
TEMPLATES = BASE_DIR / "templates"
SOURCE_DIRS = ["accounts", "articles", "masthead", "media", "newsroom", "publishing", "readership"]

# Words that stay as they are in every language: names of formats and services.
ALLOWED_WORDS = {"RSS", "Atom", "Twitter", "X"}

_COMMENTS = [
    re.compile(r"{%\s*comment\b.*?%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"<!--.*?-->", re.S),
    # Not text: data for scripts, styles, and the admin's body classes.
    re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.S),
    re.compile(r"{%\s*block bodyclass\s*%}.*?{%\s*endblock\s*%}", re.S),
]
_TRANSLATED = [
    re.compile(r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.S),
    re.compile(r"{%\s*trans(?:late)?\s.*?%}", re.S),
]
_TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}", re.S)
# Literal text handed to an include or element as a visible argument, or a default shown
# in place of a missing value: it must come as _("...").
_VISIBLE_ARGUMENT = re.compile(
    r"""\b(?:label|title|heading|text|alt|placeholder|caption|message|eyebrow|hint|legend)"""
    r"""=(["'])(?P<text>.*?)\1"""
)
# (A default with a capitalised word; "en" or "submit" are codes, not text.)
_DEFAULT_TEXT = re.compile(r"""\|default(?:_if_none)?:(["'])(?P<text>[^"']*[A-Z][a-z][^"']*)\1""")
# Attributes whose values are read or heard: tooltips, alternatives, screen-reader labels.
_VISIBLE_ATTRIBUTE = re.compile(
    r"""\s(?:alt|title|placeholder|aria-label|aria-roledescription|label)=(["'])(?P<text>.*?)\1""",
    re.S,
)
_BUTTON_VALUE = re.compile(
    r"""<input\b[^>]*\btype=["']?(?:submit|button|reset)\b[^>]*\bvalue=(["'])(?P<text>.*?)\1""",
    re.S,
)
_HTML_TAG = re.compile(r"<[^>]*>", re.S)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);")
_WORD = re.compile(r"[^\W\d_]+")


def untranslated_words(source, *, html=True):
    """The words of ``source`` (a template) that a reader would see untranslated."""
    for pattern in _COMMENTS:
        source = pattern.sub(" ", source)
    for pattern in _TRANSLATED:
        source = pattern.sub(" ", source)
    found = []
    for tag in _TEMPLATE_CODE.findall(source):
        for match in [*_VISIBLE_ARGUMENT.finditer(tag), *_DEFAULT_TEXT.finditer(tag)]:
            found += _WORD.findall(match.group("text"))
    source = _TEMPLATE_CODE.sub(" ", source)
    if html:
        for pattern in (_VISIBLE_ATTRIBUTE, _BUTTON_VALUE):
            for match in pattern.finditer(source):
                found += _WORD.findall(_ENTITY.sub(" ", match.group("text")))
        source = _HTML_TAG.sub(" ", source)
    found += _WORD.findall(_ENTITY.sub(" ", source))
    return [word for word in found if word not in ALLOWED_WORDS]


def template_paths():
    return sorted(path for path in TEMPLATES.rglob("*") if path.is_file())


@pytest.mark.parametrize(
    "path", template_paths(), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_template_text_is_marked_for_translation(path):
    words = untranslated_words(path.read_text(), html=path.suffix in {".html", ".xml"})
    assert not words, f"Untranslated text in {path.relative_to(BASE_DIR)}: {' '.join(words)}"


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("<h1>Latest News</h1>", ["Latest", "News"]),
        ('<h1>{% translate "Latest News" %}</h1>', []),
        ("{% blocktranslate %}By {{ name }}{% endblocktranslate %}", []),
        ('<img src="x.png" alt="A harbour">', ["A", "harbour"]),
        ("<a aria-label=\"{% translate 'Sections' %}\">{{ name }}</a>", []),
        ('{% include "card.html" with label="Read more" %}', ["Read", "more"]),
        ('{% include "card.html" with label=_("Read more") %}', []),
        ('{{ caption|default:"No caption" }}', ["No", "caption"]),
        ("{# A note for developers #}<!-- and one more -->&copy; &middot;", []),
        ('<script type="application/json">{"ids": "data"}</script>', []),
        ("<button type=\"{{ type|default:'submit' }}\">", []),
        ('<a href="/feed/">RSS</a>', []),
    ],
)
def test_scanner_finds_words_outside_translation_tags(source, words):
    assert untranslated_words(source) == words


@pytest.fixture(scope="module")
def german_catalogue(tmp_path_factory):
    """Run makemessages for German over a copy of the code and templates; the .po file."""
    if shutil.which("xgettext") is None:
        pytest.fail("makemessages needs GNU gettext: run `make gettext`.")
    work = tmp_path_factory.mktemp("makemessages")
    source = work / "source"
    ignore = shutil.ignore_patterns("__pycache__", "migrations", "management")
    for name in [*SOURCE_DIRS, "templates"]:
        shutil.copytree(BASE_DIR / name, source / name, ignore=ignore)
    with override_settings(LOCALE_PATHS=[work / "locale"]), pytest.MonkeyPatch.context() as patch:
        patch.chdir(source)
        call_command(
            "makemessages", locale=["de"], extensions=["html", "txt", "xml", "py"], verbosity=0
        )
    return work / "locale" / "de" / "LC_MESSAGES" / "django.po"


# Templates: page text, a plural, an email, the admin override. Python: a choice, a help
# text, a workflow sentence, a form error, a feed title.
KNOWN_MESSAGES = [
    'msgid "Skip to content"',
    'msgid_plural "You are logged in on %(counter)s devices or browsers."',
    'msgid "Readers will find it at:"',
    'msgid "Review queue (%(count)s waiting)"',
    'msgid "Submitted for review"',
    'msgid "The headline, plain text."',
    'msgid "Only %(who)s can %(action)s “%(title)s”."',
    'msgid "Please give the article an address (slug)."',
    'msgid "%(site_name)s: Latest News"',
]


def test_makemessages_finds_the_strings(german_catalogue):
    catalogue = german_catalogue.read_text()
    assert [message for message in KNOWN_MESSAGES if message not in catalogue] == []


def test_extracted_catalogue_compiles(german_catalogue, tmp_path):
    # msgfmt --check refuses a catalogue whose format strings do not match their
    # translations' or are malformed.
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(german_catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
