"""Let Moderators see failed tasks and retry them, and see which emails went out."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTED = ["view_failedtask", "change_failedtask", "view_sentmail"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("background")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(
        *Permission.objects.filter(content_type__app_label="background", codename__in=GRANTED)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="background", codename__in=GRANTED
    )
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("background", "0001_failed_task_and_sent_mail"),
        ("accounts", "0002_writer_and_moderator_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
