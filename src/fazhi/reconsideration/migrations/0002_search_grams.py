"""The pair index of the searched columns (number, applicant_name, respondent_name), for the list's ``?q=`` (PostgreSQL only;
fazhi.core.search); their order is the ledger's ``search``."""

from django.db import migrations

from fazhi.core.search import create_gram_index, drop_gram_index

INDEX = "reconsideration_case_grams"


def forwards(apps, schema_editor):
    create_gram_index(schema_editor, "reconsideration_case", ('number', 'applicant_name', 'respondent_name'), INDEX)


def backwards(apps, schema_editor):
    drop_gram_index(schema_editor, INDEX)


class Migration(migrations.Migration):
    dependencies = [("reconsideration", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
