"""Robot webhooks and signing secrets encrypted at rest (unionplans.lib.sealed), and the outcome
of the last test message, now sent by a worker (tasks.reminders.robot_test)."""

import unionplans.lib.sealed
from django.db import migrations, models
from django.db.models import Value


def seal_configs(apps, schema_editor):
    # The field reads a plaintext row as it is and encrypts it when saved.
    UnitChannel = apps.get_model("tasks", "UnitChannel")
    for robot in UnitChannel.objects.only("pk", "config").iterator():
        UnitChannel.objects.filter(pk=robot.pk).update(config=robot.config)


def unseal_configs(apps, schema_editor):
    # Written through a plain JSON value, which the sealed field does not encrypt.
    UnitChannel = apps.get_model("tasks", "UnitChannel")
    for robot in UnitChannel.objects.only("pk", "config").iterator():
        UnitChannel.objects.filter(pk=robot.pk).update(
            config=Value(robot.config, output_field=models.JSONField())
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0003_reminders"),
    ]

    operations = [
        migrations.AddField(
            model_name="unitchannel",
            name="last_test_error",
            field=models.TextField(blank=True, verbose_name="last test message's problem"),
        ),
        migrations.AlterField(
            model_name="unitchannel",
            name="config",
            field=unionplans.lib.sealed.SealedJSONField(default=dict, verbose_name="settings"),
        ),
        migrations.RunPython(seal_configs, unseal_configs),
    ]
