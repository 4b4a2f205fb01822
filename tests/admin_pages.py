"""An admin change page sent back as the browser would: every form of the page (the object's,
each inline's management form and rows) with the values it shows."""

from __future__ import annotations

from django.urls import reverse


def admin_form_data(client, url: str) -> dict:
    context = client.get(url).context
    data: dict = {}

    def put(form) -> None:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value

    put(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        put(formset.management_form)
        for form in formset.forms:
            put(form)
    return data


def office_form(client, office) -> tuple[str, dict]:
    """The office's admin change page as the administrator's browser would send it back."""
    url = reverse("admin:pst_office_change", args=[office.pk])
    return url, admin_form_data(client, url)


def hours_row(data: dict, weekday: int) -> str:
    """The inline prefix of the row of `weekday` (0 Monday)."""
    for key, value in data.items():
        if key.endswith("-weekday") and str(value) == str(weekday):
            return key.removesuffix("-weekday")
    raise AssertionError(f"no opening hours row for weekday {weekday}")
