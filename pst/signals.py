"""Signals pst sends for the apps built on it (pst imports none of them)."""

from django.dispatch import Signal

# A user's email address was just verified (inside the verification's transaction);
# `user` is the account. Consultations opened for that address without an account join it.
email_verified = Signal()

# An administrator changed a staff account (roles, office, active) in the admin; `user` is
# the account as saved. Each receiver returns the warnings of what the change leaves behind
# in its app (a visitor at their desk, consultations they held), or an empty list.
staff_changed = Signal()

# An office's day was just recorded closed in the admin (a closure, a holiday); `office` is
# the office, or None for a national day that closes every office, and `date` the day. Each
# receiver acts on what its app had booked on that day and returns the messages for the
# administrator (how many it cancelled), or an empty list.
day_closed = Signal()

# The holiday sync just closed `dates` for every office (national holidays and cuti bersama
# new to the calendar, or closed again), in one go. Each receiver acts on what its app
# counted with those days open, once for them all (one email per consultation, however many
# days), and returns the messages for the operator, or an empty list.
holidays_synced = Signal()

# An office's opening hours were just changed in the admin; `office` is the office. Each
# receiver acts on what its app had booked at times the office no longer opens and returns
# the messages for the administrator, or an empty list.
hours_changed = Signal()

# The retention period of personal data ended for what `office` recorded before `before` (a
# date of the office): sent by the purge_personal_data command after the guestbook's own
# purge. Each receiver anonymises what its app keeps of that time and returns how many rows.
retention_ended = Signal()

# A walk-in visitor's guestbook entry was just anonymised at their request (queueing.guestbook.
# erasure), inside that transaction, the entry's row locked; `entry` is the entry, `now` the
# moment. Each receiver blanks what its app keeps of that visit as the retention purge would
# once the visit's retention ended (retention_ended), and returns how many rows.
guestbook_entry_anonymised = Signal()

# Someone signed in asked what the portal holds about them (pst.my_data); `user` is the
# account, `full` whether the copy to download is made (each record's details) or only the
# page. Each receiver returns a list of pst.my_data.DataSection of what its app keeps linked
# to the account (never by a same email alone), or an empty list.
personal_data_held = Signal()

# A person is deleting their own account (pst.erasure), inside its transaction, before
# `account_erased`, while what each app keeps is still linked to the account; `user` is the
# account, `redaction` a pst.personal_data.PersonRedaction of its name, email and phone. Each
# receiver takes them out of the free texts its app keeps linked to the account (adding the
# names and contacts typed in its own forms) and returns how many rows changed (trial S5).
account_texts_redact = Signal()

# A person is deleting their own account (pst.erasure), inside its transaction, before the
# account's own fields are blanked; `user` is the account (its row locked), `now` the
# moment. Each receiver ends what its app still has open for the person (the way an office
# learns of it) and anonymises what it keeps linked to the account; it returns nothing.
account_erased = Signal()
