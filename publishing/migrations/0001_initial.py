"""The transitionlog model moved here from the articles app: its table (articles_transitionlog)
and rows stay as they are; only Django's record of which app owns it changes."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

APP = "publishing"
MODEL = "transitionlog"


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
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TransitionLog",
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
                        ("action", models.CharField(max_length=20)),
                        (
                            "from_status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("submitted", "Submitted for review"),
                                    ("published", "Published"),
                                    ("rejected", "Rejected"),
                                    ("unpublished", "Unpublished"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "to_status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("submitted", "Submitted for review"),
                                    ("published", "Published"),
                                    ("rejected", "Rejected"),
                                    ("unpublished", "Unpublished"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("note", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "actor",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="transitions",
                                to="articles.article",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "articles_transitionlog",
                        "ordering": ["-created_at"],
                        "indexes": [
                            models.Index(
                                fields=["article", "-created_at"],
                                name="articles_tr_article_785052_idx",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
