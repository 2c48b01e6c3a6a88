"""The single receiver's fields, now AgreementParty rows (0004)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0004_parties"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="agreement",
            name="receiver_name",
        ),
        migrations.RemoveField(
            model_name="agreement",
            name="receiver_position",
        ),
    ]
