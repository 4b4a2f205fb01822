"""Benchmark data for the online consultation and the knowledge base (issue 10).

    createdb -h 127.0.0.1 -U postgres pst_bench10
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/pst_bench10
    PST_IGNORE_DOTENV=1 DEBUG=on .venv/bin/python manage.py migrate --noinput
    PST_IGNORE_DOTENV=1 DEBUG=on .venv/bin/python manage.py createcachetable
    PST_IGNORE_DOTENV=1 DEBUG=on .venv/bin/python manage.py load_demo --no-accounts
    .venv/bin/python benchmarks/generate_online.py        # 200,000 / 1,000,000 / 5,000

Three years of an online service: `--consultations` over the demo office 6571 (`--demo-share`
of them, default 70 %) and `--offices` more offices (codes 9101, 9102, …), each with its
consultation officers and a supervisor (password `bench-pst-officer`, as generate.py's), and
`--requesters` requester accounts, a few of whom ask often. A consultation's status follows
its age the way an office's list looks: today's mostly submitted, the last days accepted
(some past due) or answered, older ones closed or cancelled, a few long overdue. Each has its
events (submitted, claimed, clarification asked and given, accepted, answered, closed or
cancelled) and its conversation, `--messages` in all: public messages of both sides and the
officers' internal notes, one to six sentences of Indonesian each, 5 % with an attachment row
(no file on disk: downloads are not measured). Two consultations of 6571 have a long
conversation (`--long`: 50 and 400 messages), accepted and assigned to the first officer, for
the conversation page. `--articles` knowledge-base articles (a third national, the rest per
office, most of them 6571's; Markdown of headings, paragraphs, lists and links; 90 %
published) get their `search_vector` from one UPDATE with the service's expression (title
weight A, text weight B, `indonesian`), and `--searches` search-log rows.

Rows go in with COPY (psycopg), every value drawn here from a seeded random generator, so a
run is reproducible; VACUUM ANALYZE at the end. It refuses anything but PostgreSQL and a
database that already holds online consultations (drop it to start over).
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import itertools
import os
import random
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pst.settings")
os.environ.setdefault("PST_IGNORE_DOTENV", "1")
os.environ.setdefault("SECRET_KEY", "benchmark-data-generator-signs-nothing")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from consultations.knowledge.models import Article, SearchLog  # noqa: E402
from consultations.models import (  # noqa: E402
    Attachment,
    Channel,
    Consultation,
    ConsultationEvent,
    ConsultationStatus,
    EventKind,
    Message,
    MessageKind,
    SubjectArea,
    Topic,
)
from pst.models import Office, TimeZone, User  # noqa: E402
from pst.permissions import Role  # noqa: E402

S = ConsultationStatus
DEMO_OFFICE = "6571"
FIRST_CODE = 9101
PASSWORD = "bench-pst-officer"  # noqa: S105 — benchmark accounts on a throw-away db
OFFICERS_PER_OFFICE = 6
YEARS = 3

# -- text ----------------------------------------------------------------------------------

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


# -- COPY ----------------------------------------------------------------------------------


def copy_rows(model: type[models.Model], rows: Iterable[dict]) -> int:
    """COPY `rows` (field attname → value; missing ones take the field's default) into the
    model's table; returns how many."""
    fields = list(model._meta.concrete_fields)
    defaults = {f.attname: f.get_default() for f in fields}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    names = [f.attname for f in fields]
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3
        with raw.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                values = [row[n] if n in row else defaults[n] for n in names]
                # Choices members as their values (psycopg would write an Enum's name).
                copy.write_row([v.value if isinstance(v, enum.Enum) else v for v in values])
                count += 1
    return count


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


def reset_sequence(model: type[models.Model]) -> None:
    table = model._meta.db_table  # a model's table name, not input
    last = f"(SELECT MAX(id) FROM {table})"  # noqa: S608
    sql = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {last})"
    with connection.cursor() as cursor:
        cursor.execute(sql)


