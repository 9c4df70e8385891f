"""The pair index of the searched columns (number, requester_name, description), for the list's ``?q=`` (PostgreSQL only;
fazhi.core.search); their order is the ledger's ``search``."""

from django.db import migrations

from fazhi.core.search import create_gram_index, drop_gram_index

INDEX = "disclosure_request_grams"


def forwards(apps, schema_editor):
    create_gram_index(schema_editor, "disclosure_request", ('number', 'requester_name', 'description'), INDEX)


def backwards(apps, schema_editor):
    drop_gram_index(schema_editor, INDEX)


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
