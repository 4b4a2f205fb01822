from django.db import migrations, models
from django.db.models import F


def number_by_row_id(apps, schema_editor):
    # References already given (emails, WhatsApp) stay true: KS-6571-000123 keeps 123; each
    # office's new numbers continue after its highest.
    Consultation = apps.get_model("consultations", "Consultation")
    Consultation.objects.update(number=F("id"))


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0011_appointment_office_closed"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultation",
            name="number",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="number"
            ),
        ),
        migrations.RunPython(number_by_row_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="consultation",
            name="number",
            field=models.PositiveIntegerField(blank=True, editable=False, verbose_name="number"),
        ),
        migrations.AddConstraint(
            model_name="consultation",
            constraint=models.UniqueConstraint(
                fields=("office", "number"),
                name="consultation_number_per_office",
                violation_error_message="This office already has a consultation with this number.",
            ),
        ),
    ]
