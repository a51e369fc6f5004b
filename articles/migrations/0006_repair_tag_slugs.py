from django.db import migrations

from articles.tags import repair_tag_slugs


def repair(apps, schema_editor):
    repair_tag_slugs(apps.get_model("taggit", "Tag"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_models_moved_to_their_apps"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
