from django.core.management.base import CommandError, CommandParser

from pst import calendar_services, services
from pst.management.periodic import PeriodicCommand


class Command(PeriodicCommand):
    help = (
        "Synchronise national holidays and cuti bersama from the `holidays` package. "
        "`--years 2025 2027` syncs 2025 to 2027 inclusive; one year syncs that year."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--years",
            nargs="+",
            type=int,
            required=True,
            metavar="YEAR",
            help="First and last year (inclusive), or a single year.",
        )

    def handle(self, *args: object, years: list[int], **options: object) -> None:
        if len(years) > 2:
            raise CommandError("Give one year, or the first and the last year.")
        first, last = years[0], years[-1]
        try:
            result = calendar_services.holidays_sync(first_year=first, last_year=last)
        except services.PortalError as error:
            raise CommandError(error.message) from error
        self.summary(
            f"Holidays {first}–{last}: {result.created} created, {result.updated} updated, "
            f"{result.kept_manual} kept as edited by an administrator, "
            f"{result.withdrawn} no longer listed (marked open).",
            did_something=bool(result.created or result.updated or result.withdrawn),
        )
