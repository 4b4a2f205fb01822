"""Accounts' addresses with an international domain are stored with it in ASCII (IDNA), as
`pst.models.email_normalize` now stores every new one, so the two forms of one mailbox are
one account (trial K6). An address whose ASCII form another account already holds — the two
accounts the old rule let in — is left as it is, for an administrator to merge."""

from django.db import migrations


def domains_to_ascii(apps, schema_editor):
    User = apps.get_model("pst", "User")
    for user in User.objects.only("pk", "email").iterator():
        if user.email.isascii():
            continue
        local, at, domain = user.email.rpartition("@")
        try:
            ascii_email = f"{local}@{domain.encode('idna').decode('ascii')}".lower()
        except UnicodeError:
            continue
        if not at or User.objects.filter(email__iexact=ascii_email).exclude(pk=user.pk).exists():
            continue
        User.objects.filter(pk=user.pk).update(email=ascii_email)


class Migration(migrations.Migration):
    dependencies = [
        ("pst", "0014_session_generation"),
    ]

    operations = [
        migrations.RunPython(domains_to_ascii, migrations.RunPython.noop, elidable=True),
    ]
