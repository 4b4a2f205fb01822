"""Identity numbers and control characters are refused on every path that stores a person's
text: registration and profile (form and service), the admin's user forms, and one
mechanism on every form of the portal."""

import importlib
import inspect

import pytest
import time_machine
from django import forms
from django.contrib import admin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetPasswordForm
from django.test import RequestFactory
from django.urls import reverse

from pst import services
from pst.forms import SafeTextMixin
from pst.models import User
from pst.personal_data import ControlCharacterValidator
from tests.conftest import MONDAY_9
from tests.html import without_random_values

NIK = "6571/0123/4567/0001"

REGISTRATION = {
    "full_name": "Budi Santoso",
    "email": "budi@example.org",
    "phone": "0812-3456-7890",
    "institution": "Universitas Borneo Tarakan",
    "occupation": "Dosen",
    "password1": "statistik-tarakan-2026",
    "password2": "statistik-tarakan-2026",
    "privacy": "on",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("full_name", f"Budi {NIK}"),
        ("institution", "6571_0123_4567_0001"),
        ("occupation", "６５７１０１２３４５６７０００１"),
        ("email", "6571.0123.4567.0001@example.org"),
        ("full_name", "Budi\x0bSantoso"),
        ("occupation", "Dosen\u202e"),
    ],
)
def test_registration_refuses_identity_numbers_and_control_characters(client, field, value):
    response = client.post(reverse("register"), REGISTRATION | {field: value})
    assert response.status_code == 200
    assert response.context["form"].has_error(field)
    assert "0123" not in without_random_values(response.content.decode())
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [("full_name", NIK), ("institution", "6571 | 0123 | 4567 | 0001"), ("email", f"{NIK}@x.org")],
)
def test_the_registration_service_refuses_them_too_and_names_the_field(field, value):
    values = {k: REGISTRATION[k] for k in ("full_name", "email", "institution", "occupation")}
    with pytest.raises(services.PortalError) as error:
        services.user_register(**(values | {field: value}), phone="", password="x-y-z-123456")
    assert (error.value.field, error.value.code) == (field, "identity_number")
    assert not User.objects.exists()


def test_the_profile_form_refuses_a_number_and_does_not_show_it_back(client, visitor):
    client.force_login(visitor)
    data = {"full_name": "Siti", "phone": "0812-3456-7890", "occupation": "Dosen",
            "institution": f"Universitas {NIK}"}  # fmt: skip
    response = client.post(reverse("profile"), data)
    assert response.status_code == 200
    assert response.context["form"].has_error("institution", "identity_number")
    assert "0123" not in without_random_values(response.content.decode())
    assert 'value="Universitas …"' in response.content.decode()
    visitor.refresh_from_db()
    assert visitor.institution == ""


def test_the_profile_service_refuses_a_number(visitor):
    with pytest.raises(services.PortalError) as error:
        services.user_profile_update(
            user=visitor, full_name="Siti", phone="", institution="", occupation=NIK
        )
    assert error.value.field == "occupation"
    visitor.refresh_from_db()
    assert visitor.occupation != NIK


