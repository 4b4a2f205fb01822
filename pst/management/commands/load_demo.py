from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from consultations.knowledge.demo import demo_articles
from consultations.knowledge.services import article_import
from consultations.models import SubjectArea
from pst import calendar_services, services
from pst.models import Office, User
from pst.permissions import Role
from queueing.models import Desk, DeskKind, Service

TARAKAN = {
    "name": "BPS Kota Tarakan",
    "province": "Kalimantan Utara",
    "address": "Jl. Pulau Kalimantan No.9, Kp. Satu Skip, Tarakan Tengah, Kota Tarakan, "
    "Kalimantan Utara",
    "postal_code": "77113",
    "phone": "(0551) 31715",
    "whatsapp": "0851-8310-6571",
    "email": "bps6571@bps.go.id",
    "website": "https://tarakankota.bps.go.id",
    "complaint_form_url": "https://s.bps.go.id/AduanPST6571",
    "facebook_name": "BPS Kota Tarakan",
    "facebook_url": "https://www.facebook.com/bpskotatarakan",
    "instagram_handle": "bpskotatarakan",
    "time_zone": "Asia/Makassar",
    "sk_number": "24E Tahun 2024",
    # No opening hours in it: they are set apart (OpeningHours), and a copy here would go on
    # scrolling the old hours after an administrator changed them (trial 2, item 11).
    "display_message": (
        "Selamat datang di Pelayanan Statistik Terpadu BPS Kota Tarakan · Layanan tidak "
        "dipungut biaya · Konsultasi daring dijawab paling lama 3 hari kerja."
    ),
    "online_sla_working_days": 3,
}

# The four PST services with a queue (prefix, name, English name, description).
PST_SERVICES = [
    ("K", "Konsultasi Statistik", "Statistical Consultation",
     "Konsultasi data, metadata dan klasifikasi statistik"),
    ("P", "Perpustakaan", "Library", "Perpustakaan tercetak dan digital"),
    ("J", "Penjualan Produk Statistik", "Sale of Statistical Products",
     "Publikasi, data mikro dan peta digital"),
    ("R", "Rekomendasi Kegiatan Statistik", "Recommendation of Statistical Activities",
     "Rekomendasi kegiatan statistik sektoral"),
]  # fmt: skip

# (number, name, kind, service prefixes)
DESKS = [
    (1, "Front Office", DeskKind.FRONT_OFFICE, ["K", "P", "J", "R"]),
    (2, "Meja 2", DeskKind.SERVICE, ["K", "R"]),
    (3, "Meja 3", DeskKind.SERVICE, ["K"]),
    (4, "Meja 4", DeskKind.SERVICE, ["P", "J"]),
]

DEMO_PASSWORD = "pst-demo-6571"  # noqa: S105 — printed on purpose; created only with DEBUG on

# (email, full name, role or None, superuser). The office's administrator is not a superuser,
# so the demo shows the admin as an office sees it (kept to its office: trial F, F12); the
# installation's superuser, who adds offices, is another account, of no office.
DEMO_ACCOUNTS = [
    ("superuser@demo.pst", "Superuser Demo", None, True),
    ("admin@demo.pst", "Admin Demo", Role.ADMINISTRATOR, False),
    ("supervisor@demo.pst", "Kepala PST Demo", Role.SUPERVISOR, False),
    ("konsultasi@demo.pst", "Petugas Konsultasi Demo", Role.CONSULTATION_OFFICER, False),
    ("fo@demo.pst", "Petugas FO Demo", Role.FRONT_OFFICE, False),
    ("pengguna@demo.pst", "Pengguna Demo", None, False),
]