def log(start: float, text: str) -> None:
    print(f"{time.monotonic() - start:7.1f}s  {text}", flush=True)


# -- offices and people ----------------------------------------------------------------------


def offices_and_staff(extra: int, password_hash: str) -> tuple[list[Office], dict[int, list[int]]]:
    demo = Office.objects.get(code=DEMO_OFFICE)
    offices = [demo]
    zones = [TimeZone.WIB, TimeZone.WITA, TimeZone.WIT]
    for n in range(extra):
        code = str(FIRST_CODE + n)
        office, _ = Office.objects.get_or_create(
            code=code,
            defaults={
                "name": f"BPS Bench Daring {code}",
                "province": "Benchmark",
                "address": f"Jl. Benchmark Daring No. {n + 1}",
                "time_zone": zones[n % 3],
            },
        )
        offices.append(office)
    officer_group = Group.objects.get(name=Role.CONSULTATION_OFFICER.value)
    supervisor_group = Group.objects.get(name=Role.SUPERVISOR.value)
    officers: dict[int, list[int]] = {}
    now = timezone.now()
    for office in offices:
        ids = []
        for n in range(1, OFFICERS_PER_OFFICE + 1):
            user, _ = User.objects.get_or_create(
                email=f"officer{n}.{office.code}@bench.pst",
                defaults={
                    "full_name": f"Petugas {n} {office.code}",
                    "office": office,
                    "password": password_hash,
                    "email_verified_at": now,
                },
            )
            user.groups.set([officer_group])
            ids.append(user.pk)
        officers[office.pk] = ids
        supervisor, _ = User.objects.get_or_create(
            email=f"supervisor.{office.code}@bench.pst",
            defaults={
                "full_name": f"Supervisor {office.code}",
                "office": office,
                "password": password_hash,
                "email_verified_at": now,
            },
        )
        supervisor.groups.set([supervisor_group])
    return offices, officers


def requesters(count: int, password_hash: str, rng: random.Random, now: dt.datetime) -> list[int]:
    first = next_id(User)
    joined = now - dt.timedelta(days=365 * YEARS + 30)

    def rows() -> Iterator[dict]:
        for n in range(count):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            yield {
                "id": first + n,
                "email": f"requester{n + 1:05d}@bench.pst",
                "full_name": name,
                "password": password_hash,
                "institution": rng.choice(["", "Universitas Borneo Tarakan", "Dinas", "Media"]),
                "email_verified_at": joined,
                "date_joined": joined,
                "is_active": True,
                "is_staff": False,
                "is_superuser": False,
            }

    copy_rows(User, rows())
    reset_sequence(User)
    return list(range(first, first + count))


# -- consultations -----------------------------------------------------------------------------

# (age in days up to, [(status, weight), …]): how an office's consultations look by age.
STATUS_BY_AGE = [
    (1, [(S.SUBMITTED, 65), (S.NEEDS_CLARIFICATION, 10), (S.ACCEPTED, 25)]),
    (5, [(S.SUBMITTED, 8), (S.NEEDS_CLARIFICATION, 8), (S.ACCEPTED, 44), (S.ANSWERED, 35),
         (S.CANCELLED, 5)]),
    (14, [(S.NEEDS_CLARIFICATION, 4), (S.ACCEPTED, 4), (S.ANSWERED, 30), (S.CLOSED, 55),
          (S.CANCELLED, 7)]),
    (10**6, [(S.ACCEPTED, 0.05), (S.CLOSED, 92), (S.CANCELLED, 7.95)]),
]  # fmt: skip
CHANNELS = [(Channel.WEB, 70), (Channel.WHATSAPP, 12), (Channel.EMAIL, 10), (Channel.PHONE, 8)]


def status_for(age_days: float, rng: random.Random) -> str:
    for limit, choices in STATUS_BY_AGE:
        if age_days < limit:
            return rng.choices([s for s, _ in choices], [w for _, w in choices])[0]
    raise AssertionError


