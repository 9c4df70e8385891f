"""The pair index of the searched columns (number, subject, petitioner_name), for the list's ``?q=`` (PostgreSQL only;
fazhi.core.search); their order is the ledger's ``search``."""

from django.db import migrations

from fazhi.core.search import create_gram_index, drop_gram_index

INDEX = "petitions_matter_grams"


def forwards(apps, schema_editor):
    create_gram_index(schema_editor, "petitions_matter", ('number', 'subject', 'petitioner_name'), INDEX)


def backwards(apps, schema_editor):
    drop_gram_index(schema_editor, INDEX)


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
