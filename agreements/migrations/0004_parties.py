"""The agreement's parties become rows (issue 17 item 7): the single receiver typed in the
settings and the signer (the giver until now) each turn into an AgreementParty; the receiver
fields go in 0005."""

import django.db.models.deletion
from django.db import migrations, models


def forward(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    AgreementParty = apps.get_model("agreements", "AgreementParty")
    db = schema_editor.connection.alias  # backup --verify migrates a second database
    rows = []
    for agreement in Agreement.objects.using(db).select_related("signer").order_by("pk"):
        signer = agreement.signer
        if signer is not None:  # the giver was the signer (agreements.content before 0004)
            name = f"{signer.title_th}{signer.first_name_th} {signer.last_name_th}".strip()
            rows.append(
                AgreementParty(
                    agreement=agreement,
                    side="giver",
                    order=1,
                    name=name,
                    position=signer.position,
                )
            )
        if agreement.receiver_name.strip():
            rows.append(
                AgreementParty(
                    agreement=agreement,
                    side="receiver",
                    order=1,
                    name=agreement.receiver_name.strip(),
                    position=agreement.receiver_position.strip(),
                )
            )
    AgreementParty.objects.using(db).bulk_create(rows)


def backward(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    AgreementParty = apps.get_model("agreements", "AgreementParty")
    db = schema_editor.connection.alias
    for party in AgreementParty.objects.using(db).filter(side="receiver", order=1):
        Agreement.objects.using(db).filter(pk=party.agreement_id).update(
            receiver_name=party.name, receiver_position=party.position
        )


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0003_agreement_memo_number_addressee"),
    ]

    operations = [
        migrations.CreateModel(
            name="AgreementParty",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "side",
                    models.CharField(
                        choices=[("giver", "ผู้ทำคำรับรอง"), ("receiver", "ผู้รับคำรับรอง")],
                        max_length=16,
                        verbose_name="ฐานะ",
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(verbose_name="ลำดับ")),
                ("name", models.CharField(max_length=255, verbose_name="ชื่อ")),
                ("position", models.CharField(max_length=255, verbose_name="ตำแหน่ง")),
                (
                    "agreement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="parties",
                        to="agreements.agreement",
                        verbose_name="คำรับรอง",
                    ),
                ),
            ],
            options={
                "verbose_name": "คู่คำรับรอง",
                "verbose_name_plural": "คู่คำรับรอง",
                "ordering": ["agreement", "side", "order"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("agreement", "side", "order"), name="agreement_party_one_per_place"
                    )
                ],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
