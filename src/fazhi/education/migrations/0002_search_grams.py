"""The pair indexes of each list's searched columns, for the lists' ``?q=`` (PostgreSQL only; fazhi.core.search);
their order is each ``Pages.search`` in ``ledger.py``."""

from django.db import migrations

from fazhi.core.search import create_gram_index, drop_gram_index

INDEXES = {
    "education_responsibilitylist": ("title",),
    "education_activity": ("title", "place"),
    "education_legalliterate": ("name", "village"),
    "education_demonstrationvillage": ("name",),
    "education_course": ("title",),
    "education_exam": ("title",),
}


def forwards(apps, schema_editor):
    for table, columns in INDEXES.items():
        create_gram_index(schema_editor, table, columns, f"{table}_grams")


def backwards(apps, schema_editor):
    for table in INDEXES:
        drop_gram_index(schema_editor, f"{table}_grams")


class Migration(migrations.Migration):
    dependencies = [("education", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
