"""The complaints app's domain errors: the survey's and the complaints'."""

from pst.errors import DomainError


class SurveyError(DomainError):
    """The survey refused a rating (already given, link lapsed, not served yet)."""


class ComplaintError(DomainError):
    """A complaint was refused (incomplete, flooding) or an action on one is not possible
    now (already resolved, not this office's)."""
