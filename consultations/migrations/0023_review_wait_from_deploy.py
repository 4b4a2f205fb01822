from django.db import migrations
from django.utils import timezone


def waits_before_deploy_reminded(apps, schema_editor):
    """The requests already waiting for review when the review reminders (0021) came in are
    taken as reminded and reported now: the first sweep would otherwise email every officer
    of an office and its supervisors about each of them, some months old. A wait that starts
    after the deploy (a new request, a reply to a clarification) is reminded as usual."""
    Consultation = apps.get_model("consultations", "Consultation")
    now = timezone.now()
    waiting = Consultation.objects.filter(status="submitted")
    waiting.filter(review_late_notified_at__isnull=True).update(review_late_notified_at=now)
    waiting.filter(review_escalated_at__isnull=True).update(review_escalated_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0022_event_note_and_unassigned"),
    ]

    operations = [
        migrations.RunPython(waits_before_deploy_reminded, migrations.RunPython.noop),
    ]
