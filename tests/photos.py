"""Photos as phones send them, for the tests of what files are taken: the first bytes of a
real iPhone HEIC (its `ftyp` box, brands heic/mif1/MiHE/miaf/MiHB, then the start of its
`meta` box), and files that only claim to be one."""

from __future__ import annotations

HEIC = bytes.fromhex(
    "00000024667479706865696300000000"  # ftyp box of 36 bytes, major brand heic
    "6d6966314d6948456d6961664d69484268656963"  # compatible: mif1 MiHE miaf MiHB heic
    "00000f2e6d65746100000000"  # meta box
    "0000002268646c72000000000000000070696374"  # its handler: a picture
) + bytes(400)


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    """An ISO-BMFF file's start: an `ftyp` box naming `major` and the `compatible` brands."""
    box = major + bytes(4) + b"".join(compatible)
    return (len(box) + 8).to_bytes(4, "big") + b"ftyp" + box + bytes(200)


# A phone video (ISO-BMFF too, but no HEIF brand) and a PDF, both called .heic.
MP4_NAMED_HEIC = ftyp(b"isom", b"isom", b"mp41")
PDF_NAMED_HEIC = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
