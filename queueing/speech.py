"""What the display board says aloud, always in Indonesian (the voice is `id-ID` whatever the
screen language): "Nomor antrean K nol nol tujuh, silakan ke Meja dua". The desk is named as
on every screen ("Front Office", "Meja 2"), its numbers read as words."""

from __future__ import annotations

import re

_DIGITS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
_UNITS = ["", *_DIGITS[1:], "sepuluh", "sebelas"]


def terbilang(number: int) -> str:
    """An integer 0–9999 in Indonesian words (desk numbers: "dua", "dua belas")."""
    if not 0 <= number <= 9999:
        raise ValueError("terbilang handles 0 to 9999")
    if number == 0:
        return "nol"
    if number < 12:
        return _UNITS[number]
    if number < 20:
        return f"{_UNITS[number - 10]} belas"
    if number < 100:
        tens, rest = divmod(number, 10)
        return f"{_UNITS[tens]} puluh {terbilang(rest)}" if rest else f"{_UNITS[tens]} puluh"
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        head = "seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus"
        return f"{head} {terbilang(rest)}" if rest else head
    thousands, rest = divmod(number, 1000)
    head = "seribu" if thousands == 1 else f"{_UNITS[thousands]} ribu"
    return f"{head} {terbilang(rest)}" if rest else head


def spoken_code(code: str) -> str:
    """K-007 → "K nol nol tujuh": digits one by one, as on the printed ticket."""
    letter, _sep, digits = code.partition("-")
    return " ".join([letter, *(_DIGITS[int(d)] for d in digits if d.isdigit())])


def spoken_desk(name: str) -> str:
    """ "Meja 2" → "Meja dua", "Front Office" stays: a voice reading digits may say them in
    English or as a date, the words it always says right."""
    return re.sub(r"\d{1,4}", lambda match: terbilang(int(match.group())), " ".join(name.split()))


def call_announcement(code: str, desk_name: str) -> str:
    return f"Nomor antrean {spoken_code(code)}, silakan ke {spoken_desk(desk_name)}"
