"""The sitesettings model moved here from the articles app: its table (articles_sitesettings)
and rows stay as they are; only Django's record of which app owns it changes."""

from django.db import migrations, models

APP = "masthead"
MODEL = "sitesettings"


def move_content_type(apps, schema_editor):
    """Keep the model's permissions (and the groups holding them) across the move."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=APP, model=MODEL).exists():
        ContentType.objects.filter(app_label="articles", model=MODEL).update(app_label=APP)


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=APP, model=MODEL).update(app_label="articles")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0004_article_rank_vector"),
        ("accounts", "0002_writer_and_moderator_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SiteSettings",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("site_name", models.CharField(default="Newsroom", max_length=100)),
                        (
                            "tagline",
                            models.CharField(
                                blank=True, default="Independent news and opinion", max_length=200
                            ),
                        ),
                        (
                            "op_ed_disclaimer",
                            models.TextField(
                                default="This opinion article was written by an independent writer. The opinions and views expressed herein are those of the author and are not necessarily intended to reflect those of {site_name}.",
                                help_text="Shown under every op-ed. {site_name} is replaced by the site name.",
                                verbose_name="op-ed disclaimer",
                            ),
                        ),
                        (
                            "analysis_disclaimer",
                            models.TextField(
                                blank=True,
                                default="",
                                help_text="Shown under analysis pieces when set. {site_name} is replaced.",
                            ),
                        ),
                        (
                            "press_release_disclaimer",
                            models.TextField(
                                blank=True,
                                default="This is a press release. {site_name} publishes it as received and has not verified its claims.",
                                help_text="Shown under press releases when set. {site_name} is replaced.",
                            ),
                        ),
                        (
                            "twitter_handle",
                            models.CharField(
                                blank=True,
                                help_text="The site's account without the @ (Twitter card).",
                                max_length=15,
                            ),
                        ),
                        (
                            "top_news_window_hours",
                            models.PositiveSmallIntegerField(
                                default=48, help_text="Top News counts reads over this many hours."
                            ),
                        ),
                        (
                            "language",
                            models.CharField(
                                default="en",
                                help_text="Language code of the publication (news sitemap).",
                                max_length=10,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "site settings",
                        "verbose_name_plural": "site settings",
                        "db_table": "articles_sitesettings",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("pk", 1)), name="site_settings_single_row"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