def consultation_plan(args, offices, officers, requester_ids, rng, now) -> list[dict]:
    """Every consultation as a dict of its columns plus `_n_messages`; the long ones last."""
    demo = offices[0]
    areas = list(SubjectArea.objects.filter(is_active=True).values_list("pk", flat=True))
    first = next_id(Consultation)
    span = 365 * YEARS
    # A few requesters ask often (the persona of the requester's list asks 60 times).
    heavy = requester_ids[: max(1, len(requester_ids) // 100)]
    plan = []
    for n in range(args.consultations - len(args.long)):
        office = demo if rng.random() < args.demo_share else rng.choice(offices[1:] or [demo])
        # More recent years are busier: age drawn with a triangular density toward today.
        age = rng.triangular(0, span, 0) if n >= 60 else rng.uniform(0, span)
        created = now - dt.timedelta(days=age)
        status = status_for(age, rng)
        if n < 60:
            requester = requester_ids[0]
        elif rng.random() < 0.1:
            requester = rng.choice(heavy)
        else:
            requester = rng.choice(requester_ids)
        row = consultation_row(first + n, office, status, created, requester, areas, officers,
                               rng, now)  # fmt: skip
        plan.append(row)
    for i, length in enumerate(args.long):
        created = now - dt.timedelta(days=2, hours=i)
        row = consultation_row(first + len(plan), demo, S.ACCEPTED, created,
                               requester_ids[1 + i], areas, officers, rng, now)  # fmt: skip
        row["officer_id"] = officers[demo.pk][0]
        row["_n_messages"] = length
        row["_long"] = True
        plan.append(row)
    return plan


def consultation_row(pk, office, status, created, requester, areas, officers, rng, now) -> dict:
    data = rng.choice(DATA)
    region = rng.choice(REGIONS)
    row = {
        "id": pk,
        "office_id": office.pk,
        "channel": rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0],
        "requester_id": requester,
        "subject_area_id": rng.choice(areas),
        "topic": rng.choice(Topic.values),
        "question": fill(rng.choice(SENTENCES[:3]), rng)
        + " "
        + " ".join(fill(rng.choice(SENTENCES[:14]), rng) for _ in range(rng.randint(0, 3))),
        "status": status,
        "created_at": created,
        "data_region": region,
        "data_period": f"{rng.randint(2015, 2020)}–{rng.randint(2021, 2025)}",
        "data_detail": rng.choice(["kecamatan", "kabupaten/kota", "provinsi", "desa"]),
        "intended_use": f"Untuk {rng.choice(USES)} tentang {data}.",
        "_long": False,
    }
    staff = officers[office.pk]
    claimed = status != S.SUBMITTED or rng.random() < 0.4
    if claimed:
        row["officer_id"] = rng.choice(staff)
    if status == S.NEEDS_CLARIFICATION:
        row["clarification_requested_at"] = created + dt.timedelta(hours=rng.uniform(1, 20))
    if status in (S.ACCEPTED, S.ANSWERED, S.CLOSED):
        accepted = created + dt.timedelta(hours=rng.uniform(0.5, 20))
        accepted = min(accepted, now - dt.timedelta(minutes=5))
        row["accepted_at"] = accepted
        row["clock_started_at"] = accepted
        # Three working days, roughly: a weekend in between adds two days.
        due = accepted + dt.timedelta(days=3)
        if accepted.weekday() >= 2:
            due += dt.timedelta(days=2)
        row["due_at"] = due
    if status in (S.ANSWERED, S.CLOSED):
        answered = row["accepted_at"] + dt.timedelta(hours=rng.triangular(1, 110, 20))
        answered = min(answered, now - dt.timedelta(minutes=1))
        row["answered_at"] = answered
        row["sla_met"] = answered <= row["due_at"]
        row["answer"] = fill(rng.choice(SENTENCES[3:8]), rng)
        row["links"] = "https://tarakankota.bps.go.id/id/statistics-table"
    if status == S.CLOSED:
        row["closed_at"] = min(row["answered_at"] + dt.timedelta(days=rng.uniform(0.2, 7)), now)
    if status == S.CANCELLED:
        row["closed_at"] = created + dt.timedelta(days=rng.uniform(0.1, 14))
    base = {
        S.SUBMITTED: (1, 1),
        S.NEEDS_CLARIFICATION: (2, 3),
        S.ACCEPTED: (2, 5),
        S.ANSWERED: (3, 7),
        S.CLOSED: (3, 9),
        S.CANCELLED: (1, 3),
    }[status]
    row["_n_messages"] = rng.randint(*base)
    return row


def balance_messages(plan: list[dict], target: int, rng: random.Random) -> None:
    """Make the conversations add up to exactly `target` messages (the long ones untouched)."""
    normal = [row for row in plan if not row["_long"]]
    diff = target - sum(row["_n_messages"] for row in plan)
    while diff > 0:
        rng.choice(normal)["_n_messages"] += 1
        diff -= 1
    while diff < 0:
        row = rng.choice(normal)
        if row["_n_messages"] > 1:
            row["_n_messages"] -= 1
            diff += 1


def events_of(row: dict, next_pk: Iterator[int], rng: random.Random) -> Iterator[dict]:
    c, created, status = row["id"], row["created_at"], row["status"]
    officer, requester = row.get("officer_id"), row["requester_id"]

    def event(kind, before, after, at, actor, assigned=None):
        return {
            "id": next(next_pk),
            "consultation_id": c,
            "kind": kind,
            "from_status": before,
            "to_status": after,
            "actor_id": actor,
            "officer_id": assigned,
            "at": at,
        }

    yield event(EventKind.SUBMITTED, "", S.SUBMITTED, created, requester)
    if officer is None:
        return
    claimed = created + dt.timedelta(minutes=rng.uniform(5, 50))
    yield event(EventKind.CLAIMED, S.SUBMITTED, S.SUBMITTED, claimed, officer, officer)
    if status == S.NEEDS_CLARIFICATION:
        yield event(EventKind.CLARIFICATION_REQUESTED, S.SUBMITTED, S.NEEDS_CLARIFICATION,
                    row["clarification_requested_at"], officer)  # fmt: skip
        return
    if status == S.CANCELLED:
        yield event(EventKind.CANCELLED, S.SUBMITTED, S.CANCELLED, row["closed_at"], requester)
        return
    if status == S.SUBMITTED:
        return
    accepted = row["accepted_at"]
    if rng.random() < 0.15:
        asked = claimed + (accepted - claimed) / 3
        yield event(EventKind.CLARIFICATION_REQUESTED, S.SUBMITTED, S.NEEDS_CLARIFICATION,
                    asked, officer)  # fmt: skip
        yield event(EventKind.CLARIFIED, S.NEEDS_CLARIFICATION, S.SUBMITTED,
                    claimed + (accepted - claimed) * 2 / 3, requester)  # fmt: skip
    yield event(EventKind.ACCEPTED, S.SUBMITTED, S.ACCEPTED, accepted, officer)
    if status in (S.ANSWERED, S.CLOSED):
        yield event(EventKind.ANSWERED, S.ACCEPTED, S.ANSWERED, row["answered_at"], officer)
    if status == S.CLOSED:
        yield event(EventKind.CLOSED, S.ANSWERED, S.CLOSED, row["closed_at"],
                    requester if rng.random() < 0.4 else None)  # fmt: skip


def messages_of(row, next_pk, rng, now, attachments: list) -> Iterator[dict]:
    count = row["_n_messages"]
    start = row["created_at"]
    end = row.get("closed_at") or row.get("answered_at") or now
    if row["_long"] or end <= start:
        end = now - dt.timedelta(minutes=1)
    step = (end - start) / (count + 1)
    officer = row.get("officer_id")
    for i in range(count):
        at = start + step * (i + 1)
        internal = officer is not None and i > 0 and rng.random() < 0.15
        from_staff = internal or (officer is not None and i % 2 == 1)
        pk = next(next_pk)
        yield {
            "id": pk,
            "consultation_id": row["id"],
            "kind": MessageKind.INTERNAL if internal else MessageKind.PUBLIC,
            "author_id": officer if from_staff else row["requester_id"],
            "from_staff": from_staff,
            "body": message_text(rng, internal),
            "created_at": at,
        }
        if rng.random() < 0.05:
            attachments.append((pk, at))


def attachment_rows(attachments, rng) -> Iterator[dict]:
    # Every query before the first row: the rows are drawn while COPY holds the connection.
    first = next_id(Attachment)
    return _attachment_rows(attachments, rng, first)


def _attachment_rows(attachments, rng, first) -> Iterator[dict]:
    for n, (message_id, at) in enumerate(attachments, start=first):
        name, content_type = rng.choice(FILE_TYPES)
        yield {
            "id": n,
            "message_id": message_id,
            "file": f"consultations/{at:%Y/%m}/{uuid.UUID(int=rng.getrandbits(128)).hex}",
            "name": name.format(n=n),
            "content_type": content_type,
            "size": rng.randint(20_000, 4_000_000),
        }


# -- knowledge base ----------------------------------------------------------------------------


def article_rows(count: int, offices, officers, rng, now) -> Iterator[dict]:
    areas = dict(SubjectArea.objects.values_list("name", "pk"))
    return _article_rows(count, offices, officers, rng, now, areas, next_id(Article))


def _article_rows(count, offices, officers, rng, now, areas, first) -> Iterator[dict]:
    demo = offices[0]
    for n in range(count):
        roll = rng.random()
        if roll < 1 / 3:
            office = None
        elif roll < 0.8 or len(offices) == 1:
            office = demo
        else:
            office = rng.choice(offices[1:])
        topic, area = rng.choice(ARTICLE_TOPICS)
        region = rng.choice(REGIONS)
        year = rng.randint(2015, 2025)
        title = rng.choice(ARTICLE_ANGLES).format(
            topic=topic, region=region, year=year, year2=min(year + 1, 2025)
        )
        author = rng.choice(officers[office.pk]) if office else None
        updated = now - dt.timedelta(days=rng.uniform(0, 365 * YEARS))
        yield {
            "id": first + n,
            "office_id": office.pk if office else None,
            "title": title,
            "slug": f"{slugify(title)[:100]}-{first + n}",
            "subject_area_id": areas.get(area, areas["Lainnya"]),
            "body": article_body(rng, topic, region),
            "links": "https://tarakankota.bps.go.id/id/statistics-table\n"
            "https://www.bps.go.id/id/publication",
            "is_published": rng.random() < 0.9,
            "version": 1,
            "created_at": updated - dt.timedelta(days=rng.uniform(0, 30)),
            "created_by_id": author,
            "updated_at": updated,
            "updated_by_id": author,
        }


def search_rows(count, offices, article_ids, consultation_ids, rng, now) -> Iterator[dict]:
    return _search_rows(count, offices, article_ids, consultation_ids, rng, now, next_id(SearchLog))


def _search_rows(count, offices, article_ids, consultation_ids, rng, now, first) -> Iterator[dict]:
    for n in range(count):
        office = offices[0] if rng.random() < 0.7 else rng.choice(offices)
        found = rng.random() > 0.15
        at = now - dt.timedelta(days=rng.triangular(0, 365, 0))
        opened = found and rng.random() < 0.4
        yield {
            "id": first + n,
            "office_id": office.pk,
            "query": rng.choice(SEARCHES),
            "result_count": rng.randint(1, 40) if found else 0,
            "searched_at": at,
            "article_opened_id": rng.choice(article_ids) if opened else None,
            "opened_at": at + dt.timedelta(seconds=20) if opened else None,
            "consultation_followed_id": (
                rng.choice(consultation_ids) if rng.random() < (0.03 if found else 0.2) else None
            ),
        }


SEARCH_VECTOR_SQL = """
UPDATE consultations_article
   SET search_vector = setweight(to_tsvector('indonesian', coalesce(title, '')), 'A')
                    || setweight(to_tsvector('indonesian', coalesce(body, '')), 'B')
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--consultations", type=int, default=200_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=5_000, help="in all, with load_demo's")
    parser.add_argument("--searches", type=int, default=300_000)
    parser.add_argument("--requesters", type=int, default=30_000)
    parser.add_argument("--offices", type=int, default=4, help="offices besides 6571")
    parser.add_argument("--demo-share", type=float, default=0.7)
    parser.add_argument("--long", type=int, nargs="*", default=[50, 400])
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("generate_online.py writes with COPY: PostgreSQL only.")
    if not Office.objects.filter(code=DEMO_OFFICE).exists():
        raise SystemExit("Run `manage.py load_demo --no-accounts` first (office 6571).")
    if Consultation.objects.exclude(channel=Channel.WALK_IN).exists():
        raise SystemExit("This database already has online consultations: drop it first.")

    start = time.monotonic()
    rng = random.Random(args.seed)  # noqa: S311 — simulation, not secrets
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    password_hash = make_password(PASSWORD)
    offices, officers = offices_and_staff(args.offices, password_hash)
    requester_ids = requesters(args.requesters, password_hash, rng, now)
    log(start, f"{len(offices)} offices, {len(requester_ids)} requesters")

    plan = consultation_plan(args, offices, officers, requester_ids, rng, now)
    balance_messages(plan, args.messages, rng)
    copy_rows(Consultation, ({k: v for k, v in r.items() if k[0] != "_"} for r in plan))
    reset_sequence(Consultation)
    log(start, f"{len(plan)} consultations")

    event_pk = itertools.count(next_id(ConsultationEvent))
    events = copy_rows(
        ConsultationEvent, (e for row in plan for e in events_of(row, event_pk, rng))
    )
    reset_sequence(ConsultationEvent)
    log(start, f"{events} events")

    attachments: list[tuple[int, dt.datetime]] = []
    message_pk = itertools.count(next_id(Message))
    count = copy_rows(
        Message, (m for row in plan for m in messages_of(row, message_pk, rng, now, attachments))
    )
    reset_sequence(Message)
    log(start, f"{count} messages")
    count = copy_rows(Attachment, attachment_rows(attachments, rng))
    reset_sequence(Attachment)
    log(start, f"{count} attachments")

    wanted = max(0, args.articles - Article.objects.count())
    count = copy_rows(Article, article_rows(wanted, offices, officers, rng, now))
    reset_sequence(Article)
    with connection.cursor() as cursor:
        cursor.execute(SEARCH_VECTOR_SQL)
    log(start, f"{count} articles (+ search vectors)")

    article_ids = list(Article.objects.filter(is_published=True).values_list("pk", flat=True))
    consultation_ids = [row["id"] for row in plan[:: max(1, len(plan) // 5000)]]
    count = copy_rows(
        SearchLog, search_rows(args.searches, offices, article_ids, consultation_ids, rng, now)
    )
    reset_sequence(SearchLog)
    log(start, f"{count} search-log rows")

    with connection.cursor() as cursor:
        for model in (User, Consultation, ConsultationEvent, Message, Attachment, Article,
                      SearchLog):  # fmt: skip
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    log(start, "VACUUM ANALYZE done")
    long_ones = [row["id"] for row in plan if row["_long"]]
    print(f"long conversations (consultation ids): {long_ones}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
