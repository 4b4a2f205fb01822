# Product trial P, P5: the language a person's emails are written in (pst.languages).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pst", "0019_new_request_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="language",
            field=models.CharField(blank=True, default="", max_length=10, verbose_name="language"),
        ),
    ]
