"""A database made before the apps were split migrates forward with nothing lost.

The test walks the schema back to where every model still lived in ``articles``, writes
rows with the models of that time, migrates forward again and reads them through today's
models: pictures, reads, the workflow trail, site settings, and the groups' permissions.
"""

import importlib
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article
from masthead.models import SiteSettings
from media.models import Image
from publishing.models import TransitionLog
from readership.models import DailyReads

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_migrated_data"),
]

BEFORE_THE_SPLIT = [
    ("accounts", "0002_writer_and_moderator_groups"),
    ("articles", "0004_article_rank_vector"),
    ("masthead", None),
    ("media", None),
    ("readership", None),
    ("publishing", None),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([node for node in targets if node[1]]).apps


def group_permissions(name):
    return set(
        Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename")
    )


def test_rows_and_permissions_survive_the_move_to_the_new_apps():
    old = migrate(BEFORE_THE_SPLIT)
    try:
        write_rows_before_the_split(old)
    finally:
        # Forward again whatever happened, so no later test meets an old schema.
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    moved = Article.objects.select_related("lead_image").get(slug="the-crane-arrives")
    assert moved.lead_image == Image.objects.get(alt_text="A crane on the quay")
    assert DailyReads.objects.get(article=moved).count == 42
    assert TransitionLog.objects.get(article=moved).action == "submit"
    assert SiteSettings.objects.get(pk=1).site_name == "Harbour Herald"
    writers = group_permissions("Writers")
    assert ("media", "add_image") in writers
    assert ("articles", "add_image") not in writers
    assert ("masthead", "change_sitesettings") in group_permissions("Moderators")


def write_rows_before_the_split(old):
    """Rows and groups as a database made before the split held them (the groups again as
    their migration made them: a transactional test before this one may have emptied them)."""
    groups = importlib.import_module("accounts.migrations.0002_writer_and_moderator_groups")
    groups.create_groups(old, None)
    User = old.get_model("accounts", "User")
    writer = User.objects.create(username="old-writer", is_staff=True)
    section = old.get_model("articles", "Section").objects.create(name="Harbour", slug="harbour")
    picture = old.get_model("articles", "Image").objects.create(
        file="images/2026/11/crane.jpg",
        width=800,
        height=600,
        alt_text="A crane on the quay",
        uploaded_by=writer,
    )
    article = old.get_model("articles", "Article").objects.create(
        title="The crane arrives",
        slug="the-crane-arrives",
        section=section,
        author=writer,
        lead_image=picture,
    )
    old.get_model("articles", "DailyReads").objects.create(
        article=article, day=date(2026, 11, 30), count=42
    )
    old.get_model("articles", "TransitionLog").objects.create(
        article=article, actor=writer, action="submit", from_status="draft", to_status="submitted"
    )
    old.get_model("articles", "SiteSettings").objects.update_or_create(
        pk=1, defaults={"site_name": "Harbour Herald"}
    )
    assert ("articles", "add_image") in group_permissions("Writers")
