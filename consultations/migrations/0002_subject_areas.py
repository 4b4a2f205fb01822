"""The BPS subject list consultations are filed under (editable in admin afterwards)."""

from django.db import migrations

SUBJECTS = [
    ("Kependudukan", "Population"),
    ("Ketenagakerjaan", "Labour"),
    ("Pendidikan", "Education"),
    ("Kesehatan", "Health"),
    ("Kemiskinan dan Ketimpangan", "Poverty and inequality"),
    ("Konsumsi dan Pengeluaran", "Consumption and expenditure"),
    ("Perumahan dan Permukiman", "Housing and settlements"),
    ("Harga dan Inflasi", "Prices and inflation"),
    ("Produk Domestik Regional Bruto", "Regional GDP"),
    ("Pertanian, Kehutanan dan Perikanan", "Agriculture, forestry and fisheries"),
    ("Industri", "Industry"),
    ("Perdagangan", "Trade"),
    ("Pariwisata", "Tourism"),
    ("Transportasi dan Komunikasi", "Transport and communication"),
    ("Energi dan Pertambangan", "Energy and mining"),
    ("Keuangan", "Finance"),
    ("Pemerintahan", "Government"),
    ("Geografi dan Lingkungan Hidup", "Geography and environment"),
    ("Sosial Budaya", "Social and culture"),
    ("Indeks Pembangunan Manusia", "Human development index"),
    ("Lainnya", "Other"),
]


def add_subjects(apps, schema_editor):
    SubjectArea = apps.get_model("consultations", "SubjectArea")
    for order, (name, name_en) in enumerate(SUBJECTS):
        SubjectArea.objects.get_or_create(
            name=name, defaults={"name_en": name_en, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_walk_in")]

    operations = [migrations.RunPython(add_subjects, migrations.RunPython.noop)]
