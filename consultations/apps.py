from django.apps import AppConfig
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from consultations.appointments.closures import appointments_cancel_on_closed_days
        from consultations.erasure import consultations_erase_requester, consultations_texts_redact
        from consultations.lifecycle.due_moves import consultations_due_move, due_moves_told
        from consultations.lifecycle.remote import consultations_attach_to_account
        from consultations.my_data import account_consultation_data
        from consultations.retention import (
            consultation_contacts_of_visit_purge,
            consultation_contacts_purge,
        )
        from consultations.selectors import consultations_left_by
        from pst.signals import (
            account_erased,
            account_texts_redact,
            day_closed,
            email_verified,
            guestbook_entry_anonymised,
            holidays_synced,
            hours_changed,
            personal_data_held,
            retention_ended,
            staff_changed,
        )

        def attach(sender, user, **kwargs) -> None:
            consultations_attach_to_account(user=user)

        email_verified.connect(attach, dispatch_uid="consultations_attach_to_account", weak=False)

        def tell_consultations_left(sender, user, **kwargs) -> list[str]:
            return consultations_left_by(user)

        staff_changed.connect(
            tell_consultations_left, dispatch_uid="consultations_left_by", weak=False
        )

        def cancel_appointments_of(sender, office, date, **kwargs) -> list[str]:
            count = appointments_cancel_on_closed_days(office=office, day=date)
            if not count:
                return []
            return [
                ngettext(
                    "The office is closed on %(day)s: %(count)d appointment that day was "
                    "cancelled. Its requester is emailed (if an address is known) and its "
                    "officer asked to offer another time.",
                    "The office is closed on %(day)s: %(count)d appointments that day were "
                    "cancelled. Their requesters are emailed (if an address is known) and "
                    "their officers asked to offer another time.",
                    count,
                )
                % {"day": date_format(date, "j F Y"), "count": count}
            ]

        day_closed.connect(
            cancel_appointments_of, dispatch_uid="appointments_cancel_on_closed_days", weak=False
        )

        def move_due_dates_of(sender, office, date, **kwargs) -> list[str]:
            return due_moves_told(consultations_due_move(office=office, days=[date]))

        day_closed.connect(move_due_dates_of, dispatch_uid="consultations_due_move", weak=False)

        def move_due_dates_after_sync(sender, dates, **kwargs) -> list[str]:
            # One move per consultation for every day the sync closed: one email.
            return due_moves_told(consultations_due_move(office=None, days=dates))

        holidays_synced.connect(
            move_due_dates_after_sync, dispatch_uid="consultations_due_move_sync", weak=False
        )

        def cancel_appointments_out_of_hours(sender, office, **kwargs) -> list[str]:
            count = appointments_cancel_on_closed_days(office=office)
            if not count:
                return []
            return [
                ngettext(
                    "%(count)d appointment fell outside the new opening hours and was "
                    "cancelled. Its requester is emailed (if an address is known) and its "
                    "officer asked to offer another time.",
                    "%(count)d appointments fell outside the new opening hours and were "
                    "cancelled. Their requesters are emailed (if an address is known) and "
                    "their officers asked to offer another time.",
                    count,
                )
                % {"count": count}
            ]

        hours_changed.connect(
            cancel_appointments_out_of_hours,
            dispatch_uid="appointments_cancel_out_of_hours",
            weak=False,
        )

        def purge_contacts(sender, office, before, **kwargs) -> int:
            return consultation_contacts_purge(office=office, before=before)

        retention_ended.connect(
            purge_contacts, dispatch_uid="consultation_contacts_purge", weak=False
        )

        def purge_contacts_of_visit(sender, entry, **kwargs) -> int:
            return consultation_contacts_of_visit_purge(entry=entry)

        guestbook_entry_anonymised.connect(
            purge_contacts_of_visit, dispatch_uid="consultation_contacts_of_visit_purge", weak=False
        )

        def consultation_data_of(sender, user, full, **kwargs) -> list:
            return account_consultation_data(user, full=full)

        personal_data_held.connect(
            consultation_data_of, dispatch_uid="account_consultation_data", weak=False
        )

        def erase_requester(sender, user, now, **kwargs) -> None:
            consultations_erase_requester(user=user, now=now)

        account_erased.connect(
            erase_requester, dispatch_uid="consultations_erase_requester", weak=False
        )

        def redact_requester(sender, user, redaction, **kwargs) -> int:
            return consultations_texts_redact(user=user, redaction=redaction)

        account_texts_redact.connect(
            redact_requester, dispatch_uid="consultations_texts_redact", weak=False
        )
