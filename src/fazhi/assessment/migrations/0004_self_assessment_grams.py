"""The pair index of the self-assessments list's searched column, for the list's ``?q=`` (PostgreSQL only;
fazhi.core.search)."""

from django.db import migrations

from fazhi.core.search import create_gram_index, drop_gram_index

INDEXES = {
    "assessment_selfassessment": ("title",),
}


def forwards(apps, schema_editor):
    for table, columns in INDEXES.items():
        create_gram_index(schema_editor, table, columns, f"{table}_grams")


def backwards(apps, schema_editor):
    for table in INDEXES:
        drop_gram_index(schema_editor, f"{table}_grams")


class Migration(migrations.Migration):
    dependencies = [("assessment", "0003_self_assessment")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
