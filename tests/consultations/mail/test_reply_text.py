"""What is kept of a reply's text: the new part, in Indonesian and English mail clients'
layouts; never a list item or an ordinary greeting taken for a signature."""

from __future__ import annotations

import pytest

from consultations.mail.parse import clean_text, reply_text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "Saya butuh:\n- data PDRB\n- data IPM\n\nTerima kasih,\nBudi",
            "Saya butuh:\n- data PDRB\n- data IPM",
        ),
        (
            "Selamat siang,\nSalam kenal, saya Budi dari Unikal.\nMohon data IPM 2024.",
            "Selamat siang,\nSalam kenal, saya Budi dari Unikal.\nMohon data IPM 2024.",
        ),
        (
            "Baik, terima kasih.\n\nPada Sen, 23 Nov 2026 pukul 10.00 PST <pst@example.go.id> "
            "menulis:\n> Jawaban kami ...",
            "Baik, terima kasih.",
        ),
        ("Data 2023 saja.\n\nDikirim dari iPhone saya", "Data 2023 saja."),
        (
            "Sudah saya terima.\n\nDari: PST BPS <pst@example.go.id>\nDikirim: Senin, 23 "
            "November 2026 10.00\nKepada: Budi <budi@example.net>\nPerihal: Jawaban\n\nIsi lama",
            "Sudah saya terima.",
        ),
        ("Oke.\n\nHormat saya,\nBudi Santoso\nNIP 1987", "Oke."),
        (
            "Yes, 2023.\n\nOn Mon, 23 Nov 2026 at 10:00 PST <pst@example.go.id> wrote:\n> old",
            "Yes, 2023.",
        ),
    ],
)
def test_the_new_part_of_a_reply_is_kept(text, kept):
    assert reply_text(text, forwarded=False) == kept


def test_text_from_a_mail_loses_control_characters_and_identity_numbers():
    assert clean_text("a\x00b\u200bc\r\n\r\n\r\n\r\nd NIK 6571012345678901 ") == "abc\n\nd NIK …"
