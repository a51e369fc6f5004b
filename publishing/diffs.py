"""What changed between two versions of an article: word by word for the body, headline
and summary, field by field for the rest (kind, section, picture, tags).

The output is HTML built here from escaped text: the stored body is read as text (its
words, the blocks they stand in, the pictures' alt text and the links' addresses) and never
copied into the page as HTML, so nothing a writer typed can become markup. Insertions are
``<ins>`` and deletions ``<del>``, which screen readers announce and the admin's CSS marks.
"""

import difflib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils.html import escape, format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Elements that start a new block of text in the body (the editor's allow-list).
BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "li", "blockquote", "figure", "figcaption", "br"})
# How each block is shown in the comparison; headings keep their weight.
SHOWN_AS = {"h2": "h3", "h3": "h4", "h4": "h5"}
# A block break in the list of words: never a word itself (words have no NUL).
BREAK = "\x00"


@dataclass(frozen=True)
class FieldChange:
    """One field of the comparison: its label, both values as HTML and whether it changed."""

    label: str
    before: str
    after: str
    changed: bool


class _BodyText(HTMLParser):
    """Collects the words of a body, a break before each block, the alt text of each
    picture and the address of each link (a changed source is a change).

    Text split only by inline elements stays one word ("<b>port</b>s" is "ports"), and a
    link's address follows the link's last word and the punctuation glued to it.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens = []
        self._link = None  # the address of the link being read
        self._marker = None  # a link's address, shown after the word that ends it
        self._open_word = False  # the last word may continue (no space after it yet)

    def _flush_marker(self):
        if self._marker:
            self.tokens.append((self._marker, None))
        self._marker = None
        self._open_word = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in BLOCK_TAGS:
            self._flush_marker()
            self.tokens.append((BREAK, "p" if tag == "br" else tag))
        elif tag == "img":
            self._flush_marker()
            alt = (attributes.get("alt") or "").strip()
            self.tokens.append((_("[picture: %(alt)s]") % {"alt": alt or _("no text")}, None))
        elif tag == "a":
            self._flush_marker()
            self._link = attributes.get("href")

    def handle_endtag(self, tag):
        if tag == "a" and self._link:
            self._marker = _("[link: %(url)s]") % {"url": self._link}
            self._link = None

    def handle_data(self, data):
        words = data.split()
        if words and not data[0].isspace() and self._open_word and self.tokens:
            self.tokens[-1] = (self.tokens[-1][0] + words.pop(0), None)
        if words or (data and data[0].isspace()):
            marker, self._marker = self._marker, None
            if marker:
                self.tokens.append((marker, None))
        self.tokens.extend((word, None) for word in words)
        self._open_word = bool(data) and not data[-1].isspace() and bool(self.tokens)

    def close(self):
        super().close()
        self._flush_marker()


def body_tokens(html):
    """The body as a list of ``(word, block)`` pairs: ``word`` is a word, or ``BREAK`` with
    ``block`` naming the element that starts there."""
    parser = _BodyText()
    parser.feed(html or "")
    parser.close()
    cleaned = []
    for token in parser.tokens:
        if token[0] == BREAK and cleaned and cleaned[-1][0] == BREAK:
            cleaned[-1] = token  # an empty block (or a list around items) shows nothing
            continue
        cleaned.append(token)
    if cleaned and cleaned[-1][0] == BREAK:
        cleaned.pop()
    return cleaned


def text_tokens(text):
    return [(word, None) for word in re.split(r"\s+", (text or "").strip()) if word]


def _opcodes(old, new):
    # Compare the words alone; autojunk off, or common words in a long body count as noise.
    matcher = difflib.SequenceMatcher(
        None, [token[0] for token in old], [token[0] for token in new], autojunk=False
    )
    return matcher.get_opcodes()


class _Writer:
    """Builds the comparison's HTML: blocks of escaped words, with runs of inserted and
    deleted words wrapped in ``<ins>``/``<del>``."""

    def __init__(self, blocks):
        self.blocks = blocks
        self.layout = []  # [block, [[mark, [word, ...]], ...]]

    def open_block(self, block):
        self.layout.append([block, []])

    def word(self, word, mark):
        if not self.layout:
            self.open_block("p")
        runs = self.layout[-1][1]
        if runs and runs[-1][0] == mark:
            runs[-1][1].append(word)
        else:
            runs.append([mark, [word]])

    def html(self):
        """Every word goes through ``format_html``; the only tags are this module's own."""
        shown = []
        for block, runs in self.layout:
            if not runs:
                continue
            text = format_html_join(
                " ",
                "{}",
                (
                    (
                        format_html("<{}>{}</{}>", mark, " ".join(words), mark)
                        if mark
                        else " ".join(words),
                    )
                    for mark, words in runs
                ),
            )
            if self.blocks:
                element = SHOWN_AS.get(block, "p")
                text = format_html("<{}>{}</{}>", element, text, element)
            shown.append((text,))
        return format_html_join("" if self.blocks else " ", "{}", shown)


