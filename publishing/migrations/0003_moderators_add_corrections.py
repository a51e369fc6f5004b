"""Let Moderators add corrections and clarifications to published articles (and see them)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_correction", "view_correction"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("publishing")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="publishing", codename__in=CODENAMES
    )
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(
        content_type__app_label="publishing", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0002_correction"),
        ("accounts", "0005_moderators_read_security_log"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
