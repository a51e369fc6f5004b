"""Memos of text that depends on the active language: ``@language_memo``.

A function decorated with it is remembered per arguments (pass the language among them)
and forgotten when Django's translation or format settings change, as Django empties its
own caches of catalogues and formats then (tests that override those settings).
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver

LANGUAGE_SETTINGS = frozenset({"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "FORMAT_MODULE_PATH"})
_memos = []


def language_memo(maxsize):
    def decorate(function):
        memo = lru_cache(maxsize=maxsize)(function)
        _memos.append(memo)
        return memo

    return decorate


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting in LANGUAGE_SETTINGS:
        for memo in _memos:
            memo.cache_clear()