class Command(BaseCommand):
    help = (
        "Create or update BPS Kota Tarakan (6571) with its services, desks, opening hours "
        "and holidays; with DEBUG on also one demo account per role. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-accounts", action="store_true", help="Do not create the demo accounts."
        )

    @transaction.atomic
    def handle(self, *args: object, no_accounts: bool = False, **options: object) -> None:
        office, created = Office.objects.update_or_create(code="6571", defaults=TARAKAN)
        calendar_services.office_opening_hours_ensure(office=office)
        by_prefix = {}
        for order, (prefix, name, name_en, description) in enumerate(PST_SERVICES):
            by_prefix[prefix], _ = Service.objects.update_or_create(
                office=office,
                prefix=prefix,
                defaults={
                    "name": name,
                    "name_en": name_en,
                    "description": description,
                    "sort_order": order,
                    "records_consultations": prefix == "K",
                },
            )
        for number, name, kind, prefixes in DESKS:
            desk, _ = Desk.objects.update_or_create(
                office=office, number=number, defaults={"name": name, "kind": kind}
            )
            desk.services.set([by_prefix[p] for p in prefixes])
        year = timezone.now().year
        result = calendar_services.holidays_sync(first_year=year - 1, last_year=year + 1)
        self.stdout.write(
            f"{'Created' if created else 'Updated'} office {office}; "
            f"{len(PST_SERVICES)} services, {len(DESKS)} desks, "
            f"holidays {year - 1}–{year + 1} ({result.created} new)."
        )

        self._load_articles()

        if no_accounts:
            return
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: demo accounts are not created in production.")
            return
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        for email, full_name, role, superuser in DEMO_ACCOUNTS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email, password=DEMO_PASSWORD, full_name=full_name
                )
            user.full_name = full_name
            user.email_verified_at = user.email_verified_at or timezone.now()
            user.office = office if role else None
            user.is_superuser = superuser
            user.save()
            user.groups.set([Group.objects.get(name=role.value)] if role else [])
            services.user_admin_access_keep(user=user)  # admin access follows the role
            label = "superuser, every office" if superuser else (role.label if role else "")
            self.stdout.write(f"  {email:<24} {label or 'registered visitor'}")
        self._load_consultations(office)

    def _load_articles(self) -> None:
        """The knowledge base of the demo office (consultations/knowledge/demo_articles/):
        created, or refreshed when the file changed; never duplicated."""
        offices = {office.code: office for office in Office.objects.filter(code="6571")}
        # The subject list comes from a data migration; a flushed database (a transactional
        # test) may have lost it, so a missing subject is made again by its name.
        subjects = {
            name: SubjectArea.objects.get_or_create(name=name)[0]
            for name in {demo.subject for demo in demo_articles()}
        }
        created = 0
        articles = demo_articles()
        for demo in articles:
            _article, new = article_import(
                office=offices[demo.office_code] if demo.office_code else None,
                slug=demo.slug,
                data={
                    "title": demo.title,
                    "subject_area": subjects[demo.subject],
                    "body": demo.body,
                    "links": "\n".join(demo.links),
                    "keywords": demo.keywords,
                    "is_published": True,
                },
            )
            created += new
        self.stdout.write(f"Knowledge base: {len(articles)} articles ({created} new).")

    def _load_consultations(self, office: Office) -> None:
        """Online consultations of the demo visitor so the inbox and "Konsultasi saya" show
        something: one waiting, one waiting for a clarification, one answered. Once only."""
        from consultations.models import Consultation

        visitor = User.objects.get(email="pengguna@demo.pst")
        officer = User.objects.get(email="konsultasi@demo.pst")
        if Consultation.objects.filter(requester=visitor).exists():
            return
        # The lifecycle emails both sides at each step: not for made-up demo data.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self._consult(office, visitor, officer)
        self.stdout.write(
            "Consultations: 3 for pengguna@demo.pst (waiting, clarification, answered), "
            "1 by WhatsApp for someone without an account."
        )

    def _consult(self, office: Office, visitor: User, officer: User) -> None:
        from consultations import lifecycle
        from consultations.models import SubjectArea

        asks = [
            ("Kependudukan", "Jumlah penduduk Kota Tarakan per kecamatan menurut kelompok umur "
             "lima tahunan, 2020–2025."),
            ("Harga dan Inflasi", "Inflasi bulanan Kota Tarakan menurut kelompok pengeluaran "
             "selama 2025."),
            ("Kemiskinan dan Ketimpangan", "Garis kemiskinan dan persentase penduduk miskin "
             "Kota Tarakan 2021–2025."),
        ]  # fmt: skip
        made = [
            lifecycle.consultation_submit(
                requester=visitor,
                office=office,
                data={
                    "subject_area": SubjectArea.objects.get(name=subject),
                    "topic": "data",
                    "question": question,
                    "intended_use": "Bahan skripsi",
                },
            )
            for subject, question in asks
        ]
        lifecycle.consultation_request_clarification(
            consultation=made[1], officer=officer,
            body="Apakah yang dibutuhkan inflasi tahun kalender (Januari–Desember 2025)?",
        )  # fmt: skip
        # A request that came by WhatsApp, recorded for someone without an account.
        from consultations.lifecycle.remote import consultation_open_remote

        consultation_open_remote(
            office=office, officer=officer, channel="whatsapp",
            requester_name="Andi Pratama", requester_phone="0812-5555-0101",
            requester_email="andi.pratama@example.org",
            subject_area=SubjectArea.objects.get(name="Ketenagakerjaan"), topic="data",
            question="Tingkat pengangguran terbuka Kota Tarakan 2023–2025 menurut pendidikan?",
        )  # fmt: skip
        lifecycle.consultation_accept(consultation=made[2], officer=officer)
        lifecycle.consultation_answer(
            consultation=made[2], officer=officer,
            body="Datanya ada di publikasi Kota Tarakan Dalam Angka 2026, bab Kemiskinan, dan "
            "di menu Tabel Statistik > Kemiskinan di https://tarakankota.bps.go.id.",
        )  # fmt: skip
