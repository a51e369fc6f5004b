"""A new default op-ed disclaimer, written here; sites that edited theirs keep their text."""

from django.db import migrations, models

OLD_DEFAULT = (
    "This opinion article was written by an independent writer. The opinions and views "
    "expressed herein are those of the author and are not necessarily intended to reflect "
    "those of {site_name}."
)
NEW_DEFAULT = (
    "This is an opinion piece by an independent contributor. The views in it are the "
    "writer's own; {site_name} does not necessarily share them."
)


def replace_unedited_default(apps, schema_editor):
    SiteSettings = apps.get_model("masthead", "SiteSettings")
    SiteSettings.objects.filter(op_ed_disclaimer=OLD_DEFAULT).update(op_ed_disclaimer=NEW_DEFAULT)


def restore_old_default(apps, schema_editor):
    SiteSettings = apps.get_model("masthead", "SiteSettings")
    SiteSettings.objects.filter(op_ed_disclaimer=NEW_DEFAULT).update(op_ed_disclaimer=OLD_DEFAULT)


class Migration(migrations.Migration):
    dependencies = [("masthead", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="sitesettings",
            name="op_ed_disclaimer",
            field=models.TextField(
                default=NEW_DEFAULT,
                help_text="Shown under every op-ed. {site_name} is replaced by the site name.",
                verbose_name="op-ed disclaimer",
            ),
        ),
        migrations.RunPython(replace_unedited_default, restore_old_default),
    ]
