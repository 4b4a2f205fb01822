"""The words of `generate_ratings.py`'s comments: what respondents of a statistics office's
satisfaction survey write under "Saran dan masukan" — praise, suggestions and complaints of
the walk-in service and of the online channels, one short phrase to a few sentences — and the
function that writes one from a seeded random generator."""

from __future__ import annotations

import random

from online_text import DATA, REGIONS, USES

# A whole comment on its own, as many are: a few words.
SHORT = [
    "Mantap.", "Sudah bagus.", "Pertahankan.", "Puas dengan pelayanannya.", "Terima kasih.",
    "Pelayanan baik.", "Sangat membantu, terima kasih.", "Ok, lanjutkan.", "Semoga makin baik.",
    "Pelayanan cepat.", "Petugas ramah.", "Sukses terus BPS.", "Tidak ada saran, sudah baik.",
    "Luar biasa, terima kasih banyak.", "mantap pelayanannya", "cukup baik",
]  # fmt: skip
PRAISE = [
    "Pelayanan cepat dan petugasnya ramah.",
    "Terima kasih, petugas menjelaskan dengan sabar sampai saya paham.",
    "Data {data} yang saya butuhkan untuk {use} langsung didapat, sangat membantu.",
    "Pelayanan sangat memuaskan, semoga dipertahankan.",
    "Petugas konsultasi menguasai materi dan memberi contoh cara membaca tabel {data}.",
    "Ruang tunggu nyaman dan bersih, ada air minum juga.",
    "Antrean tertib dan nomor dipanggil sesuai urutan.",
    "Layanan tidak dipungut biaya sama sekali, terima kasih BPS Kota Tarakan.",
    "Saya dibantu mencari publikasi {region} Dalam Angka sampai ketemu halamannya.",
    "Petugas front office sigap mengarahkan ke meja yang tepat.",
    "Penjelasan tentang konsep dan definisi sangat jelas, sekarang saya paham bedanya.",
    "Prosesnya mudah, cukup mengisi buku tamu lalu menunggu dipanggil.",
]
PRAISE_ONLINE = [
    "Pertanyaan saya dijawab kurang dari sehari, cepat sekali.",
    "Jawaban lewat WhatsApp jelas dan disertai tautan tabelnya.",
    "Balasan surel lengkap dengan lampiran Excel, sangat membantu {use} saya.",
    "Tidak perlu datang ke kantor, cukup bertanya secara daring dan langsung dijawab.",
    "Petugas menanyakan kembali periode data yang saya maksud sehingga jawabannya tepat.",
]
SUGGESTION = [
    "Mohon disediakan colokan listrik di ruang tunggu untuk mengisi daya laptop.",
    "Sebaiknya jam layanan pada hari Jumat diperpanjang sampai sore.",
    "Akan lebih baik jika data {data} per kecamatan juga tersedia dalam format Excel di situs web.",
    "Tempat parkir kendaraan roda empat masih terbatas, mohon ditambah.",
    "Mohon petunjuk penggunaan tabel dinamis di situs web dibuat lebih sederhana.",
    "Wi-Fi untuk tamu kadang lambat, mohon ditingkatkan.",
    "Semoga ke depan ada layanan konsultasi pada hari Sabtu untuk mahasiswa.",
    "Perlu papan petunjuk alur layanan yang lebih jelas di pintu masuk.",
    "Publikasi {region} Dalam Angka sebaiknya terbit lebih awal.",
    "Mohon disediakan lebih banyak kursi di ruang tunggu saat jam sibuk.",
    "Akan sangat membantu jika ada pelatihan singkat membaca data {data} untuk mahasiswa.",
    "Sebaiknya ada nomor antrean daring agar kami bisa menunggu dari rumah.",
    "Mohon contoh cara mengutip data BPS ditempel di meja layanan.",
]
SUGGESTION_ONLINE = [
    "Sebaiknya ada pemberitahuan ketika pertanyaan sudah dibaca petugas.",
    "Mohon jawaban daring juga mencantumkan nama tabel, bukan hanya tautannya.",
    "Formulir pertanyaan daring sebaiknya bisa melampirkan berkas lebih dari satu.",
]
COMPLAINT = [
    "Saya menunggu cukup lama sebelum dipanggil ke meja layanan.",
    "Data {data} tingkat desa ternyata tidak tersedia, padahal sangat saya butuhkan untuk {use}.",
    "Ruang tunggu terasa panas karena pendingin ruangan tidak menyala.",
    "Penjelasan petugas terlalu teknis sehingga saya belum sepenuhnya paham.",
    "Antrean di front office menumpuk saat jam istirahat siang dan hanya satu petugas yang "
    "melayani.",
    "Tautan tabel yang diberikan tidak bisa dibuka di ponsel.",
    "Saya harus mengisi data diri dua kali, di buku tamu dan di formulir konsultasi.",
    "Angka {data} di publikasi berbeda dengan di situs web dan tidak ada penjelasannya.",
]
COMPLAINT_ONLINE = [
    "Balasan melalui surel baru saya terima setelah tiga hari kerja.",
    "Pertanyaan saya dijawab dengan tautan saja tanpa penjelasan, saya masih bingung.",
    "Saya diminta melengkapi pertanyaan dua kali sebelum dijawab.",
]
CLOSING = [
    "Terima kasih.", "Sukses selalu untuk BPS Kota Tarakan.", "Semoga pelayanan semakin baik.",
    "Terima kasih atas bantuannya.", "Salam.", "Semoga bermanfaat.",
    "Secara umum pelayanan sudah baik.",
]  # fmt: skip


def fill(template: str, rng: random.Random) -> str:
    return template.format(data=rng.choice(DATA), region=rng.choice(REGIONS), use=rng.choice(USES))


def comment_text(rng: random.Random, mean_score: float, online: bool) -> str:
    """One comment: its tone follows the respondent's mean score (below 2.8 mostly complaints,
    up to 3.4 mostly suggestions, above mostly praise); a quarter are a few words; the others
    one to five sentences (now and then on lines of their own)."""
    if rng.random() < 0.25:
        return rng.choice(SHORT)
    praise = PRAISE + (PRAISE_ONLINE * 2 if online else [])
    suggestion = SUGGESTION + (SUGGESTION_ONLINE * 2 if online else [])
    complaint = COMPLAINT + (COMPLAINT_ONLINE * 2 if online else [])
    if mean_score < 2.8:
        pools, weights = [complaint, suggestion, praise], [70, 25, 5]
    elif mean_score < 3.4:
        pools, weights = [complaint, suggestion, praise], [20, 55, 25]
    else:
        pools, weights = [complaint, suggestion, praise], [5, 35, 60]
    count = rng.choices([1, 2, 3, 4, 5], [40, 32, 16, 8, 4])[0]
    sentences = [fill(rng.choice(rng.choices(pools, weights)[0]), rng) for _ in range(count)]
    if count > 1 and rng.random() < 0.4:
        sentences.append(rng.choice(CLOSING))
    text = ("\n" if rng.random() < 0.08 else " ").join(dict.fromkeys(sentences))
    if rng.random() < 0.06:
        text = text.lower()  # typed quickly on a phone
    return text
