"""The pair index of each list's searched columns, for the list's ``?q=`` (PostgreSQL only; fazhi.core.search); their
order is the list's ``search``."""

from django.db import migrations

from fazhi.core.search import create_gram_index, drop_gram_index

INDEXES = {
    "advisers_adviser": ("name", "firm", "licence_number"),
    "advisers_contractreview": ("number", "contract_name", "counterparty"),
}


def forwards(apps, schema_editor):
    for table, columns in INDEXES.items():
        create_gram_index(schema_editor, table, columns, f"{table}_grams")


def backwards(apps, schema_editor):
    for table in INDEXES:
        drop_gram_index(schema_editor, f"{table}_grams")


class Migration(migrations.Migration):
    dependencies = [("advisers", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
