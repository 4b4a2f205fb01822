"""What the commands cron runs (README, Periodic commands) have in common: cron mails the
operator whatever a command prints, so one that had nothing to do says nothing (product
trial O, O7)."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class PeriodicCommand(BaseCommand):
    """Its summary is printed when it did something (with `-v 2` always, with `-v 0` never);
    a failure is a CommandError: its line on stderr and exit status 1."""

    verbosity = 1

    def execute(self, *args, **options):
        self.verbosity = options.get("verbosity", 1)
        return super().execute(*args, **options)

    def summary(self, text: str, *, did_something: bool) -> None:
        if self.verbosity >= 2 or (did_something and self.verbosity >= 1):
            self.stdout.write(self.style.SUCCESS(text))
