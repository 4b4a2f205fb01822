from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pst.fields import optional_link
from pst.languages import language_field
from pst.models import Office
from queueing.choices import (
    OPEN_STATUSES,
    DeskKind,
    EventKind,
    Priority,
    Stage,
    TicketOrigin,
    TicketStatus,
)
from queueing.querysets import (
    DeskQuerySet,
    DeskSessionQuerySet,
    ServiceQuerySet,
    TicketEventQuerySet,
    TicketQuerySet,
)


class Service(models.Model):
    """A PST service with its own queue in an office (K Konsultasi, P Perpustakaan, …)."""

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="services", verbose_name=_("office")
    )
    prefix = models.CharField(
        _("letter"),
        max_length=1,
        validators=[RegexValidator(r"^[A-Z]$", _("One capital letter, e.g. K."))],
        help_text=_("Printed before the ticket number: K-007."),
    )
    name = models.CharField(_("name (Indonesian)"), max_length=80)
    # Shown to visitors reading in English (trial P, P6); empty: the Indonesian name.
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    sla_minutes = models.PositiveSmallIntegerField(
        _("waiting limit (minutes)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("A visitor is called at most this long after the previous one finished."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    records_consultations = models.BooleanField(
        _("records consultations"),
        default=False,
        help_text=_(
            "Desks serving this service write a consultation record for each visitor "
            "(Konsultasi Statistik)."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["office", "sort_order", "prefix"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "prefix"],
                name="service_prefix_per_office",
                violation_error_message=_("This office already has a service with this letter."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.label}"

    @property
    def label(self) -> str:
        """The name in the reader's language (Indonesian unless an English one is given)."""
        return self.name_en if self._label_in_english else self.name

    @property
    def label_language(self) -> str:
        """The language `label` is written in, for its element's lang: the Indonesian name
        stands on an English page when no English one is given (read, and broken into
        lines, as Indonesian)."""
        return "en" if self._label_in_english else "id"

    @property
    def _label_in_english(self) -> bool:
        return bool(self.name_en) and (get_language() or "").startswith("en")


class Desk(models.Model):
    """A counter (loket/meja) where officers call visitors. A front-office desk serves every
    service of its office."""

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="desks", verbose_name=_("office")
    )
    name = models.CharField(_("name"), max_length=40, help_text=_("As announced: Meja 2."))
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("Orders the desks; the call says the desk's name.")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=DeskKind.choices, default=DeskKind.SERVICE
    )
    services = models.ManyToManyField(
        Service, blank=True, related_name="desks", verbose_name=_("services")
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = DeskQuerySet.as_manager()

    class Meta:
        ordering = ["office", "number"]
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "number"],
                name="desk_number_per_office",
                violation_error_message=_("This office already has a desk with this number."),
            ),
            models.UniqueConstraint(
                fields=["office", "name"],
                name="desk_name_per_office",
                violation_error_message=_("This office already has a desk with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def queue_filter(self, *, office_has_front_office: bool) -> Q:
        """Which tickets this desk takes: a front-office desk takes every new arrival, a
        service desk takes its services' tickets once the front office routed them (or straight
        from the kiosk when the office has no front-office desk). Tickets and their events
        share these fields, so the filter applies to both (`for_desk` of either)."""
        if self.kind == DeskKind.FRONT_OFFICE:
            return Q(stage=Stage.RECEPTION)
        services = Q(service__in=self.services.all())
        if office_has_front_office:
            return services & Q(stage=Stage.SERVICE)
        return services

    def takes(self, ticket: Ticket, *, office_has_front_office: bool) -> bool:
        """Whether `ticket` is in the queue this desk takes (queue_filter's rule, read from a
        ticket in hand, the desk's services prefetched, instead of asked of the database)."""
        if self.kind == DeskKind.FRONT_OFFICE:
            return ticket.stage == Stage.RECEPTION
        if office_has_front_office and ticket.stage != Stage.SERVICE:
            return False
        return any(service.pk == ticket.service_id for service in self.services.all())


class DeskSession(models.Model):
    """An officer working at a desk: from choosing it on the console until leaving it (choosing
    another desk, "leave this desk", signing out). Before a desk's first turn of the day its
    SLA clock starts when it was taken, not earlier (DESIGN §2). It never carries over a day:
    only sessions taken today staff a desk (`DeskSession.objects.staffed`), and the day's
    close ends those left open (queueing.desk_sessions)."""

    desk = models.ForeignKey(
        Desk, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("desk")
    )
    officer = models.ForeignKey(
        "pst.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("officer")
    )
    started_at = models.DateTimeField(_("took the desk"))
    ended_at = models.DateTimeField(_("left the desk"), null=True, blank=True)

    objects = DeskSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("desk session")
        verbose_name_plural = _("desk sessions")
        constraints = [
            # An officer works at one desk at a time: taking one leaves the other.
            models.UniqueConstraint(
                fields=["officer"],
                condition=Q(ended_at__isnull=True),
                name="desk_session_one_open_per_officer",
            ),
        ]
        indexes = [models.Index(fields=["desk", "started_at"], name="desk_session_desk_start")]

    def __str__(self) -> str:
        return f"{self.desk_id} {self.officer_id} {self.started_at:%Y-%m-%d %H:%M}"


class DailyCounter(models.Model):
    """The last number given for a service on an office-local date. Issuing locks this row,
    so two kiosks pressing at once wait for each other instead of reading the same number."""

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    service_date = models.DateField(_("date"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "service_date"], name="daily_counter_per_service_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.service_date}: {self.last_number}"


class Ticket(models.Model):
    """A queue number. It keeps its code for the whole visit; a transfer moves it to another
    service's queue (`service`) while `issued_service` keeps the letter and the numbering."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("office")
    )
    issued_service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        related_name="issued_tickets",
        verbose_name=_("service when issued"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("service")
    )
    service_date = models.DateField(_("date"))
    number = models.PositiveIntegerField(_("number"))
    code = models.CharField(_("code"), max_length=10)
    token = models.CharField(_("status page key"), max_length=43, unique=True, editable=False)
    client_request_id = models.UUIDField(
        _("kiosk request"), null=True, blank=True, unique=True, editable=False
    )
    priority = models.CharField(
        _("priority"), max_length=20, choices=Priority.choices, default=Priority.NONE, blank=True
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    origin = models.CharField(
        _("taken at"), max_length=10, choices=TicketOrigin.choices, default=TicketOrigin.KIOSK
    )
    # The language of the kiosk or phone page it was taken on (pst.languages): the visit's
    # emails are written in it. Empty: not known (one an officer made), the office's.
    language = language_field()
    status = models.CharField(
        _("status"), max_length=20, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    issued_at = models.DateTimeField(_("issued"))
    queued_at = models.DateTimeField(_("joined the queue"))
    called_at = models.DateTimeField(_("called"), null=True, blank=True)
    started_at = models.DateTimeField(_("service started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    desk = optional_link(Desk, related_name="tickets", verbose_name=_("desk"))
    officer = optional_link("pst.User", related_name="+", verbose_name=_("officer"))
    recall_count = models.PositiveSmallIntegerField(_("recalls"), default=0)
    transfer_count = models.PositiveSmallIntegerField(_("transfers"), default=0)
    sla_started_at = models.DateTimeField(_("waiting clock started"), null=True, blank=True)
    sla_wait_seconds = models.PositiveIntegerField(_("waiting time (s)"), null=True, blank=True)
    sla_met = models.BooleanField(_("within the limit"), null=True)
    # A walk-in consultation that goes on online (outcome "online follow-up"): the visit is
    # rated with the answer, once it is given, not at the desk before it exists (trial J, J8).
    rated_after_answer = models.BooleanField(
        _("rated with its online answer"), default=False, editable=False
    )

    objects = TicketQuerySet.as_manager()

    # Not stored: set when the phone that holds it asked for a number in its queue again (Back
    # and tap again), so that the page says it is the number it already had.
    is_repeat = False

    class Meta:
        ordering = ["-service_date", "queued_at", "pk"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            models.UniqueConstraint(
                fields=["issued_service", "service_date", "number"],
                name="ticket_number_per_service_date",
            ),
            models.UniqueConstraint(
                fields=["desk"],
                condition=Q(status__in=["called", "serving"]),
                name="ticket_one_visitor_per_desk",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "service_date", "status"], name="ticket_day_status"),
            models.Index(fields=["service", "status", "queued_at"], name="ticket_queue"),
        ]

    def __str__(self) -> str:
        # The admin's pages are titled by it: the date as the active language writes it.
        return f"{self.code} ({date_format(self.service_date, 'j F Y')})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class TicketEvent(models.Model):
    """Append-only history of a ticket. `service` and `stage` are the queue the event happened
    in; a call records its SLA wait and total wait, the end of a turn records how long the
    turn took."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.PROTECT, related_name="events", verbose_name=_("ticket")
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    service_date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(_("time"))
    desk = optional_link(Desk, related_name="+", verbose_name=_("desk"))
    officer = optional_link("pst.User", related_name="+", verbose_name=_("officer"))
    to_service = optional_link(Service, related_name="+", verbose_name=_("sent to"))
    sla_started_at = models.DateTimeField(_("waiting clock started"), null=True, blank=True)
    sla_wait_seconds = models.PositiveIntegerField(_("waiting time (s)"), null=True, blank=True)
    sla_met = models.BooleanField(_("within the limit"), null=True)
    # The limit the call was judged by: the service's limit may change later.
    sla_limit_minutes = models.PositiveSmallIntegerField(
        _("waiting limit (minutes)"), null=True, blank=True
    )
    # Joined the queue → called, whatever the desks did: shows staffing, not promptness.
    total_wait_seconds = models.PositiveIntegerField(
        _("total waiting time (s)"), null=True, blank=True
    )
    turn_seconds = models.PositiveIntegerField(_("turn length (s)"), null=True, blank=True)
    # The ticket's priority when the event happened (as `service` and `stage` are its queue
    # then): a call keeps the priority it was made with, which the call order's streak reads
    # (queueing.call_order), whatever staff decide later. On PRIORITY_CHECKED, the priority
    # set; `priority_before` the one it replaced (the same when a claim was confirmed).
    priority = models.CharField(
        _("priority"), max_length=20, choices=Priority.choices, default=Priority.NONE, blank=True
    )
    priority_before = models.CharField(
        _("priority before"),
        max_length=20,
        choices=Priority.choices,
        default=Priority.NONE,
        blank=True,
    )
    # On the end of a turn: the visitor was served in it (queueing.services.turn_served).
    # Only such turns say how long a visit takes (the ticket's waiting estimate); a no-show
    # or a visitor sent on unserved ended quickly because nobody was served.
    served = models.BooleanField(_("visitor served"), default=False)
    # -- records that must not go missing (issue 8, item 11) --
    without_guestbook = models.BooleanField(
        _("sent on without a guestbook entry"),
        default=False,
        help_text=_(
            "The front office confirmed routing the visitor without writing the guestbook."
        ),
    )

    objects = TicketEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        indexes = [
            # The board's and console's ETag is the office's newest event id.
            models.Index(fields=["office", "id"], name="event_office_id"),
            models.Index(fields=["office", "service_date", "kind"], name="event_day_kind"),
        ]

    def __str__(self) -> str:
        # The office's own clock, as everywhere else the office reads times.
        local = self.at.astimezone(self.office.zoneinfo)
        return f"{self.ticket.code} {self.get_kind_display()} {local:%H:%M:%S}"

    @property
    def sla_wait_minutes(self) -> float | None:
        return None if self.sla_wait_seconds is None else self.sla_wait_seconds / 60


# The guestbook's models (queueing/guestbook/) belong to this app: imported here so that
# Django registers them with it (no table of theirs moved), and at the end because they refer
# to the ticket and the service above.
from queueing.guestbook.models import GuestbookEntry as GuestbookEntry  # noqa: E402
from queueing.guestbook.models import GuestbookRevision as GuestbookRevision  # noqa: E402
