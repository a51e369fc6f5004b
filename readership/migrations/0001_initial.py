"""The dailyreads model moved here from the articles app: its table (articles_dailyreads)
and rows stay as they are; only Django's record of which app owns it changes."""

import django.db.models.deletion
from django.db import migrations, models

APP = "readership"
MODEL = "dailyreads"


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
        ("articles", "0005_models_moved_to_their_apps"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DailyReads",
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
                        ("day", models.DateField()),
                        ("count", models.PositiveIntegerField(default=0)),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="daily_reads",
                                to="articles.article",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "daily reads",
                        "db_table": "articles_dailyreads",
                        "indexes": [
                            models.Index(
                                fields=["day", "article"], name="articles_da_day_20c153_idx"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("article", "day"), name="unique_reads_per_day"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
