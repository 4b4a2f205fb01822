from django.db import migrations, transaction
from django.db.models import Max, Min, OuterRef, Q, Subquery

# Events per transaction: each batch's row locks are held for moments, so the queue's pages
# keep working while a large history is marked.
BATCH = 5000
SERVICE_TURN_KINDS = ("called", "started", "transferred")


def served_turns(apps, schema_editor):
    """The turn ends recorded before: a finish served the visitor, and so did the front
    office's routing; a service desk's transfer did when the turn it ended had started: the
    ticket's service event just before it (a call opens a turn, a transfer ends one) is a
    start. The result of 0016's first version, batch by batch."""
    TicketEvent = apps.get_model("queueing", "TicketEvent")
    previous_kind = (
        TicketEvent.objects.filter(
            ticket_id=OuterRef("ticket_id"), stage="service", kind__in=SERVICE_TURN_KINDS
        )
        .filter(Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), pk__lt=OuterRef("pk")))
        .order_by("-at", "-pk")
        .values("kind")[:1]
    )
    bounds = TicketEvent.objects.aggregate(first=Min("pk"), last=Max("pk"))
    if bounds["first"] is None:
        return
    for low in range(bounds["first"], bounds["last"] + 1, BATCH):
        batch = TicketEvent.objects.filter(pk__gte=low, pk__lt=low + BATCH, served=False)
        with transaction.atomic(using=TicketEvent.objects.db):
            batch.filter(Q(kind="finished") | Q(kind="transferred", stage="reception")).update(
                served=True
            )
            transfers = batch.filter(kind="transferred", stage="service")
            transfers.alias(before=Subquery(previous_kind)).filter(before="started").update(
                served=True
            )


class Migration(migrations.Migration):
    # Each batch commits on its own (see BATCH): no transaction around the whole history.
    atomic = False

    dependencies = [
        ("queueing", "0016_turn_served"),
    ]

    operations = [
        migrations.RunPython(served_turns, migrations.RunPython.noop),
    ]
