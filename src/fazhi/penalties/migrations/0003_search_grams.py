"""The pair index of the cases' numbers, names and parties, for the list's ``?q=`` (PostgreSQL only;
fazhi.core.search)."""

from django.db import migrations

from fazhi.core.search import create_gram_index, drop_gram_index

INDEX = "penalties_case_grams"


def forwards(apps, schema_editor):
    create_gram_index(schema_editor, "penalties_case", ("number", "title", "party_name", "decision_number"), INDEX)


def backwards(apps, schema_editor):
    drop_gram_index(schema_editor, INDEX)


class Migration(migrations.Migration):
    dependencies = [("penalties", "0002_list_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
