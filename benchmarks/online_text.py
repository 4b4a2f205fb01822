"""The words of `generate_online.py`'s data: regions, data asked for, sentences of a
conversation, officers' notes, attachment names, people's names, article topics and titles,
search queries; and the functions that fill them in from a seeded random generator."""

from __future__ import annotations

import random

REGIONS = [
    "Kota Tarakan", "Tarakan Barat", "Tarakan Tengah", "Tarakan Timur", "Tarakan Utara",
    "Kalimantan Utara", "Kabupaten Bulungan", "Kabupaten Nunukan", "Kabupaten Malinau",
    "Kabupaten Tana Tidung", "Kota Samarinda", "Kota Balikpapan", "Kota Bontang",
]  # fmt: skip
DATA = [
    "jumlah penduduk menurut kecamatan dan jenis kelamin", "proyeksi penduduk",
    "inflasi bulanan dan indeks harga konsumen", "inflasi tahun kalender",
    "tingkat pengangguran terbuka", "angkatan kerja menurut pendidikan",
    "persentase penduduk miskin", "garis kemiskinan", "indeks pembangunan manusia",
    "PDRB atas dasar harga berlaku menurut lapangan usaha", "laju pertumbuhan ekonomi",
    "rata-rata lama sekolah", "angka harapan hidup", "produksi perikanan tangkap",
    "jumlah wisatawan", "tingkat penghunian kamar hotel", "nilai tukar petani",
    "ekspor dan impor", "jumlah rumah tangga", "rasio gini", "upah buruh",
    "pengeluaran per kapita", "luas panen padi", "kode KBLI 2020", "kode KBJI",
]  # fmt: skip
USES = [
    "skripsi", "tesis", "laporan kinerja dinas", "perencanaan daerah", "artikel berita",
    "penelitian dosen", "proposal usaha", "bahan rapat", "tugas kuliah",
]  # fmt: skip
SENTENCES = [
    "Selamat pagi, saya ingin menanyakan data {data} untuk {region}.",
    "Data ini akan saya gunakan untuk {use} dan saya membutuhkan angka per tahun.",
    "Apakah tersedia data {data} tahun {year} sampai dengan tahun {year2}?",
    "Terima kasih atas pertanyaannya, data {data} untuk {region} tersedia di tabel statistik "
    "pada situs web BPS.",
    "Silakan buka menu Tabel Statistik, pilih subjek yang sesuai, lalu atur tahun dan wilayah.",
    "Angka tahun {year} masih bersifat sementara dan dapat direvisi pada publikasi berikutnya.",
    "Untuk tingkat kecamatan, data tersedia dalam publikasi Kecamatan Dalam Angka {year}.",
    "Mohon dijelaskan lebih rinci periode dan tingkat wilayah yang Bapak/Ibu butuhkan.",
    "Saya membutuhkan data bulanan, bukan tahunan, jika memungkinkan.",
    "Data pada tingkat desa tidak kami terbitkan karena jumlah sampel survei tidak mencukupi.",
    "Metodologi penghitungan dapat dilihat pada bagian Konsep dan Definisi di situs BPS.",
    "Berikut kami lampirkan tabel dalam format Excel sesuai permintaan.",
    "Apakah data tersebut boleh dikutip dalam {use}? Bagaimana cara menuliskan sumbernya?",
    "Data BPS boleh dikutip dengan menyebutkan sumber, misalnya: Badan Pusat Statistik "
    "{region}, {year}.",
    "Terima kasih, informasinya sangat membantu.",
    "Baik, saya akan cek kembali tabel tersebut dan menghubungi jika masih ada kendala.",
    "Untuk data mikro Susenas atau Sakernas, permohonan diajukan melalui layanan data mikro "
    "dengan mengisi formulir dan surat pengantar instansi.",
    "Perbedaan angka antara publikasi terjadi karena pemutakhiran tahun dasar perhitungan.",
    "Kami sudah meneruskan pertanyaan ini ke fungsi statistik terkait untuk dipastikan.",
    "Catatan internal: angka {year} belum rilis, jawab setelah BRS terbit tanggal 1.",
]
NOTES = [
    "Catatan internal: sudah dicek ke fungsi {data}, tabel tersedia.",
    "Catatan internal: pemohon yang sama pernah bertanya bulan lalu, lihat jawaban sebelumnya.",
    "Catatan internal: tunggu konfirmasi dari subject matter sebelum menjawab.",
    "Catatan internal: data {region} tahun {year} masih embargo sampai rilis resmi.",
]
FILE_TYPES = [
    ("tabel-{n}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("surat-pengantar-{n}.pdf", "application/pdf"),
    ("data-{n}.csv", "text/csv"),
    ("tangkapan-layar-{n}.png", "image/png"),
]
FIRST_NAMES = [
    "Rina", "Budi", "Siti", "Agus", "Dewi", "Andi", "Putri", "Rudi", "Maya", "Yusuf", "Nur",
    "Fajar", "Intan", "Hendra", "Lia", "Bayu", "Sari", "Dimas", "Wulan", "Rizky",
]  # fmt: skip
LAST_NAMES = [
    "Wulandari", "Santoso", "Rahmawati", "Pratama", "Lestari", "Hidayat", "Saputra",
    "Nugroho", "Kurniawan", "Anggraini", "Siregar", "Hasibuan", "Tanjung", "Sitompul",
]  # fmt: skip
ARTICLE_TOPICS = [
    ("Jumlah Penduduk", "Kependudukan"), ("Proyeksi Penduduk", "Kependudukan"),
    ("Inflasi Bulanan", "Harga dan Inflasi"), ("Indeks Harga Konsumen", "Harga dan Inflasi"),
    ("Tingkat Pengangguran Terbuka", "Ketenagakerjaan"), ("Angkatan Kerja", "Ketenagakerjaan"),
    ("Penduduk Miskin", "Kemiskinan dan Ketimpangan"), ("Garis Kemiskinan",
    "Kemiskinan dan Ketimpangan"), ("Indeks Pembangunan Manusia", "Indeks Pembangunan Manusia"),
    ("PDRB Menurut Lapangan Usaha", "Produk Domestik Regional Bruto"),
    ("Pertumbuhan Ekonomi", "Produk Domestik Regional Bruto"), ("Rata-rata Lama Sekolah",
    "Pendidikan"), ("Angka Harapan Hidup", "Kesehatan"), ("Produksi Perikanan",
    "Pertanian, Kehutanan dan Perikanan"), ("Kunjungan Wisatawan", "Pariwisata"),
    ("Tingkat Penghunian Kamar Hotel", "Pariwisata"), ("Nilai Tukar Petani",
    "Pertanian, Kehutanan dan Perikanan"), ("Ekspor dan Impor", "Perdagangan"),
    ("Pengeluaran per Kapita", "Konsumsi dan Pengeluaran"), ("Rumah Tangga Kumuh",
    "Perumahan dan Permukiman"), ("Klasifikasi KBLI 2020", "Lainnya"),
    ("Klasifikasi KBJI", "Lainnya"),
    ("Luas Wilayah dan Kecamatan", "Geografi dan Lingkungan Hidup"),
    ("Realisasi Pendapatan Daerah", "Keuangan"), ("Jumlah Sekolah dan Murid", "Pendidikan"),
]  # fmt: skip
ARTICLE_ANGLES = [
    "{topic} {region} {year}", "Cara Membaca Angka {topic} {region}",
    "Di Mana Menemukan Tabel {topic} {region}", "{topic} {region}: Konsep dan Definisi",
    "Perbandingan {topic} {region} {year} dan {year2}", "Sumber Data {topic} untuk {region}",
]  # fmt: skip
SEARCHES = [
    "inflasi", "inflasi tarakan", "jumlah penduduk", "penduduk kecamatan", "ipm",
    "indeks pembangunan manusia", "pengangguran", "kemiskinan", "garis kemiskinan", "pdrb",
    "pertumbuhan ekonomi", "kbli 2020", "kbji", "data mikro", "cara mengutip data bps",
    "inflsi", "penduduk 2024", "ekspor", "hotel", "wisatawan", "nilai tukar petani",
    "luas panen", "upah minimum", "harga beras", "jumlah sekolah", "angka harapan hidup",
]  # fmt: skip


def fill(template: str, rng: random.Random) -> str:
    year = rng.randint(2015, 2025)
    return template.format(
        data=rng.choice(DATA),
        region=rng.choice(REGIONS),
        use=rng.choice(USES),
        year=year,
        year2=min(year + rng.randint(1, 5), 2025),
    )


def message_text(rng: random.Random, internal: bool) -> str:
    if internal:
        return " ".join(fill(rng.choice(NOTES), rng) for _ in range(rng.randint(1, 2)))
    count = rng.choices([1, 2, 3, 4, 5, 6], [10, 25, 25, 20, 12, 8])[0]
    return " ".join(fill(rng.choice(SENTENCES[:-1]), rng) for _ in range(count))


def article_body(rng: random.Random, topic: str, region: str) -> str:
    parts = [f"{topic} untuk {region} diterbitkan oleh BPS setiap tahun."]
    for heading in ("Ringkasan", "Konsep dan definisi", "Di mana datanya", "Catatan"):
        parts.append(f"## {heading}")
        parts.append(" ".join(fill(rng.choice(SENTENCES[3:14]), rng) for _ in range(3)))
        if rng.random() < 0.6:
            parts.append("\n".join(f"- {fill(rng.choice(SENTENCES[3:14]), rng)}" for _ in range(3)))
    parts.append(
        f"Lihat [tabel {topic.lower()}](https://tarakankota.bps.go.id/id/statistics-table) "
        f"dan [publikasi](https://tarakankota.bps.go.id/id/publication)."
    )
    return "\n\n".join(parts)
