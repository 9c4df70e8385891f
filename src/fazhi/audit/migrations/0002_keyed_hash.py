"""Audit entries get a keyed hash (HMAC under FAZHI_AUDIT_KEY); existing entries are signed and anchored.

After adding the two columns, every existing entry is signed with the current key and the newest one is
written to the anchor file (FAZHI_AUDIT_ANCHOR_FILE), so an upgraded site verifies at once.
"""

from django.db import migrations, models


def sign_and_anchor(apps, schema_editor):
    from fazhi.audit.anchors import anchor_latest
    from fazhi.audit.keys import sign_unsigned_entries

    connection = schema_editor.connection
    if sign_unsigned_entries(connection):
        anchor_latest(connection.alias, force=True)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='key_id',
            field=models.CharField(blank=True, db_default='', default='', editable=False, help_text='Names the audit key (FAZHI_AUDIT_KEY) the keyed hash was made with, without revealing it.', max_length=16, verbose_name='key id'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='mac',
            field=models.CharField(blank=True, db_default='', default='', editable=False, help_text='HMAC of the hash under the audit key: without the key the chain cannot be recomputed.', max_length=64, verbose_name='keyed hash'),
        ),
        migrations.RunPython(sign_and_anchor, migrations.RunPython.noop, elidable=False),
    ]