def word_diff(old, new, *, blocks=False):
    """The words of ``new`` with what ``old`` had instead: deleted runs in ``<del>``,
    inserted runs in ``<ins>``. ``old`` and ``new`` are token lists (``body_tokens``,
    ``text_tokens``); with ``blocks`` the text is laid out in its paragraphs and headings."""
    writer = _Writer(blocks)
    for operation, old_start, old_end, new_start, new_end in _opcodes(old, new):
        if operation in ("delete", "replace"):
            for word, _block in old[old_start:old_end]:
                if word != BREAK:  # a removed paragraph break just joins the text
                    writer.word(word, "del")
        if operation in ("equal", "insert", "replace"):
            mark = None if operation == "equal" else "ins"
            for word, block in new[new_start:new_end]:
                if word == BREAK:
                    writer.open_block(block)
                else:
                    writer.word(word, mark)
    return writer.html()


def _plain(value):
    return escape(value or "—")


def _names(values):
    return ", ".join(values)


def _list_change(label, before, after):
    """Tags: the removed ones struck out, the added ones marked, kept ones plain."""
    removed = [name for name in before if name not in after]
    added = [name for name in after if name not in before]
    shown_before = [
        format_html("<del>{}</del>", name) if name in removed else escape(name) for name in before
    ]
    shown_after = [
        format_html("<ins>{}</ins>", name) if name in added else escape(name) for name in after
    ]
    return FieldChange(
        label,
        format_html_join(", ", "{}", ((name,) for name in shown_before)) or _plain(""),
        format_html_join(", ", "{}", ((name,) for name in shown_after)) or _plain(""),
        bool(removed or added),
    )


def _value_change(label, before, after, changed):
    before_html = format_html("<del>{}</del>", before) if changed and before else _plain(before)
    after_html = format_html("<ins>{}</ins>", after) if changed and after else _plain(after)
    return FieldChange(label, before_html, after_html, changed)


def _text_change(label, before, after):
    old, new = text_tokens(before), text_tokens(after)
    changed = [t[0] for t in old] != [t[0] for t in new]
    return FieldChange(
        label, _plain(before), word_diff(old, new) if new or old else _plain(""), changed
    )


def _picture(image):
    if image is None:
        return ""
    return image.alt_text or _("Picture %(number)d") % {"number": image.pk}


LABELS = {
    "title": gettext_lazy("Headline"),
    "dek": gettext_lazy("Summary"),
    "kind": gettext_lazy("Kind"),
    "section": gettext_lazy("Section"),
    "lead_image": gettext_lazy("Picture"),
    "tags": gettext_lazy("Tags"),
}


@dataclass(frozen=True)
class Comparison:
    fields: list
    body: str
    body_changed: bool

    @property
    def changed(self):
        return self.body_changed or any(field.changed for field in self.fields)


def compare(before, after):
    """Compare two ``revisions.version_content`` results: every field with its change and
    the body with its words marked."""
    old_section, new_section = before["section"], after["section"]
    old_image, new_image = before["lead_image"], after["lead_image"]
    fields = [
        _text_change(str(LABELS["title"]), before["title"], after["title"]),
        _text_change(str(LABELS["dek"]), before["dek"], after["dek"]),
        _value_change(
            str(LABELS["kind"]), before["kind"], after["kind"], before["kind"] != after["kind"]
        ),
        _value_change(
            str(LABELS["section"]),
            str(old_section or ""),
            str(new_section or ""),
            getattr(old_section, "pk", None) != getattr(new_section, "pk", None),
        ),
        _value_change(
            str(LABELS["lead_image"]),
            _picture(old_image),
            _picture(new_image),
            before["fields"].get("lead_image_id") != after["fields"].get("lead_image_id"),
        ),
        _list_change(str(LABELS["tags"]), before["tag_names"], after["tag_names"]),
    ]
    old_body, new_body = body_tokens(before["body"]), body_tokens(after["body"])
    return Comparison(
        fields=fields,
        body=word_diff(old_body, new_body, blocks=True),
        body_changed=old_body != new_body,
    )
