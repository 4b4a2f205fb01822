"""The one identity-number rule, control characters and masking (pst.personal_data)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from pst.personal_data import (
    PersonalTextRefused,
    contains_identity_number,
    mask_email,
    mask_phone,
    personal_text_check,
    redact_identity_numbers,
    refuse_control_characters,
)


@pytest.mark.parametrize(
    "text",
    [
        "6571012345670001",
        "6571 0123 4567 0001",
        "6571-0123-4567-0001",
        "6571/0123/4567/0001",
        "6571_0123_4567_0001",
        "6571,0123,4567,0001",
        "6571.0123.4567.0001",
        "6571\n0123\n4567\n0001",
        "6571\t0123\r\n4567 / 0001",
        "317101 230495 0001",
        "NIK: 3171012304950001.",
        "１９７１２０１２０４９５０００１",  # fullwidth
        "٦٥٧١٠١٢٣٤٥٦٧٠٠٠١",  # Arabic-Indic
        "६५७१०१२३४५६७०००१",  # Devanagari
        "6571 ０１２３ ٤٥٦٧ 0001",  # mixed scripts
        "1971 2012 0495 0001",  # one group looks like a year: the rest still counts
        "0812-3456-7890",  # a phone number in free text: contacts go in the contact fields
        "npwp 01.234.567.8-901.000",
    ],
)
def test_identity_numbers_are_found_whatever_the_digits_and_separators(text):
    assert contains_identity_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "IPM Kota Tarakan 2020–2025",
        "Tahun 2010 s.d. 2023",
        "Data 2018, 2019, 2020, 2021 dan 2022",
        "2010-2015, 2016-2020",
        "periode 01-01-2023 – 31-12-2023",
        "KBLI 47111, 47112, 47191",
        "Tabel 3.1.1, 3.1.2, 3.2.1, 3.2.2",
        "kode wilayah 6571010001",  # one desa code: 10 digits
        "0812-345-678",  # 10 digits
        "https://tarakankota.bps.go.id/statictable/2014/09/08/950/penduduk.html",
        "",
    ],
)
def test_years_dates_codes_and_table_numbers_stay_allowed(text):
    assert not contains_identity_number(text)


def test_redaction_keeps_the_text_and_removes_only_the_number():
    text = "Data IPM 2020-2023 untuk NIK 6571 0123 4567 0001, terima kasih"
    assert redact_identity_numbers(text) == "Data IPM 2020-2023 untuk NIK …, terima kasih"
    assert not contains_identity_number(redact_identity_numbers(text))


@pytest.mark.parametrize("ch", ["\x0b", "\x0c", "\x00", "\x1f", "\x85", "\u200b", "\u202e",
                                "\u2066", "\ufeff", "\u2028", "\u2029"])  # fmt: skip
def test_control_characters_are_refused_in_every_field(ch):
    for multiline in (False, True):
        with pytest.raises(ValidationError):
            refuse_control_characters(f"Rina{ch}Wulandari", multiline=multiline)


@pytest.mark.parametrize("ch", ["\t", "\n", "\r"])
def test_tab_and_line_breaks_only_in_multi_line_fields(ch):
    refuse_control_characters(f"baris satu{ch}baris dua", multiline=True)
    with pytest.raises(ValidationError):
        refuse_control_characters(f"Rina{ch}Wulandari", multiline=False)


@pytest.mark.parametrize(
    "text",
    [
        "Petugas lambat 🤦\u200d♂️ sekali",  # an emoji sequence joined by U+200D
        "Tim 🧑\u200d💻 dan keluarga 👨\u200d👩\u200d👧",
        "Data pen\u00adduduk Tarakan 2024",  # a soft hyphen, from text copied out of a PDF
        "می\u200cخواهم",  # a zero-width non-joiner inside a Persian word
    ],
)
def test_emoji_joiners_and_soft_hyphens_are_not_refused(text):
    for multiline in (False, True):
        refuse_control_characters(text, multiline=multiline)


def test_the_refusal_names_the_character_and_where_it_stands_but_not_the_text():
    with pytest.raises(ValidationError) as error:
        refuse_control_characters("NIK 3171\u202e0123", multiline=True)
    assert "pada karakter ke-9" in error.value.messages[0]  # Indonesian first
    with translation.override("en"), pytest.raises(ValidationError) as error:
        refuse_control_characters("NIK 3171\u202e0123", multiline=True)
    message = error.value.messages[0]
    assert error.value.code == "control_character"
    assert "U+202E right-to-left override" in message and "character 9" in message
    assert "3171" not in message  # the text around it may be a card number
    with translation.override("en"), pytest.raises(ValidationError) as error:
        refuse_control_characters("\u200bRina", multiline=False)
    assert "U+200B zero width space" in error.value.messages[0]
    assert "character 1" in error.value.messages[0]


def test_ordinary_text_passes():
    refuse_control_characters("Rina Wulandari — Universitas Borneo, 2024 ✓", multiline=False)


def test_the_declared_fields_are_checked_and_the_field_is_named():
    with pytest.raises(PersonalTextRefused) as error:
        personal_text_check(
            "queueing.GuestbookEntry",
            {"name": "Rina", "data_needed": "IPM 2020", "institution_name": "6571/0123/4567/0001"},
        )
    assert (error.value.field, error.value.code) == ("institution_name", "identity_number")
    with pytest.raises(PersonalTextRefused) as error:
        personal_text_check("queueing.GuestbookEntry", {"email": "6571012345670001@mail.com"})
    assert error.value.field == "email"
    with pytest.raises(PersonalTextRefused) as error:
        personal_text_check("pst.User", {"full_name": "Rina\x0bW"})
    assert (error.value.field, error.value.code) == ("full_name", "control_character")
    personal_text_check("consultations.Consultation", {"question": "PDRB\n2020\t2021"})


def test_masking():
    assert mask_email("rina.wulandari@example.org") == "ri•••@ex•••.org"
    assert mask_phone("+6281234567890") == "+62•••••••7890"
    assert mask_email("") == mask_phone("") == ""


@pytest.mark.parametrize(
    "text",
    [
        "³¹⁷¹⁰¹²³⁴⁵⁶⁷⁰⁰⁰¹",  # superscript digits: unicodedata.decimal skips them
        "₃₁₇₁₀₁₂₃₄₅₆₇₀₀₀₁",  # subscript
        "3171 ⁰¹²³ ₄₅₆₇ 0001",  # mixed with ASCII
        "③①⑦①⓪①②③④⑤⑥⑦⓪⓪⓪①",  # circled
        "31 71 01 23 45 67 00 01",  # a NIK in pairs
        "NIK 31 71 01 23 45 67 00 01 ya",
        "31 71\n01 23\n45 67\n00 01",
        "31 71 01 23 45 67",  # six pairs: twelve digits
    ],
)
def test_superscript_subscript_circled_and_paired_digits_are_identity_numbers(text):
    assert contains_identity_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kecamatan 6571010, 6571020, 6571030",
        "Kode desa 6571010001, 6571010002, 6571010003",
        "HS 0901.11.10, 0901.12.10",
        "Ekspor HS 2701, 2709, 2711, 4403",
        "Ekspor HS 2701; 2709; 2711; 4403",
        "Bulan 01, 02, 03, 04, 05, 06, 07, 08",  # months in a list stay allowed
        "31 71 01 23 45",  # five pairs
        "jam 08.00-12.00 13.00-16.00",  # pairs joined by punctuation
    ],
)
def test_lists_of_codes_and_months_stay_allowed(text):
    assert not contains_identity_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "3171,0123,4567,0001",  # a comma without a space still joins
        "3171;0123;4567;0001",
        "3171 ,0123 ,4567 ,0001",
        "Kode 6571010001,6571010002",
    ],
)
def test_a_comma_without_whitespace_after_it_still_joins_digits(text):
    assert contains_identity_number(text)


def test_a_number_in_the_domain_of_an_email_address_is_refused():
    for email in (
        "x@3171012345670001.example.org",
        "x@3171-0123-4567-0001.example.org",
        "x@３１７１０１２３４５６７０００１.example.org",
        "x@٣١٧١٠١٢٣٤٥٦٧٠٠٠١.example.org",
    ):
        with pytest.raises(PersonalTextRefused) as refused:
            personal_text_check("queueing.GuestbookEntry", {"email": email})
        assert refused.value.field == "email"
    personal_text_check("queueing.GuestbookEntry", {"email": "rina2023@mail2.example.org"})


@pytest.mark.parametrize(
    "text",
    [
        "Kota Tarakan Dalam Angka 2024, ISBN 978-602-1234-56-7",
        "ISBN: 9786021234567",
        "publikasi 978-602-1234-56-3",  # a valid check digit needs no label
    ],
)
def test_an_isbn_of_a_publication_is_not_an_identity_number(text):
    assert not contains_identity_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "978-602-1234-56-7",  # 13 digits, wrong check digit, no label
        "ISBN 3171012345670001",  # a NIK after the word ISBN is still a NIK
        "ISBN 978-3171-0123-4567",  # 15 digits
    ],
)
def test_only_a_real_isbn_passes(text):
    assert contains_identity_number(text)
