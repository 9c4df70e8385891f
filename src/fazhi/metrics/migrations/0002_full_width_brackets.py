"""Metric labels and sentences take full-width brackets around Chinese: 村（社区）, not 村(社区)."""

from django.db import migrations

from fazhi.core.text import full_width_brackets


def forwards(apps, schema_editor):
    Metric = apps.get_model("metrics", "Metric")
    for metric in Metric.objects.all():
        changed = []
        for field in ("label", "sentence", "description"):
            value = getattr(metric, field) or ""
            if full_width_brackets(value) != value:
                setattr(metric, field, full_width_brackets(value))
                changed.append(field)
        if isinstance(metric.phrases, list):
            phrases = [full_width_brackets(p) if isinstance(p, str) else p for p in metric.phrases]
            if phrases != metric.phrases:
                metric.phrases = phrases
                changed.append("phrases")
        if changed:
            metric.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("metrics", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
