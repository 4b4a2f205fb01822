from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from complaints.handling.models import CLOSED_STATUSES, Complaint, ComplaintCategory
from consultations.knowledge.services import article_search_vector_refresh
from consultations.models import Article, SubjectArea
from pst.calendar_services import DEFAULT_OPENING_HOURS
from pst.models import Holiday, HolidayKind, HolidaySource, Office, OpeningHours, User
from queueing.models import Desk, DeskKind, GuestbookEntry, Service


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"{7100 + n}")
    name = factory.Sequence(lambda n: f"BPS Kabupaten Contoh {n}")
    province = "Kalimantan Utara"
    address = "Jl. Contoh No. 1"
    phone = "(0551) 12345"
    email = "pst@example.org"
    time_zone = "Asia/Makassar"

    @factory.post_generation
    def default_hours(office: Office, create: bool, extracted: bool | None, **kwargs):
        if create and extracted is not False:
            for day, (opens, closes) in DEFAULT_OPENING_HOURS.items():
                OpeningHours.objects.get_or_create(
                    office=office, weekday=day, defaults={"opens_at": opens, "closes_at": closes}
                )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="id_ID")
    phone = "+6281234567890"
    occupation = "Mahasiswa"
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery 9")

    @factory.post_generation
    def roles(user: User, create: bool, extracted: list[str] | None, **kwargs):
        if create and extracted:
            # get_or_create: a transactional test (browser tests) flushes the groups the
            # roles migration made, and later tests still need them.
            user.groups.set([Group.objects.get_or_create(name=role)[0] for role in extracted])
        if create:
            user.save()


class HolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holiday

    date = factory.LazyFunction(lambda: dt.date(2026, 8, 17))
    name = "Hari Kemerdekaan"
    kind = HolidayKind.NATIONAL
    source = HolidaySource.SYNC


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    office = factory.SubFactory(OfficeFactory)
    prefix = "K"
    name = "Konsultasi Statistik"


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desk

    office = factory.SubFactory(OfficeFactory)
    name = factory.Sequence(lambda n: f"Meja {n + 1}")
    number = factory.Sequence(lambda n: n + 1)
    kind = DeskKind.SERVICE


class GuestbookEntryFactory(factory.django.DjangoModelFactory):
    """A saved buku tamu entry (written directly: tests of the form go through the service)."""

    class Meta:
        model = GuestbookEntry

    office = factory.SubFactory(OfficeFactory)
    visit_date = factory.LazyFunction(lambda: timezone.localdate())
    name = "Rina Wulandari"
    id_type = "ktp"
    id_last4 = "0123"
    email = "rina.wulandari@example.org"
    phone = "+6281255550101"
    sex = "female"
    birth_year = 1995
    education = "bachelor"
    occupation = "researcher"
    institution_category = "education"
    institution_name = "Universitas Borneo Tarakan"
    purpose = "research"
    data_needed = "IPM Kota Tarakan 2020–2025"
    privacy_acknowledged = True
    created_by = factory.SubFactory(UserFactory)


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published national article (office=None) unless told otherwise; its search vector
    is computed as the services do."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Artikel contoh {n}")
    slug = factory.Sequence(lambda n: f"artikel-contoh-{n}")
    subject_area = factory.LazyFunction(lambda: SubjectArea.objects.order_by("sort_order").first())
    body = "Teks artikel contoh tentang data statistik."
    is_published = True

    @factory.post_generation
    def search_vector(article, create: bool, extracted, **kwargs):
        if create:
            article_search_vector_refresh(article=article)


class ComplaintFactory(factory.django.DjangoModelFactory):
    """A complaint as its handling leaves it, written directly with the times given (filing
    and handling go through complaints.handling.services in their own tests): anonymous, in
    the national 3-day category; a closed one (resolved, rejected) has its answer."""

    class Meta:
        model = Complaint

    office = factory.SubFactory(OfficeFactory)
    # Its first letters differ from one complaint to the next, as drawn codes do (an export
    # shows only them).
    code = factory.Sequence(lambda n: f"6571{n:04d}TEST{n:03d}")
    category = factory.LazyFunction(
        lambda: ComplaintCategory.objects.get(office=None, key="waiting")
    )
    working_days = 3
    description = "Antrean lama."
    is_anonymous = True
    received_at = factory.LazyFunction(timezone.now)
    due_at = factory.LazyAttribute(lambda c: c.received_at + dt.timedelta(days=3))
    answer = factory.LazyAttribute(
        lambda c: "Sudah ditangani." if c.status in CLOSED_STATUSES else ""
    )
