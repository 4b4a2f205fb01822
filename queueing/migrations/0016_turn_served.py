from django.db import migrations, models


def served_turns(apps, schema_editor):
    """The turn ends recorded before: a finish served the visitor, and so did the front
    office's routing; a service desk's transfer did when the turn it ended had started (the
    ticket's events in order, each call opening a turn)."""
    TicketEvent = apps.get_model("queueing", "TicketEvent")
    TicketEvent.objects.filter(kind="finished").update(served=True)
    TicketEvent.objects.filter(kind="transferred", stage="reception").update(served=True)
    events = (
        TicketEvent.objects.filter(kind__in=("called", "started", "transferred"), stage="service")
        .order_by("ticket_id", "at", "pk")
        .values_list("pk", "ticket_id", "kind")
    )
    served, ticket, started = [], None, False
    for pk, ticket_id, kind in events.iterator(chunk_size=2000):
        if ticket_id != ticket:
            ticket, started = ticket_id, False
        if kind == "started":
            started = True
        else:
            if kind == "transferred" and started:
                served.append(pk)
            started = False
    for first in range(0, len(served), 1000):
        TicketEvent.objects.filter(pk__in=served[first : first + 1000]).update(served=True)


class Migration(migrations.Migration):
    dependencies = [
        ("queueing", "0015_call_limit"),
    ]

    operations = [
        migrations.AddField(
            model_name="ticketevent",
            name="served",
            field=models.BooleanField(default=False, verbose_name="visitor served"),
        ),
        migrations.RunPython(served_turns, migrations.RunPython.noop),
    ]
