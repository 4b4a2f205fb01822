"""Signals consultations sends for the apps built on it (consultations imports none of them)."""

from django.dispatch import Signal

# The requester of a consultation an officer recorded as a complaint (closed with
# Dismissal.COMPLAINT) wrote to its reply address: what they wrote belongs to the complaint,
# never to a new consultation. Sent by consultations.mail.services.mail_receive inside its
# transaction, in the office's language, with `consultation`, `mail` (an IncomingMail) and
# `now`. The receiver that takes the mail returns its MailOutcome ("complaint", or
# "duplicate" for a Message-ID it took already); the others return None.
mail_to_recorded_complaint = Signal()
