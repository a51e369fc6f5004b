"""The data migration that gives op-eds a disclaimer written here."""

import importlib

import pytest
from django.apps import apps

from masthead.models import OP_ED_DISCLAIMER, SiteSettings

pytestmark = pytest.mark.django_db

migration = importlib.import_module("masthead.migrations.0002_op_ed_disclaimer_in_our_words")


def test_new_sites_start_with_the_new_disclaimer():
    assert SiteSettings().op_ed_disclaimer == OP_ED_DISCLAIMER == migration.NEW_DEFAULT


def test_migration_replaces_the_old_default_that_was_never_edited():
    SiteSettings.objects.filter(pk=1).update(op_ed_disclaimer=migration.OLD_DEFAULT)

    migration.replace_unedited_default(apps, None)

    assert SiteSettings.objects.get(pk=1).op_ed_disclaimer == OP_ED_DISCLAIMER


def test_migration_keeps_a_disclaimer_the_newsroom_wrote():
    edited = migration.OLD_DEFAULT.replace("independent writer", "guest writer")
    SiteSettings.objects.filter(pk=1).update(op_ed_disclaimer=edited)

    migration.replace_unedited_default(apps, None)

    assert SiteSettings.objects.get(pk=1).op_ed_disclaimer == edited


def test_migration_back_restores_the_old_default():
    migration.restore_old_default(apps, None)

    assert SiteSettings.objects.get(pk=1).op_ed_disclaimer == migration.OLD_DEFAULT
