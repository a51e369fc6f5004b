"""Accessibility in a real browser: axe-core on the public pages, the keyboard alone, and CSP."""

import json

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTEFACTS, AXE_SCRIPT, AXE_SUMMARY, PASSWORD, session_cookie

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def pages_to_check(public_site):
    return {
        "home": "/",
        "article": public_site["op_ed"].get_absolute_url(),
        "section": "/section/politics/",
        "search": "/search/?q=harbour",
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
    }


def run_axe(page):
    page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5),
            }));
        }"""
    )


def test_public_pages_have_no_axe_violations(new_context, public_site, shots):
    # axe is injected as a script, which the strict CSP would block: off for this context only.
    page = new_context(bypass_csp=True).new_page()
    summary = {}
    for name, path in pages_to_check(public_site).items():
        response = page.goto(path)
        assert response.status == 200, f"{name} ({path}) answered {response.status}"
        violations = run_axe(page)
        counts = dict.fromkeys(("minor", "moderate", "serious", "critical"), 0)
        for violation in violations:
            counts[violation["impact"]] += 1
        summary[name] = {"path": path, "counts": counts, "violations": violations}
        shots.take(page, name)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / "axe-summary.json").write_text(json.dumps(summary, indent=2))
    AXE_SUMMARY.update(summary)
    # Every impact counts, minor and moderate included.
    assert {name: result["violations"] for name, result in summary.items()} == {
        name: [] for name in summary
    }


def test_public_pages_send_a_strict_content_security_policy(page, public_site):
    for path in pages_to_check(public_site).values():
        policy = page.goto(path).headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy, path
        assert "style-src 'self'" in policy, path
        assert "unsafe-inline" not in policy, path


def test_strict_policy_blocks_an_injected_script(page, public_site, problems):
    page.goto("/")
    with pytest.raises(Exception, match=r"(?i)content security policy|refused"):
        page.add_script_tag(content="window.injected = true;")
    assert page.evaluate("() => window.injected === undefined")


def focus_by_tabbing(page, is_target, limit=60):
    """Press Tab until ``is_target`` (a JS predicate on document.activeElement) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return {is_target}; }}"):
            return
    raise AssertionError(f"Tab never reached an element where {is_target}")


def test_main_navigation_works_with_the_keyboard_alone(page, live_server, public_site, shots):
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    focus_by_tabbing(page, "el.closest('nav') !== null && el.textContent.trim() === 'Politics'")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; }"
    )
    assert outline, "the focused navigation link shows no focus indicator"
    shots.take(page, "nav-link-focused")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/section/politics/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Politics")


def test_login_box_works_with_the_keyboard_alone(page, public_site, shots):
    page.goto("/")
    focus_by_tabbing(page, "el.name === 'login'")
    page.keyboard.type("wanda")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") == "remember"
    page.keyboard.press("Space")
    expect(page.locator(".login-box input[name=remember]")).to_be_checked()
    page.keyboard.press("Shift+Tab")
    shots.take(page, "login-box-filled")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".login-box")).to_contain_text("Logged in as")
    shots.take(page, "signed-in")
    assert session_cookie(page.context) is not None
