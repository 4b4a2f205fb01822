import holidays as holidays_lib
from django.core.management.base import CommandError, CommandParser

from pst import calendar_services, services
from pst.calendar_services import HolidayYear
from pst.management.periodic import PeriodicCommand


class Command(PeriodicCommand):
    help = (
        "Synchronise national holidays and cuti bersama from the `holidays` package. "
        "`--years 2025 2027` syncs 2025 to 2027 inclusive; one year syncs that year. Reports "
        "per year the national holidays, cuti bersama and estimated dates the package lists; "
        "a year without cuti bersama or with estimated dates gets a WARNING line on stderr "
        "(the exit code stays 0: the sync itself worked)."
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
        # What the package lists is the same every Monday until a new release: with the
        # summary, not in every cron mail. What is still missing is a warning (stderr) each time.
        for year in result.years:
            self.summary(
                f"{year.year}: {year.national} national holidays, {year.cuti_bersama} cuti "
                f"bersama, {len(year.estimated)} estimated dates.",
                did_something=bool(result.created or result.updated or result.withdrawn),
            )
        for message in result.messages:
            self.stdout.write(message)
        for year in result.years:
            for warning in _warnings(year):
                self.stderr.write(f"WARNING: {warning}")


def _warnings(year: HolidayYear) -> list[str]:
    """Why the year's calendar is not final yet, and what the operator does about it."""
    package = f"holidays {holidays_lib.__version__}"
    said = []
    if not year.cuti_bersama:
        said.append(
            f"{year.year} has no cuti bersama in the {package} package: until they are in "
            "the calendar, those days count as working days. They arrive with a newer release "
            "of the package (upgrade it, then sync again), or enter them in the admin "
            "(Holidays, kind Cuti bersama) once the government's SKB is published."
        )
    if year.estimated:
        days = "; ".join(f"{day.day} {day:%b} {name}" for day, name in year.estimated)
        said.append(
            f"{year.year}: {len(year.estimated)} dates of the {package} package are estimates, "
            f"stored as closed days: {days}. Check them against the SKB once it is published "
            "(a newer release of the package, or correct them in the admin)."
        )
    return said
