"""The image model moved here from the articles app: its table (articles_image)
and rows stay as they are; only Django's record of which app owns it changes."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

APP = "media"
MODEL = "image"


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
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Image",
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
                        (
                            "file",
                            models.ImageField(
                                height_field="height",
                                help_text="JPEG, PNG or WebP, at most 20 MB and 40 megapixels.",
                                upload_to="images/%Y/%m/",
                                width_field="width",
                            ),
                        ),
                        (
                            "alt_text",
                            models.CharField(
                                help_text="What the picture shows, for readers who cannot see it. Required.",
                                max_length=250,
                            ),
                        ),
                        (
                            "caption",
                            models.CharField(
                                blank=True, help_text="Plain text under the image.", max_length=300
                            ),
                        ),
                        (
                            "credit",
                            models.CharField(
                                blank=True,
                                help_text="Photographer or agency, e.g. “Photo: A. Berg”.",
                                max_length=120,
                            ),
                        ),
                        ("width", models.PositiveIntegerField(editable=False, null=True)),
                        ("height", models.PositiveIntegerField(editable=False, null=True)),
                        (
                            "renditions",
                            models.JSONField(
                                blank=True,
                                default=list,
                                editable=False,
                                help_text="Generated on upload: [{width, height, webp, jpeg}] with media-relative paths.",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, editable=False),
                        ),
                        (
                            "uploaded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="images",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "articles_image",
                        "ordering": ["-created_at"],
                        "indexes": [
                            models.Index(
                                fields=["uploaded_by", "-created_at"],
                                name="articles_im_uploade_dea8a1_idx",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
