"""The complaints app's domain error (the survey's and, later, the complaints')."""

from pst.errors import DomainError


class SurveyError(DomainError):
    """The survey refused a rating (already given, link lapsed, not served yet)."""
