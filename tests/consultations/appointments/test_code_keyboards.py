"""An appointment code typed with another keyboard (product trial G, G12): fullwidth letters
(ＡＢＣＤＥＦ) and Arabic-Indic digits are the same code at the kiosk and on the phone page."""

from __future__ import annotations

import pytest

from consultations.appointments.codes import code_normalize
from consultations.appointments.models import Appointment
from queueing.models import Ticket
from tests.consultations.appointments.conftest import at
from tests.consultations.appointments.test_check_in import booked, check_in  # noqa: F401

FULLWIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize("phone", [False, True])
@pytest.mark.parametrize("keyboard", [FULLWIDTH, ARABIC_INDIC])
def test_a_code_typed_on_another_keyboard_checks_in(
    client,
    office,
    booked,  # noqa: F811
    clock,
    k_service,
    keyboard,
    phone,
):
    Appointment.objects.filter(pk=booked.pk).update(code="ABC123")
    clock.move_to(at(24, 9, 40))
    response = check_in(client, office, "ABC123".translate(keyboard), phone=phone)
    assert response.status_code == 302
    assert Appointment.objects.get(pk=booked.pk).ticket == Ticket.objects.get()


def test_a_fullwidth_code_reads_as_its_ascii_letters():
    assert code_normalize("ＡＢＣＤＥＦ") == "ABCDEF"
    assert code_normalize("ＡＢＣ－١٢٣") == "ABC123"
    assert code_normalize("ＡＢＣＤＥＵ") is None  # still no U in the alphabet
