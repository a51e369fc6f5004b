"""A small HTML checker for rendered pages: structure a validator or screen reader relies on.

Not a full HTML5 validator: it proves the things our templates can get wrong — unclosed or
stray elements, duplicate ids, one <h1>, no skipped heading levels, alt on every image, a
language, landmarks, and no inline script or style (the strict Content-Security-Policy).
"""

from html.parser import HTMLParser

VOID_ELEMENTS = {
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
# Elements whose end tag HTML lets us leave out; our templates always close them anyway.
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class PageChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.stack = []
        self.ids = set()
        self.headings = []
        self.landmarks = set()
        self.html_lang = None
        self.doctype = False

    def handle_decl(self, decl):
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        position = self.getpos()
        if tag == "html":
            self.html_lang = attributes.get("lang")
        element_id = attributes.get("id")
        if element_id:
            if element_id in self.ids:
                self.problems.append(f"duplicate id {element_id!r} at {position}")
            self.ids.add(element_id)
        if "style" in attributes:
            self.problems.append(f"inline style on <{tag}> at {position}")
        if any(name.startswith("on") for name in attributes):
            self.problems.append(f"inline event handler on <{tag}> at {position}")
        if (
            tag == "script"
            and "src" not in attributes
            and attributes.get("type") != ("application/ld+json")
        ):
            self.problems.append(f"inline script at {position}")
        if tag == "style":
            self.problems.append(f"<style> element at {position}")
        if tag == "img" and "alt" not in attributes:
            self.problems.append(f"<img> without alt at {position}")
        if tag in HEADINGS:
            self.headings.append(int(tag[1]))
        if tag in {"header", "nav", "main", "footer", "aside"}:
            self.landmarks.add(tag)
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, position))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            self.problems.append(f"end tag for void element </{tag}> at {self.getpos()}")
            return
        if not self.stack or self.stack[-1][0] != tag:
            expected = self.stack[-1][0] if self.stack else "nothing"
            self.problems.append(f"</{tag}> at {self.getpos()} but <{expected}> is open")
            return
        self.stack.pop()


def page_problems(html):
    """Everything wrong with ``html`` as a list of sentences (empty when the page is fine)."""
    checker = PageChecker()
    checker.feed(html)
    checker.close()
    problems = list(checker.problems)
    if not checker.doctype:
        problems.append("no <!DOCTYPE html>")
    if not checker.html_lang:
        problems.append("<html> has no lang")
    for tag, position in checker.stack:
        problems.append(f"<{tag}> opened at {position} is never closed")
    if checker.headings.count(1) != 1:
        problems.append(f"{checker.headings.count(1)} <h1> elements instead of one")
    previous = 0
    for level in checker.headings:
        if level > previous + 1:
            problems.append(f"heading level jumps from h{previous} to h{level}")
        previous = level
    for landmark in ("header", "nav", "main", "footer"):
        if landmark not in checker.landmarks:
            problems.append(f"no <{landmark}> landmark")
    return problems
