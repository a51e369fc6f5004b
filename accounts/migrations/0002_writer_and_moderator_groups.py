"""Create the Writers and Moderators groups with their model permissions.

The permission lists are written out here (not imported) so this migration keeps
meaning what it meant when it ran. Object-level rules are enforced by the admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITER_PERMISSIONS = {
    "articles": [
        "add_article",
        "change_article",
        "view_article",
        "add_image",
        "change_image",
        "view_image",
        "view_section",
    ],
    "taggit": ["add_tag", "view_tag"],
    "accounts": ["view_authorprofile", "change_authorprofile"],
}

MODERATOR_PERMISSIONS = {
    "articles": [
        "add_article",
        "change_article",
        "delete_article",
        "view_article",
        "moderate_article",
        "pick_top_news",
        "add_image",
        "change_image",
        "delete_image",
        "view_image",
        "add_section",
        "change_section",
        "delete_section",
        "view_section",
        "view_sitesettings",
        "change_sitesettings",
    ],
    "taggit": ["add_tag", "change_tag", "delete_tag", "view_tag"],
    "accounts": [
        "add_authorprofile",
        "change_authorprofile",
        "delete_authorprofile",
        "view_authorprofile",
        "view_user",
    ],
}

GROUPS = {"Writers": WRITER_PERMISSIONS, "Moderators": MODERATOR_PERMISSIONS}


def create_all_permissions(apps):
    # Permissions are normally created after migrate finishes (post_migrate); the groups
    # need them now, so create them for every app from the migration state.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    create_all_permissions(apps)
    for group_name, permissions_by_app in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, codenames in permissions_by_app.items():
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            missing = set(codenames) - set(found.values_list("codename", flat=True))
            if missing:
                raise RuntimeError(f"Permissions missing for {app_label}: {sorted(missing)}")
            group.permissions.add(*found)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0002_site_settings_row"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
