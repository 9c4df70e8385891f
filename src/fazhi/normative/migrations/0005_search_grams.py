"""The pair index of the documents' titles and numbers, for the list's ``?q=`` (PostgreSQL only; fazhi.core.search)."""

from django.db import migrations

from fazhi.core.search import create_gram_index, drop_gram_index

INDEX = "normative_doc_grams"


def forwards(apps, schema_editor):
    create_gram_index(schema_editor, "normative_document", ("title", "number"), INDEX)


def backwards(apps, schema_editor):
    drop_gram_index(schema_editor, INDEX)


class Migration(migrations.Migration):
    dependencies = [("normative", "0004_legality_opinion")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
