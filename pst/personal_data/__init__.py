"""Personal data in one place (DESIGN §3, §7), for every app:

- `rules`: the identity-number rule and control characters in what people type;
- `fields`: which fields of which model are personal, declared once per model, and what the
  text rules, the retention purge, the returning-visitor prefill and masking in lists and
  exports do with each (all of them read that declaration); the masking itself;
- `access`: the log of staff looking at or exporting personal data;
- `redaction`: a person's name and contacts taken out of what was written, when they delete
  their account.

Import from `pst.personal_data`; the sub-modules split it only to keep each readable.
"""

from pst.personal_data.access import (
    personal_data_access_log,
    personal_data_access_purge,
    personal_data_accesses,
    personal_data_export_log,
    personal_data_page_log,
    personal_data_readers,
)
from pst.personal_data.fields import (
    BLANK,
    DECLARATIONS,
    EMAIL,
    KEEP,
    LINE,
    LINES,
    PersonalData,
    PersonalField,
    PersonalTextRefused,
    TextField,
    contact_fields_blank,
    fields_contact,
    fields_prefilled,
    fields_purged,
    mask_email,
    mask_handle,
    mask_phone,
    personal_fields,
    personal_text_check,
    personal_text_fields,
    personal_value_shown,
    purged_fields_blank,
)
from pst.personal_data.redaction import (
    PersonRedaction,
    fields_redacted,
    person_redaction,
    personal_texts_redact,
)
from pst.personal_data.rules import (
    CONTROL_CHARACTER_REFUSED,
    IDENTITY_NUMBER_REFUSED,
    IDENTITY_NUMBER_REMOVED,
    LINE_BREAK_REFUSED,
    MIN_IDENTITY_DIGITS,
    REDACTED,
    ControlCharacterValidator,
    contains_identity_number,
    find_control_character,
    redact_identity_numbers,
    refuse_control_characters,
    refuse_identity_number,
)

__all__ = [
    "BLANK",
    "CONTROL_CHARACTER_REFUSED",
    "DECLARATIONS",
    "EMAIL",
    "IDENTITY_NUMBER_REFUSED",
    "IDENTITY_NUMBER_REMOVED",
    "KEEP",
    "LINE",
    "LINES",
    "LINE_BREAK_REFUSED",
    "MIN_IDENTITY_DIGITS",
    "REDACTED",
    "ControlCharacterValidator",
    "PersonRedaction",
    "PersonalData",
    "PersonalField",
    "PersonalTextRefused",
    "TextField",
    "contact_fields_blank",
    "contains_identity_number",
    "fields_contact",
    "fields_prefilled",
    "fields_purged",
    "fields_redacted",
    "find_control_character",
    "mask_email",
    "mask_handle",
    "mask_phone",
    "person_redaction",
    "personal_data_access_log",
    "personal_data_access_purge",
    "personal_data_accesses",
    "personal_data_export_log",
    "personal_data_page_log",
    "personal_data_readers",
    "personal_fields",
    "personal_text_check",
    "personal_text_fields",
    "personal_texts_redact",
    "personal_value_shown",
    "purged_fields_blank",
    "redact_identity_numbers",
    "refuse_control_characters",
    "refuse_identity_number",
]
