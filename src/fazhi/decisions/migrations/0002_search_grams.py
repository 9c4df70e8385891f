"""The pair index of the decisions' titles, for the list's ``?q=`` (PostgreSQL only; fazhi.core.search)."""

from django.db import migrations

from fazhi.core.search import create_gram_index, drop_gram_index

INDEX = "decisions_decision_grams"


def forwards(apps, schema_editor):
    create_gram_index(schema_editor, "decisions_decision", ("title",), INDEX)


def backwards(apps, schema_editor):
    drop_gram_index(schema_editor, INDEX)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
