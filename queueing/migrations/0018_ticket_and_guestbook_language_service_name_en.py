# Product trial P (P5, P6): the language a visitor took their ticket in (carried to the
# guestbook entry of the visit), and a service's English name.

from django.db import migrations, models

# The English names of the four PST services every office runs (load_demo's names), filled in
# where an office kept the Indonesian name as it stands; any other name stays without one and
# shows in Indonesian until an administrator gives it one.
STANDARD_NAMES_EN = {
    "Konsultasi Statistik": "Statistical Consultation",
    "Perpustakaan": "Library",
    "Penjualan Produk Statistik": "Sale of Statistical Products",
    "Rekomendasi Kegiatan Statistik": "Recommendation of Statistical Activities",
}


def standard_names_en_fill(apps, schema_editor):
    service = apps.get_model("queueing", "Service")
    for name, name_en in STANDARD_NAMES_EN.items():
        service.objects.filter(name=name, name_en="").update(name_en=name_en)


class Migration(migrations.Migration):
    dependencies = [
        ("queueing", "0017_turn_served_backfill"),
    ]

    operations = [
        migrations.AddField(
            model_name="guestbookentry",
            name="language",
            field=models.CharField(blank=True, default="", max_length=10, verbose_name="language"),
        ),
        migrations.AddField(
            model_name="service",
            name="name_en",
            field=models.CharField(blank=True, max_length=80, verbose_name="name (English)"),
        ),
        migrations.AddField(
            model_name="ticket",
            name="language",
            field=models.CharField(blank=True, default="", max_length=10, verbose_name="language"),
        ),
        migrations.AlterField(
            model_name="service",
            name="name",
            field=models.CharField(max_length=80, verbose_name="name (Indonesian)"),
        ),
        migrations.RunPython(standard_names_en_fill, migrations.RunPython.noop),
    ]
