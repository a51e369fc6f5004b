"""The user manager knows the roles: ``User.objects.moderators()``."""

from django.db import migrations

import accounts.models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_writer_and_moderator_groups"),
    ]

    operations = [
        migrations.AlterModelManagers(
            name="user",
            managers=[
                ("objects", accounts.models.NewsroomUserManager()),
            ],
        ),
    ]
