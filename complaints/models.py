"""The models of the `complaints` app live in its sub-packages (DESIGN §3); Django finds
them here."""

from complaints.handling.models import (
    Complaint,
    ComplaintCategory,
    ComplaintEvent,
    ComplaintEvidence,
)
from complaints.surveys.models import SurveyResponse

__all__ = [
    "Complaint",
    "ComplaintCategory",
    "ComplaintEvent",
    "ComplaintEvidence",
    "SurveyResponse",
]
