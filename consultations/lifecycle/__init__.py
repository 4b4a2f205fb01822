"""The online consultation's life, one service per transition (issue 10, DESIGN §2/§4):

    submitted ──ask──▶ needs clarification ──requester replies──▶ submitted
        │                     └── no reply in 14 days (sweep) ──▶ cancelled
        └──accept (clock starts, due in N working days)──▶ accepted ──answer──▶ answered
    answered ──requester confirms, or 7 days (sweep)──▶ closed
    any open one ──a supervisor's hand-over of all an officer holds──▶ another officer, or none
    answered/closed ──reopen, once, within 7 days of the answer (clock restarts)──▶ accepted
    submitted/needs clarification/accepted ──requester cancels──▶ cancelled
    submitted/needs clarification ──officer closes it without an answer (why)──▶ cancelled
    submitted/needs clarification/accepted ──recorded as a complaint (complaints)──▶ cancelled

Each transition locks the row, checks the state it starts from (ConsultationError code
"state" otherwise, so a double click or a second officer gets a clear refusal), and appends a
ConsultationEvent. Emails to the other side leave through django-tasks
(consultations.notifications), after the transaction commits.
"""

from consultations.lifecycle.dismissal import (
    BEFORE_ANSWER,
    consultation_close_as_complaint,
    consultation_dismiss,
)
from consultations.lifecycle.handover import consultations_hand_over
from consultations.lifecycle.office import (
    consultation_accept,
    consultation_answer,
    consultation_assign,
    consultation_claim,
    consultation_request_clarification,
    consultation_write,
)
from consultations.lifecycle.requester import (
    consultation_cancel,
    consultation_close,
    consultation_may_cancel,
    consultation_may_close,
    consultation_may_reopen,
    consultation_reopen,
    consultation_reply,
    consultation_submit,
)
from consultations.lifecycle.rules import (
    AUTO_CLOSE_DAYS,
    CLARIFICATION_DAYS,
    REOPEN_DAYS,
    consultation_due,
)

__all__ = [
    "AUTO_CLOSE_DAYS",
    "BEFORE_ANSWER",
    "CLARIFICATION_DAYS",
    "REOPEN_DAYS",
    "consultation_accept",
    "consultation_answer",
    "consultation_assign",
    "consultation_cancel",
    "consultation_claim",
    "consultation_close",
    "consultation_close_as_complaint",
    "consultation_dismiss",
    "consultation_due",
    "consultation_may_cancel",
    "consultation_may_close",
    "consultation_may_reopen",
    "consultation_reopen",
    "consultation_reply",
    "consultation_request_clarification",
    "consultation_submit",
    "consultation_write",
    "consultations_hand_over",
]
