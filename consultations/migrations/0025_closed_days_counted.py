from zoneinfo import ZoneInfo

from django.db import migrations, models


def closed_days_of_open_consultations(apps, schema_editor):
    """An open consultation's due date counts with the closed days of the calendar as it is
    at the deploy (a closure recorded before it cannot be told apart from one known at
    acceptance): none of them moves a due date set before; a day closed after the deploy
    does (lifecycle.due_moves)."""
    Consultation = apps.get_model("consultations", "Consultation")
    Holiday = apps.get_model("pst", "Holiday")
    open_ = Consultation.objects.filter(
        status="accepted", clock_started_at__isnull=False, due_at__isnull=False
    ).select_related("office")
    for consultation in open_.iterator(chunk_size=500):
        tz = ZoneInfo(consultation.office.time_zone)
        first = consultation.clock_started_at.astimezone(tz).date()
        last = consultation.due_at.astimezone(tz).date()
        rows = Holiday.objects.filter(date__range=(first, last)).filter(
            models.Q(office__isnull=True) | models.Q(office=consultation.office_id)
        )
        # The office's own row for a date overrides the national one.
        national, own = {}, {}
        for row in rows:
            (national if row.office_id is None else own)[row.date] = row.is_closed
        closed = sorted(day for day, is_closed in (national | own).items() if is_closed)
        consultation.closed_days_counted = [day.isoformat() for day in closed]
        consultation.save(update_fields=["closed_days_counted"])


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0024_dismissal_recorded_as_complaint"),
        ("pst", "0019_new_request_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultation",
            name="closed_days_counted",
            field=models.JSONField(
                blank=True, default=list, editable=False, verbose_name="closed days counted"
            ),
        ),
        migrations.AlterField(
            model_name="consultationevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("submitted", "Submitted"),
                    ("claimed", "Claimed"),
                    ("assigned", "Assigned"),
                    ("unassigned", "Returned to the inbox"),
                    ("clarification_requested", "Clarification asked"),
                    ("clarified", "Clarification given"),
                    ("accepted", "Accepted as clear and complete"),
                    ("answered", "Answered"),
                    ("closed", "Closed"),
                    ("cancelled", "Cancelled"),
                    ("reopened", "Reopened"),
                    ("recorded", "Recorded at the desk"),
                    ("dismissed", "Closed without an answer"),
                    ("to_complaint", "Recorded as a complaint"),
                    (
                        "appointment_office_closed",
                        "Appointment cancelled: the office is closed that day",
                    ),
                    (
                        "due_moved",
                        "Due date moved later: the office closed a day of the answer time",
                    ),
                ],
                max_length=30,
                verbose_name="event",
            ),
        ),
        migrations.RunPython(closed_days_of_open_consultations, migrations.RunPython.noop),
    ]
