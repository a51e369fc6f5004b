"""The article body sanitiser against XSS payloads, and what it keeps for writers."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.template import Context, Template

from articles.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_body

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/xss.js></SCRIPT>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src="x" onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<img src="/media/a.jpg" onload="alert(1)">',
    '<img src="javascript:alert(1)">',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<img src="//evil.example/media/a.jpg">',
    '<img src="https://evil.example/track.gif" alt="pixel">',
    '<img src="/media/../admin/logout/">',
    '<img dynsrc="javascript:alert(1)">',
    '<img lowsrc="javascript:alert(1)">',
    '<img src=/media/a.jpg style="width:expression(alert(1))">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">leading space</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<a href="/ok" onclick="alert(1)">click</a>',
    '<a href="/ok" onmouseover="alert(1)">hover</a>',
    '<a href="/ok" style="position:fixed;top:0">overlay</a>',
    '<a href="/ok" target="_blank">new window</a>',
    '<p onmouseover="alert(1)">text</p>',
    '<p style="background:url(javascript:alert(1))">text</p>',
    '<div style="behavior:url(xss.htc)">text</div>',
    '<body onload="alert(1)">',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="javascript:alert(1)"><input type="submit"></form>',
    '<input autofocus onfocus="alert(1)">',
    '<button formaction="javascript:alert(1)">go</button>',
    '<select onfocus="alert(1)" autofocus></select>',
    '<textarea onfocus="alert(1)" autofocus></textarea>',
    '<video><source onerror="alert(1)"></video>',
    '<audio src=x onerror="alert(1)"></audio>',
    '<details open ontoggle="alert(1)">',
    '<marquee onstart="alert(1)">x</marquee>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<div data-x="1" onclick="alert(1)">x</div>',
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<<SCRIPT>alert(1);//<</SCRIPT>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    '<a href="https://evil.example" rel="opener">opener</a>',
    '<blockquote cite="javascript:alert(1)">quote</blockquote>',
    '<h2 id="x" onclick="alert(1)">heading</h2>',
    '<figure onclick="alert(1)"><img src="/media/a.jpg" alt="a"><figcaption>c</figcaption>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<isindex type=image src=1 onerror=alert(1)>",
    '<a href="#" xlink:href="javascript:alert(1)">x</a>',
    '<ol start="1" onclick="alert(1)" type="javascript:alert(1)"><li>x</li></ol>',
]

DANGEROUS_SCHEMES = ("javascript", "vbscript", "data", "file")


class Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def assert_only_allowed_markup(html):
    collector = Collector()
    collector.feed(html)
    for tag, attributes in collector.tags:
        assert tag in ALLOWED_TAGS, f"{tag} kept in {html!r}"
        for name, value in attributes.items():
            allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
            assert name in allowed, f"{tag}[{name}] kept in {html!r}"
            if name in ("href", "src"):
                scheme = urlsplit(value.strip().lower()).scheme
                assert scheme not in DANGEROUS_SCHEMES, f"{value!r} kept in {html!r}"
            if tag == "img" and name == "src":
                assert value.startswith("/media/") and ".." not in value


def test_there_are_at_least_fifty_payloads():
    assert len(PAYLOADS) >= 50


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payload_is_neutralised(payload):
    cleaned = sanitize_body(payload)

    assert_only_allowed_markup(cleaned)
    assert "<script" not in cleaned.lower()
    assert "javascript:" not in cleaned.lower()


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_cleaning_twice_changes_nothing(payload):
    once = sanitize_body(payload)

    assert sanitize_body(once) == once


def test_writers_markup_survives():
    body = (
        "<h2>What happens next</h2><p>The <strong>council</strong> voted <em>twice</em>.</p>"
        "<ul><li>One</li></ul><ol><li>Two</li></ol><blockquote><p>A quote.</p></blockquote>"
        '<figure><img src="/media/renditions/1/crane-960.jpg" alt="A crane">'
        "<figcaption>The crane.</figcaption></figure>"
    )

    assert sanitize_body(body) == body


def test_external_links_get_nofollow_noopener():
    cleaned = sanitize_body('<p><a href="https://example.org/report">the report</a></p>')

    assert cleaned == (
        '<p><a href="https://example.org/report" rel="nofollow noopener">the report</a></p>'
    )


def test_internal_links_stay_plain():
    cleaned = sanitize_body('<p><a href="/politics/budget/">budget</a></p>')

    assert cleaned == '<p><a href="/politics/budget/">budget</a></p>'


def test_links_to_our_own_host_are_internal(settings):
    settings.ALLOWED_HOSTS = ["news.example"]

    cleaned = sanitize_body('<a href="https://news.example/world/a/">a</a>')

    assert "nofollow" not in cleaned


def test_images_from_elsewhere_are_removed():
    cleaned = sanitize_body('<p>Before<img src="https://tracker.example/p.gif" alt="">after</p>')

    assert cleaned == "<p>Beforeafter</p>"


def test_headings_above_h2_become_text():
    assert sanitize_body("<h1>Big</h1>") == "Big"


def test_empty_editor_document_is_empty():
    assert sanitize_body("<p></p>") == ""


def test_safe_body_filter_cleans_on_render():
    template = Template("{% load articles_html %}{{ body|safe_body }}")

    rendered = template.render(Context({"body": '<p onclick="x()">Hi</p><script>x()</script>'}))

    assert rendered == "<p>Hi</p>"


def test_plain_text_fields_are_escaped_not_sanitised():
    template = Template("{{ title }}")

    rendered = template.render(Context({"title": "<b>Bold</b> & plain"}))

    assert rendered == "&lt;b&gt;Bold&lt;/b&gt; &amp; plain"
