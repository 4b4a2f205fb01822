"""Every text field of every model of the project is declared, personal or not, in
pst.personal_data: a field added later fails here until someone decides what the retention
purge, the prefill and the exports do with it."""

from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from pst.personal_data import BLANK, DECLARATIONS, KEEP, personal_fields

PROJECT = Path(__file__).resolve().parents[2]


def project_models() -> list[type[models.Model]]:
    """The models of the project's own apps (not Django's or third-party packages')."""
    return [
        model
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(PROJECT)
        and ".venv" not in Path(config.path).parts
        for model in config.get_models()
    ]


def text_fields(model: type[models.Model]) -> set[str]:
    # EmailField, SlugField and URLField are CharFields too.
    return {
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    }


def test_the_project_models_are_found():
    labels = {model._meta.label for model in project_models()}
    assert {"pst.User", "queueing.GuestbookEntry", "consultations.Consultation"} <= labels
    assert "auth.Group" not in labels


@pytest.mark.parametrize("model", project_models(), ids=lambda model: model._meta.label)
def test_every_text_field_is_declared_personal_or_not(model):
    declaration = DECLARATIONS.get(model._meta.label)
    declared = set(declaration.personal) | declaration.not_personal if declaration else set()
    undeclared = text_fields(model) - declared
    assert not undeclared, (
        f"{model._meta.label}: declare {sorted(undeclared)} in pst/personal_data/fields.py, "
        "personal (with what the purge does) or not personal"
    )


@pytest.mark.parametrize("label", sorted(DECLARATIONS))
def test_every_declaration_names_fields_the_model_has(label):
    model = apps.get_model(label)
    declaration = DECLARATIONS[label]
    names = {field.name for field in model._meta.concrete_fields}
    assert set(declaration.personal) <= names
    assert declaration.not_personal <= names
    assert not set(declaration.personal) & declaration.not_personal


@pytest.mark.parametrize("label", sorted(DECLARATIONS))
def test_what_the_purge_blanks_and_the_rules_check_is_text(label):
    model = apps.get_model(label)
    for name, spec in personal_fields(label).items():
        assert spec.purge in (BLANK, KEEP)
        if spec.purge == BLANK or spec.text is not None or spec.mask is not None:
            assert name in text_fields(model), f"{label}.{name} is not a text field"


def test_the_models_holding_personal_data_declare_it():
    assert set(personal_fields("pst.User")) >= {"email", "full_name", "phone"}
    assert set(personal_fields("consultations.Consultation")) >= {"question", "answer"}
    assert {"name", "email", "phone", "id_last4"} <= set(personal_fields("queueing.GuestbookEntry"))
