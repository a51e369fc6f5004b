"""``newsroom.memos.language_memo``: text remembered per language, forgotten when the
translation or format settings change."""

from django.test import override_settings
from django.utils import translation

from articles.seo import _share_labels
from newsroom.memos import language_memo

calls = []


@language_memo(maxsize=8)
def shout(word, language):
    calls.append((word, language))
    return f"{word.upper()} ({language})"


def test_a_memo_answers_again_without_calling():
    calls.clear()
    shout.cache_clear()

    assert shout("port", "en") == shout("port", "en") == "PORT (en)"
    assert shout("port", "de") == "PORT (de)"
    assert calls == [("port", "en"), ("port", "de")]


def test_a_memo_is_forgotten_when_the_language_settings_change():
    shout.cache_clear()
    shout("port", "en")
    _share_labels(translation.get_language())

    with override_settings(LANGUAGE_CODE="de"):
        assert shout.cache_info().currsize == 0
        assert _share_labels.cache_info().currsize == 0


def test_other_settings_leave_memos_alone():
    shout.cache_clear()
    shout("port", "en")

    with override_settings(PUBLIC_CACHE_SECONDS=5):
        assert shout.cache_info().currsize == 1
