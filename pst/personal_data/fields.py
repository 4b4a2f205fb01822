"""Which fields of which model hold personal data, declared once per model, and what every
reader of personal data does with each: the text rules (identity numbers, control
characters), the retention purge, the returning-visitor prefill, and masking in lists and
exports.

Every model of the project that has a text field is declared here, its personal fields with
a `PersonalField` and its other text fields by name in `not_personal`; a test compares the
declarations with the models, so a text field added later fails the suite until someone
decides whether the purge must blank it. The declarations are keyed by model label so that
pst need not import the apps that depend on it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from pst.models import OFFICE_CONTACT_FIELDS
from pst.personal_data.rules import refuse_control_characters, refuse_identity_number

# -- masking for lists and exports (enough to tell two visitors apart, not to contact them) --


def mask_email(email: str) -> str:
    """rina.wulandari@example.org → ri•••@ex•••.org"""
    if not email or "@" not in email:
        return ""
    local, _at, domain = email.partition("@")
    host, dot, tld = domain.rpartition(".")
    if not dot:  # a domain without a dot: hide it all
        host, tld = domain, ""
    return f"{_head(local)}•••@{_head(host)}•••{dot}{tld}"


def _head(part: str) -> str:
    """At most two characters, and never more than half of the part."""
    return part[: min(2, len(part) // 2)]


def mask_phone(phone: str) -> str:
    """+6281234567890 → +62•••••••7890"""
    if not phone:
        return ""
    keep = 4
    head = "+62" if phone.startswith("+62") else phone[:1]
    hidden = max(0, len(phone) - len(head) - keep)
    return f"{head}{'•' * hidden}{phone[-keep:]}"


def mask_handle(handle: str) -> str:
    """An account, a handle or a report number: its first characters only.
    @user_ig → @u•••, 4512345 → 45•••"""
    if not handle:
        return ""
    return f"{handle[: min(3, len(handle) // 3)]}•••"


# -- the declaration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TextField:
    """Free text the rules apply to. `email`: an address, checked whole and emptied (not
    redacted) when a form refuses it."""

    multiline: bool = False
    email: bool = False


LINE = TextField()
LINES = TextField(multiline=True)
EMAIL = TextField(email=True)

# How the retention purge treats a personal field.
BLANK = "blank"  # emptied: the person can no longer be told from the record
KEEP = "keep"  # kept: a category the statistics count (sex, education…), or not purged at all


@dataclass(frozen=True)
class PersonalField:
    """One personal field of a model.

    - `text`: free text the identity-number and control-character rules apply to; None for a
      choice, a number, or a value a form parses (phone, the card's last four digits).
    - `purge`: BLANK or KEEP (see above).
    - `prefill`: a returning visitor's last entry gives it to their new one (the person, not
      the visit).
    - `mask`: how lists and exports show it to staff who do not see contacts in clear; None:
      shown as stored.
    - `contact`: who the person is and how to reach them (a name, an address, a phone, a
      handle), as against what they wrote: what a person's erasure blanks on a record the
      office keeps (`contact_fields_blank`).
    """

    text: TextField | None = None
    purge: str = BLANK
    prefill: bool = False
    mask: Callable[[str], str] | None = None
    contact: bool = False


@dataclass(frozen=True)
class PersonalData:
    """A model's declaration: its personal fields, and its text fields that are not personal
    (codes, choices of the visit, an office's public contacts, hashes)."""

    personal: Mapping[str, PersonalField] = field(default_factory=dict)
    not_personal: frozenset[str] = frozenset()


# A category of the visitor: prefilled for a returning one, kept by the purge for the counts.
CATEGORY = PersonalField(purge=KEEP, prefill=True)
# Free text of a consultation: the rules apply; there is no purge of consultation records yet.
CONSULTATION_TEXT = PersonalField(LINES, purge=KEEP)

DECLARATIONS: dict[str, PersonalData] = {
    "pst.Office": PersonalData(
        # The office's own public contacts and texts, printed on its service standard.
        not_personal=frozenset(
            [
                "code",
                "name",
                "province",
                *OFFICE_CONTACT_FIELDS,
                "time_zone",
                "sk_number",
                "requirements_walk_in",
                "requirements_online",
                "display_message",
            ]
        )
    ),
    "pst.Holiday": PersonalData(not_personal=frozenset({"name", "kind", "source"})),
    "pst.User": PersonalData(
        personal={
            # Accounts are not purged by retention: a person removes their own account.
            "email": PersonalField(EMAIL, purge=KEEP, mask=mask_email),
            "pending_email": PersonalField(EMAIL, purge=KEEP, mask=mask_email),
            "full_name": PersonalField(LINE, purge=KEEP),
            "phone": PersonalField(purge=KEEP, mask=mask_phone),
            "institution": PersonalField(LINE, purge=KEEP),
            "occupation": PersonalField(LINE, purge=KEEP),
        },
        not_personal=frozenset({"password", "language"}),  # a hash; an interface choice
    ),
    # The subject names a record ("guestbook entry 12"), never a person.
    "pst.PersonalDataAccess": PersonalData(not_personal=frozenset({"kind", "subject"})),
    # A flood guard's key is stored as a hash: no client or email address is kept.
    "pst.FloodCount": PersonalData(not_personal=frozenset({"key"})),
    "queueing.Service": PersonalData(
        not_personal=frozenset({"prefix", "name", "name_en", "description"})
    ),
    "queueing.Desk": PersonalData(not_personal=frozenset({"name", "kind"})),
    "queueing.Ticket": PersonalData(
        not_personal=frozenset(
            {"code", "token", "priority", "stage", "origin", "status", "language"}
        )
    ),
    "queueing.TicketEvent": PersonalData(
        not_personal=frozenset({"stage", "kind", "priority", "priority_before"})
    ),
    "queueing.GuestbookEntry": PersonalData(
        personal={
            "name": PersonalField(LINE, prefill=True),
            "id_type": CATEGORY,
            # Not prefilled: the card is looked at again at every visit.
            "id_last4": PersonalField(),
            "email": PersonalField(EMAIL, prefill=True, mask=mask_email),
            "phone": PersonalField(prefill=True, mask=mask_phone),
            "sex": CATEGORY,
            "birth_year": CATEGORY,
            "education": CATEGORY,
            "occupation": CATEGORY,
            "institution_category": CATEGORY,
            "institution_name": PersonalField(LINE, prefill=True),
            # What this visit asked for, not who the visitor is: not prefilled.
            "data_needed": PersonalField(LINES),
            "has_disability": CATEGORY,
            "disability_kind": PersonalField(LINE, prefill=True),
        },
        not_personal=frozenset({"purpose", "language"}),
    ),
    # A correction's values are the entry's: the purge blanks those of the fields it blanks
    # in the entry (guestbook_purge).
    "queueing.GuestbookRevision": PersonalData(
        personal={"old_value": PersonalField(), "new_value": PersonalField()},
        not_personal=frozenset({"field"}),
    ),
    "consultations.SubjectArea": PersonalData(not_personal=frozenset({"name", "name_en"})),
    "consultations.Consultation": PersonalData(
        personal={
            "question": CONSULTATION_TEXT,
            "answer": CONSULTATION_TEXT,
            "links": CONSULTATION_TEXT,
            "data_region": PersonalField(LINE, purge=KEEP),
            "data_period": PersonalField(LINE, purge=KEEP),
            "data_detail": PersonalField(LINE, purge=KEEP),
            "intended_use": CONSULTATION_TEXT,
            # A requester without an account (or a walk-in visitor's contact written at the
            # desk): blanked when the retention ends (consultations.retention).
            "requester_name": PersonalField(LINE, contact=True),
            "requester_email": PersonalField(EMAIL, mask=mask_email, contact=True),
            "requester_phone": PersonalField(mask=mask_phone, contact=True),
        },
        not_personal=frozenset({"channel", "topic", "status", "outcome", "dismissal"}),
    ),
    # An article is written for everyone: the rules apply (no identity number, no control
    # character), there is nothing to purge.
    "consultations.Article": PersonalData(
        personal={
            "title": PersonalField(LINE, purge=KEEP),
            "body": CONSULTATION_TEXT,
            "links": CONSULTATION_TEXT,
            # Typed one a line or comma-separated; stored as one line (knowledge.services).
            "keywords": CONSULTATION_TEXT,
        },
        not_personal=frozenset({"slug"}),
    ),
    # A query is stored normalised with identity numbers masked (knowledge.services).
    "consultations.SearchLog": PersonalData(personal={"query": PersonalField(LINE, purge=KEEP)}),
    # A requester's reason for cancelling is their words, kept as their messages are.
    "consultations.ConsultationEvent": PersonalData(
        personal={"note": CONSULTATION_TEXT},
        not_personal=frozenset({"kind", "from_status", "to_status"}),
    ),
    "consultations.Message": PersonalData(
        personal={"body": CONSULTATION_TEXT},
        not_personal=frozenset({"kind", "channel", "email_message_id"}),
    ),
    # The name the sender gave their file can name them; the file itself is the message's.
    "consultations.Attachment": PersonalData(
        personal={"name": PersonalField(LINE, purge=KEEP)},
        not_personal=frozenset({"file", "content_type"}),
    ),
    # The meeting link and passcode are the office's, not the requester's (shown to the
    # requester and the office's staff only).
    "consultations.Appointment": PersonalData(
        # closed_reason: the closure's name ("Pemadaman listrik"), the office's, nobody's data.
        not_personal=frozenset(
            {"kind", "status", "code", "zoom_url", "zoom_passcode", "closed_reason"}
        )
    ),
    "consultations.ConsultationRevision": PersonalData(
        personal={
            "old_value": PersonalField(purge=KEEP),
            "new_value": PersonalField(purge=KEEP),
        },
        not_personal=frozenset({"field"}),
    ),
    # A rating names nobody: its categories are counted; its comment may name someone (the
    # respondent, an officer) and is blanked when the retention ends (surveys.retention).
    "complaints.SurveyResponse": PersonalData(
        personal={
            "sex": PersonalField(purge=KEEP),
            "education": PersonalField(purge=KEEP),
            "occupation": PersonalField(purge=KEEP),
            "comment": PersonalField(LINES),
        },
        not_personal=frozenset({"channel"}),
    ),
    "complaints.ComplaintCategory": PersonalData(
        not_personal=frozenset({"key", "name", "name_en"})
    ),
    # The complainant's contact and their account of what happened are blanked when the
    # retention ends (complaints.handling.retention); the office's answer and its history
    # stay (an internal note names no complainant: the rules apply to it as to the answer).
    "complaints.Complaint": PersonalData(
        personal={
            "complainant_name": PersonalField(LINE, contact=True),
            "complainant_email": PersonalField(EMAIL, mask=mask_email, contact=True),
            "complainant_phone": PersonalField(mask=mask_phone, contact=True),
            # A social media account or handle, or a LAPOR! report's number: a contact.
            "complainant_reply_to": PersonalField(LINE, mask=mask_handle, contact=True),
            "description": PersonalField(LINES),
            "answer": PersonalField(LINES, purge=KEEP),
            # A digest of the complaint with its sender (an anonymous one's client address),
            # needed for half an hour only (complaints.handling.filing).
            "repeat_key": PersonalField(),
        },
        not_personal=frozenset({"code", "channel", "related_reference", "status", "language"}),
    ),
    # The file itself is the person's (a photo, a chat): the purge deletes the row and the
    # file with the complainant's contact (complaints.handling.retention).
    "complaints.ComplaintEvidence": PersonalData(
        personal={"name": PersonalField(LINE)},
        not_personal=frozenset({"file", "content_type"}),
    ),
    # The office's responses and notes stay; what the complainant wrote later (kind
    # "from_complainant") is blanked with their complaint's text (complaints.handling.retention).
    "complaints.ComplaintEvent": PersonalData(
        personal={"body": PersonalField(LINES, purge=KEEP)},
        not_personal=frozenset({"kind", "from_status", "to_status", "via", "email_message_id"}),
    ),
}


def _label(model: Any) -> str:
    return model if isinstance(model, str) else model._meta.label


def personal_fields(model: Any) -> Mapping[str, PersonalField]:
    """The declared personal fields of a model class, instance or label."""
    declaration = DECLARATIONS.get(_label(model))
    return declaration.personal if declaration else {}


def fields_purged(model: Any) -> list[str]:
    """The fields the retention purge blanks."""
    return [name for name, spec in personal_fields(model).items() if spec.purge == BLANK]


def purged_fields_blank(rows: Any) -> int:
    """Blank the fields the retention purge blanks (`fields_purged`) on the rows of the
    queryset `rows` that still hold some; how many rows were blanked."""
    blanked = dict.fromkeys(fields_purged(rows.model), "")
    return rows.exclude(**blanked).update(**blanked)


def fields_contact(model: Any) -> list[str]:
    """The fields that say who the person is and how to reach them (`PersonalField.contact`)."""
    return [name for name, spec in personal_fields(model).items() if spec.contact]


def contact_fields_blank(rows: Any) -> int:
    """Blank the contact fields (`fields_contact`) on the rows of the queryset `rows` that
    still hold some, leaving what the person wrote; how many rows were blanked."""
    blanked = dict.fromkeys(fields_contact(rows.model), "")
    return rows.exclude(**blanked).update(**blanked)


def fields_prefilled(model: Any) -> list[str]:
    """The fields a returning visitor's last record gives their new one."""
    return [name for name, spec in personal_fields(model).items() if spec.prefill]


def personal_value_shown(model: Any, name: str, value: str, *, unmasked: bool) -> str:
    """`value` of field `name` as a list, page or export shows it: masked when the field is
    declared masked and the reader does not see contacts in clear."""
    spec = personal_fields(model).get(name)
    if unmasked or spec is None or spec.mask is None:
        return value
    return spec.mask(value)


def personal_text_fields(model: Any) -> dict[str, TextField]:
    """The declared free-text fields of a model class, instance or label: the identity-number
    and control-character rules apply to them (forms and services alike)."""
    return {
        name: spec.text for name, spec in personal_fields(model).items() if spec.text is not None
    }


@dataclass
class PersonalTextRefused(Exception):
    """A personal text field breaks a rule; the services turn it into their domain error."""

    field: str
    message: str
    code: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def personal_text_check(model: Any, values: Mapping[str, Any]) -> None:
    """Check the declared text fields of `model` present in `values`; raise
    PersonalTextRefused naming the first field that breaks a rule."""
    for name, spec in personal_text_fields(model).items():
        value = values.get(name)
        if not isinstance(value, str) or not value:
            continue
        try:
            refuse_control_characters(value, multiline=spec.multiline)
            refuse_identity_number(value)
        except ValidationError as error:
            raise PersonalTextRefused(
                field=name, message=str(error.messages[0]), code=str(error.code)
            ) from error
