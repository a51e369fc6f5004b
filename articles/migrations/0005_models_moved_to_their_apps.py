"""Section, Article and their tags stay; SiteSettings, Image, DailyReads and TransitionLog now
belong to the masthead, media, readership and publishing apps. State only: no table changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_article_rank_vector"),
        ("accounts", "0002_writer_and_moderator_groups"),
        ("masthead", "0001_initial"),
        ("media", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="dailyreads",
                    name="article",
                ),
                migrations.RemoveField(
                    model_name="image",
                    name="uploaded_by",
                ),
                migrations.AlterField(
                    model_name="article",
                    name="lead_image",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="lead_articles",
                        to="media.image",
                    ),
                ),
                migrations.DeleteModel(
                    name="SiteSettings",
                ),
                migrations.RemoveField(
                    model_name="transitionlog",
                    name="actor",
                ),
                migrations.RemoveField(
                    model_name="transitionlog",
                    name="article",
                ),
                migrations.DeleteModel(
                    name="DailyReads",
                ),
                migrations.DeleteModel(
                    name="Image",
                ),
                migrations.DeleteModel(
                    name="TransitionLog",
                ),
            ],
            database_operations=[],
        ),
    ]
