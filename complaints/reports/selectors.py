"""Reads of the supervisor's review: which office a supervisor reads, and the ratings of a
month (the index, the respondents' profile, the comments, the export's rows).

The survey promised anonymity: nothing here reads who rated, or the ticket or consultation
rated (which would lead to them); the checks of the walk-in ratings are counts only."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.reports.forms import ChannelFilter
from complaints.reports.periods import Month
from complaints.surveys.elements import ELEMENT_FIELDS
from complaints.surveys.models import SurveyResponse
from complaints.surveys.selectors import IkmSummary, ikm_summary
from consultations.models import Channel
from pst.models import Office, User
from pst.permissions import Action, office_where_user_can
from pst.profile import Education, Occupation, Sex
from pst.selectors import get_office_by_code, office_for_home
from queueing.choices import EventKind
from queueing.desks import office_has_front_office
from queueing.guestbook.models import GuestbookEntry
from queueing.models import TicketEvent

# A turn shorter than this is no consultation a visitor could rate: an officer who calls,
# starts and finishes tickets to rate them himself leaves such turns (trial J, J3).
SHORT_VISIT_SECONDS = 60

NOT_A_SUPERVISOR = gettext_lazy(
    "Only the supervisors of an office can see its ratings, service levels and complaints."
)
REFUSED = {
    Action.SUPERVISE: NOT_A_SUPERVISOR,
    Action.REVIEW_ACCESS_LOG: gettext_lazy(
        "Only the supervisors of an office can review who looked at its personal data."
    ),
}


def supervised_office_for_user(
    user: User, code: str | None, action: Action = Action.SUPERVISE
) -> Office:
    """The office whose reports `user` reads (`action`: the reports, or the access log's
    review): a supervisor's own, also when `code` (?office=) names it; a superuser's the one
    `code` names (404 for an unknown one), else their own, else the home page's. 403 for
    anyone who may not do `action` in an office, and for a supervisor who names another
    office: the code of every office is public, so refusing says nothing a 404 would hide."""
    if user.is_active and user.is_superuser:
        if code:
            return get_office_by_code(code[:10])
        office = user.office or office_for_home(with_page_details=False)
        if office is None:
            raise PermissionDenied(
                _("Choose an office: add ?office= and its code (6571) to the address.")
            )
        return office
    office = office_where_user_can(user, action)
    if office is None or (code and code != office.code):
        raise PermissionDenied(REFUSED[action])
    return office


def ratings_of_month(office: Office, month: Month, channel: str = "") -> QuerySet[SurveyResponse]:
    """The office's ratings given in `month` (office time), of one ChannelFilter or of all
    channels ("")."""
    zone = office.zoneinfo
    ratings = SurveyResponse.objects.of_office(office).submitted_between(
        month.start(zone), month.end(zone)
    )
    if channel == ChannelFilter.WALK_IN:
        return ratings.filter(channel=Channel.WALK_IN)
    if channel == ChannelFilter.ONLINE:
        return ratings.exclude(channel=Channel.WALK_IN)
    return ratings


@dataclass(frozen=True)
class ProfileCount:
    label: str
    count: int


@dataclass(frozen=True)
class ProfileGroup:
    """How many respondents gave each answer to one profile question."""

    field: str
    title: str
    counts: list[ProfileCount]


PROFILE_QUESTIONS = (
    ("sex", gettext_lazy("Sex"), Sex),
    ("education", gettext_lazy("Education"), Education),
    ("occupation", gettext_lazy("Occupation"), Occupation),
)


def respondent_profile(ratings: QuerySet[SurveyResponse]) -> list[ProfileGroup]:
    """Counts per sex, education and occupation, every choice listed (also at 0), in one
    query."""
    aliases = {}
    for field, _title, choices in PROFILE_QUESTIONS:
        for value in choices.values:
            aliases[f"n{len(aliases)}"] = Count("pk", filter=Q(**{field: value}))
    totals = iter(ratings.order_by().aggregate(**aliases).values())
    return [
        ProfileGroup(
            field,
            str(title),
            [ProfileCount(str(label), next(totals)) for label in choices.labels],
        )
        for field, title, choices in PROFILE_QUESTIONS
    ]


@dataclass(frozen=True)
class WalkInChecks:
    """How many of the month's walk-in ratings rate a visit that leaves a doubt whether a
    visitor was there: none of them proves a made-up rating, many of them ask a look."""

    ratings: int
    without_guestbook: int | None  # None where the office has no front office to write it
    short_visits: int  # the service desk's turn took under SHORT_VISIT_SECONDS


def walk_in_checks(ratings: QuerySet[SurveyResponse], office: Office) -> WalkInChecks:
    """Counts over the month's walk-in ratings, in one query."""
    short = TicketEvent.objects.filter(
        ticket=OuterRef("ticket"), kind=EventKind.FINISHED, turn_seconds__lt=SHORT_VISIT_SECONDS
    )
    registered = GuestbookEntry.objects.filter(ticket=OuterRef("ticket"))
    counts = (
        ratings.filter(channel=Channel.WALK_IN, ticket__isnull=False)
        .order_by()
        .aggregate(
            ratings=Count("pk"),
            without_guestbook=Count("pk", filter=~Exists(registered)),
            short_visits=Count("pk", filter=Exists(short)),
        )
    )
    if counts["ratings"] and not office_has_front_office(office.pk):
        counts["without_guestbook"] = None
    return WalkInChecks(**counts)


@dataclass(frozen=True)
class RatingsReport:
    month: Month
    channel: str
    summary: IkmSummary
    previous: IkmSummary  # the month before, same channels: the comparison
    profile: list[ProfileGroup]
    checks: WalkInChecks

    @property
    def channel_label(self) -> str:
        return ChannelFilter(self.channel).label if self.channel else ""

    @property
    def change(self) -> Decimal | None:
        """The converted index's change since the previous month; None without both."""
        if self.summary.converted is None or self.previous.converted is None:
            return None
        return self.summary.converted - self.previous.converted


def ratings_report(office: Office, month: Month, channel: str = "") -> RatingsReport:
    """The month's figures in five queries, however many ratings it has."""
    ratings = ratings_of_month(office, month, channel)
    previous = month.previous
    return RatingsReport(
        month=month,
        channel=channel,
        summary=ikm_summary(ratings),
        previous=(
            ikm_summary(ratings_of_month(office, previous, channel))
            if previous is not None
            else IkmSummary(0, [], None, None, None)
        ),
        profile=respondent_profile(ratings),
        checks=walk_in_checks(ratings, office),
    )


def rating_comments(office: Office, month: Month, channel: str = "") -> QuerySet[SurveyResponse]:
    """The month's comments that are not empty (a purge blanks them), newest first, with only
    what the page shows of them: the channel, and the complaint recorded from one
    (`complaint_pk`, joined here: not a query per row). Not the day: with it a comment
    pointed at the few visitors of that day (trial J, J1)."""
    return (
        ratings_of_month(office, month, channel)
        .exclude(comment="")
        .annotate(complaint_pk=F("complaint__pk"))
        .order_by("-submitted_at", "-pk")
        .only("channel", "comment")
    )


def ratings_for_export(office: Office, month: Month, channel: str = "") -> QuerySet[SurveyResponse]:
    """The month's ratings ordered by their answers, not by when they were given (the order
    of giving would point at the visitors of the day, trial J, J1)."""
    return (
        ratings_of_month(office, month, channel)
        .order_by("channel", *ELEMENT_FIELDS, "pk")
        .only("channel", *ELEMENT_FIELDS)
    )
