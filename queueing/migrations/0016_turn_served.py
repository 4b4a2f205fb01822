from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("queueing", "0015_call_limit"),
    ]

    # Only the column: with a constant default PostgreSQL (11+) adds it without rewriting the
    # table, so its lock is held for moments. The turns recorded before are marked by 0017,
    # in short transactions (review: the backfill here held the lock on every event for the
    # whole of it, and the kiosk, board and consoles waited).
    operations = [
        migrations.AddField(
            model_name="ticketevent",
            name="served",
            field=models.BooleanField(default=False, verbose_name="visitor served"),
        ),
    ]