def test_the_admin_refuses_a_number_in_a_new_users_name(admin_client, office):
    response = admin_client.post(
        reverse("admin:pst_user_add"),
        {"email": "baru@example.org", "full_name": f"Baru {NIK}", "office": office.pk,
         "usable_password": "true", "password1": "statistik-tarakan-2026",
         "password2": "statistik-tarakan-2026"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("full_name", "identity_number")
    assert not User.objects.filter(email="baru@example.org").exists()


def test_the_admin_refuses_a_number_or_a_control_character_when_changing_a_user(
    admin_client, front_office
):
    url = reverse("admin:pst_user_change", args=[front_office.pk])
    base = {"email": front_office.email, "full_name": "Fo", "phone": "", "institution": "",
            "occupation": "", "office": front_office.office_id, "is_active": "on",
            "date_joined_0": "2026-11-01", "date_joined_1": "08:00:00"}  # fmt: skip
    for field, value in (("occupation", NIK), ("institution", "BPS\x0b6571")):
        response = admin_client.post(url, base | {field: value})
        assert response.status_code == 200, field
        assert response.context["adminform"].form.has_error(field)
    assert admin_client.post(url, base | {"occupation": "Statistisi"}).status_code == 302
    front_office.refresh_from_db()
    assert front_office.occupation == "Statistisi"


# -- one mechanism on every form ------------------------------------------------------------


@pytest.fixture
def ticket(office, services, desks):
    from queueing import services as queue

    with time_machine.travel(MONDAY_9, tick=False):
        return queue.ticket_issue(office=office, service=services["K"])


PROJECT_APPS = ("pst", "queueing", "consultations", "complaints")


def _project_form_classes():
    for app in PROJECT_APPS:
        for module in ("forms", "admin", "views"):
            try:
                importlib.import_module(f"{app}.{module}")
            except ModuleNotFoundError:
                continue
    seen, stack = set(), [forms.BaseForm]
    while stack:
        for cls in stack.pop().__subclasses__():
            if cls not in seen:
                seen.add(cls)
                stack.append(cls)
    return sorted(
        (c for c in seen if c.__module__.split(".")[0] in PROJECT_APPS and c.base_fields),
        key=lambda c: c.__qualname__,
    )


def _instantiate(form_class, office, ticket):
    from pst.models import Office

    available = {"office": office, "ticket": ticket, "with_ticket": False, "must_route": None,
                 "request": None, "user": None,
                 "offices": Office.objects.filter(pk=office.pk),
                 "officers": [], "counts": {}, "attachments": []}  # fmt: skip
    parameters = inspect.signature(form_class.__init__).parameters
    kwargs = {
        name: available[name]
        for name, parameter in parameters.items()
        if name in available and parameter.default is parameter.empty
    }
    if issubclass(form_class, SetPasswordForm) and "user" not in kwargs:
        kwargs["user"] = None  # our password forms take Django's (user, *args) through a mixin
    if issubclass(form_class, AdminPasswordChangeForm):
        kwargs["user"] = User(email="staf@example.org")  # it asks the user for a password
    return form_class(**kwargs)


def _admin_forms(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        yield f"admin {model.__name__} add", model_admin.get_form(request, None)
        obj = model.objects.first()
        if obj is not None:
            yield f"admin {model.__name__} change", model_admin.get_form(request, obj)
        for formset, _inline in model_admin.get_formsets_with_inlines(request):
            yield f"admin {model.__name__} inline", formset.form


def _text_fields(form):
    return {name: f for name, f in form.fields.items() if isinstance(f, forms.CharField)}


def test_every_form_refuses_a_vertical_tab_in_every_text_field(
    ticket, office, admin_user, front_office
):
    candidates = [(c.__qualname__, c) for c in _project_form_classes()]
    candidates += list(_admin_forms(admin_user))
    checked = []
    for label, form_class in candidates:
        form = _instantiate(form_class, office, ticket)
        if _text_fields(form):
            assert isinstance(form, SafeTextMixin), f"{label} does not use SafeTextMixin"
        for name, field in _text_fields(form).items():
            assert any(isinstance(v, ControlCharacterValidator) for v in field.validators), (
                f"{label}.{name}"
            )
            with pytest.raises(forms.ValidationError):
                field.clean("a\x0bb")
            checked.append(f"{label}.{name}")
    # The walk really reached the forms people type into.
    for expected in (
        "GuestbookForm.name",
        "GuestbookForm.data_needed",
        "WalkInConsultationForm.question",
        "RegistrationForm.full_name",
        "ProfileForm.occupation",
        "admin User add.full_name",
        "admin Office change.display_message",
        "admin SubjectArea add.name",
    ):
        assert expected in checked, expected


def test_multi_line_fields_keep_tab_and_line_breaks(ticket):
    from consultations.forms import WalkInConsultationForm

    question = WalkInConsultationForm(ticket=ticket).fields["question"]
    assert question.clean("baris satu\n\tbaris dua") == "baris satu\n\tbaris dua"
    for refused in ("a\x0bb", "a\u2028b", "a\u200bb"):
        with pytest.raises(forms.ValidationError):
            question.clean(refused)
