"""Email addresses and phones in every form and service: a number in the domain of an
address is refused, a phone is stored in one form whatever the path, and a refused card
number or phone is never shown back (issue 8 attack round, F2 items 3 to 5)."""

import pytest
from django.urls import reverse

from pst import services
from pst.models import User
from tests.html import without_random_values

NIK = "3171012345670001"
REGISTRATION = {
    "full_name": "Budi Santoso",
    "email": "budi@example.org",
    "phone": "0812-3456-7890",
    "institution": "",
    "occupation": "Dosen",
    "password1": "statistik-tarakan-2026",
    "password2": "statistik-tarakan-2026",
    "privacy": "on",
}
DOMAINS = [
    f"x@{NIK}.example.org",
    "x@3171-0123-4567-0001.example.org",
    "x@３１７１０１２３４５６７０００１.example.org",
    "x@٣١٧١٠١٢٣٤٥٦٧٠٠٠١.example.org",
]


@pytest.mark.django_db
@pytest.mark.parametrize("email", DOMAINS)
def test_registration_refuses_a_number_in_the_domain_of_the_address(client, email):
    response = client.post(reverse("register"), REGISTRATION | {"email": email})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_registration_service_refuses_a_number_in_the_domain_too():
    with pytest.raises(services.PortalError) as refused:
        services.user_register(
            email=f"x@{NIK}.example.org", password="statistik-tarakan-2026",
            full_name="Budi", phone="", institution="", occupation="Dosen",
        )  # fmt: skip
    assert refused.value.field == "email"
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", [NIK, "3171 0123 4567 0001", "3171\r\n0123\r\n4567\r\n0001", "3171\t0123", "abc"]
)
def test_a_phone_refused_at_registration_is_not_shown_back(client, typed):
    response = client.post(reverse("register"), REGISTRATION | {"phone": typed})
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    html = response.content.decode()
    assert "3171" not in without_random_values(html) and 'value="abc"' not in html
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_phone_refused_in_the_profile_is_not_shown_back(client, visitor):
    client.force_login(visitor)
    response = client.post(
        reverse("profile"),
        {"full_name": "Siti", "phone": "3171 0123 4567 0001", "occupation": "X"},
    )
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    assert "3171" not in without_random_values(response.content.decode())


@pytest.mark.django_db
def test_the_account_services_store_a_phone_as_registration_does_and_refuse_the_rest(visitor):
    user = services.user_profile_update(
        user=visitor, full_name="Siti", phone="0812 3456 7890", institution="", occupation="X"
    )
    assert user.phone == "+6281234567890"
    with pytest.raises(services.PortalError) as refused:
        services.user_profile_update(
            user=visitor, full_name="Siti", phone=NIK, institution="", occupation="X"
        )
    assert refused.value.field == "phone"
    visitor.refresh_from_db()
    assert visitor.phone == "+6281234567890"
    with pytest.raises(services.PortalError):
        services.user_register(
            email="baru@example.org", password="statistik-tarakan-2026", full_name="Budi",
            phone="3171-0123-4567-0001", institution="", occupation="Dosen",
        )  # fmt: skip
    assert not User.objects.filter(email="baru@example.org").exists()


def _admin_user_data(admin_client, user):
    page = admin_client.get(reverse("admin:pst_user_change", args=[user.pk]))
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None
        and key not in {"groups", "user_permissions", "password", "is_staff", "is_superuser"}
        and key not in {"last_login", "date_joined", "email_verified_at"}
    }
    return data | {"is_active": "on"}


@pytest.mark.parametrize(
    "typed", [NIK, "3171-0123-4567-0001", "３１７１０１２３４５６７０００１", "no-hp-xyz"]
)
def test_the_admin_refuses_a_phone_registration_would_refuse_and_does_not_show_it_back(
    admin_client, visitor, typed
):
    data = _admin_user_data(admin_client, visitor) | {"phone": typed}
    response = admin_client.post(reverse("admin:pst_user_change", args=[visitor.pk]), data)
    assert response.status_code == 200
    assert "phone" in response.context["adminform"].form.errors
    assert typed not in response.content.decode()
    assert User.objects.get(pk=visitor.pk).phone != typed


def test_the_admin_stores_a_phone_as_registration_does(admin_client, visitor):
    data = _admin_user_data(admin_client, visitor) | {"phone": "0812-3456-7890"}
    response = admin_client.post(reverse("admin:pst_user_change", args=[visitor.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    visitor.refresh_from_db()
    assert visitor.phone == "+6281234567890"


EXTENSIONS = ["(0551) 21110 ext. 123", "0551-21110 x12", "+62 551 21110 #7"]


@pytest.mark.django_db
@pytest.mark.parametrize("typed", EXTENSIONS)
def test_a_phone_with_an_extension_is_refused_not_stored_without_it(client, typed):
    # The extension does not fit the stored form (+62…): dropping it would leave the
    # switchboard's number where the person's line was given.
    response = client.post(reverse("register"), REGISTRATION | {"phone": typed})
    assert response.status_code == 200
    assert "tanpa ekstensi" in " ".join(response.context["form"].errors["phone"])
    assert not User.objects.exists()


@pytest.mark.django_db
def test_every_path_refuses_a_phone_with_an_extension(office, consultation_officer):
    from consultations.errors import ConsultationError
    from consultations.lifecycle.remote import consultation_open_remote
    from consultations.models import Consultation, SubjectArea

    with pytest.raises(ConsultationError) as refused:
        consultation_open_remote(
            office=office, officer=consultation_officer, channel="phone",
            requester_name="Budi Santoso", requester_phone=EXTENSIONS[0],
            subject_area=SubjectArea.objects.first(), topic="data", question="Data 2025?",
        )  # fmt: skip
    assert refused.value.field == "requester_phone"
    assert not Consultation.objects.exists()
    with pytest.raises(services.PortalError):
        services.user_register(
            email="budi@example.org", password="statistik-tarakan-2026",
            full_name="Budi Santoso", phone=EXTENSIONS[1], institution="", occupation="",
        )  # fmt: skip
