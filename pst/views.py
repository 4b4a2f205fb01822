from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.utils import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from pst import email_change, selectors, services
from pst.account_forms import (
    EmailAuthenticationForm,
    EmailChangeForm,
    OurPasswordChangeForm,
    OurSetPasswordForm,
    ProfileForm,
    QueuedPasswordResetForm,
    RegistrationForm,
)
from pst.actions import post_action
from pst.auth import axes_username, client_ip
from pst.errors import add_message, add_to_form
from pst.formatting import CLOCK_FORMAT
from pst.mail_queue import mail_health
from pst.models import Office
from pst.permissions import Role, user_roles
from pst.phones import format_phone
from pst.selectors import landing_url

# -- public pages ----------------------------------------------------------------------------


def _render_office(request: HttpRequest, office: Office) -> HttpResponse:
    with timezone.override(office.zoneinfo):
        services_list = [s for s in office.services.all() if s.is_active]
        walk_in_minutes = min((s.sla_minutes for s in services_list), default=10)
        return render(
            request,
            "pst/office.html",
            {
                "office": office,
                "services": services_list,
                "walk_in_minutes": walk_in_minutes,
                "opening_hours": office.opening_hours.all(),
            },
        )


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    office = selectors.office_for_home()
    if office is not None:
        return _render_office(request, office)
    return render(request, "pst/office_list.html", {"offices": selectors.office_list()})


@require_safe
def office_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _render_office(request, selectors.get_office_by_code(code, with_page_details=True))


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    # Counts only, never an address; emails that failed do not make the portal unhealthy
    # for a load balancer, a monitor may alert on them (README, Production).
    try:
        email: dict[str, int] | str = mail_health()
    except DatabaseError:
        email = "unknown"
    return JsonResponse({"status": "ok", "database": "ok", "email": email})


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and crawlers ask for /favicon.ico whatever the page links: send them to the
    icon every page links (its static URL changes with its content, so not permanently)."""
    response = HttpResponseRedirect(static("img/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


# -- accounts --------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        # Staff land where their work is; a safe `next` still wins (get_success_url).
        return landing_url(self.request.user)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): until when, in the office's
    time, and that a password reset lifts it (product trial I, I6)."""
    zone, zone_abbreviation = selectors.home_zone()
    until = selectors.sign_in_locked_until(
        username=axes_username(request, credentials),
        ip_address=getattr(request, "axes_ip_address", None) or client_ip(request),
    ).astimezone(zone)
    now = timezone.now().astimezone(zone)
    minutes = max(1, -(-int((until - now).total_seconds()) // 60))
    return render(
        request,
        "registration/locked_out.html",
        {
            "until": until,
            # 11.37, or 28 November 2026 11.37 on another day (a lockout of hours).
            "until_text": date_format(
                until, CLOCK_FORMAT if until.date() == now.date() else f"j F Y {CLOCK_FORMAT}"
            ),
            "zone": zone_abbreviation,
            "minutes": minutes,
        },
        status=429,
    )


# Shown on the "check your email" page after a reset asked for again too soon.
RESET_WAIT_SESSION_KEY = "pst_reset_wait_minutes"


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    email_template_name = "emails/password_reset_body.txt"
    subject_template_name = "emails/password_reset_subject.txt"

    def form_valid(self, form: QueuedPasswordResetForm) -> HttpResponse:
        decision = services.password_reset_try(
            email=form.cleaned_data["email"], client_ip=client_ip(self.request)
        )
        self.request.session.pop(RESET_WAIT_SESSION_KEY, None)
        if decision.send:
            return super().form_valid(form)
        # Nothing is sent. An address asked for a moment ago is told to wait and look in
        # the spam folder, whether it has an account or not (the count is per address typed,
        # known or not), so this tells nothing about who is registered.
        if decision.wait_minutes:
            self.request.session[RESET_WAIT_SESSION_KEY] = decision.wait_minutes
        return HttpResponseRedirect(self.get_success_url())


@require_safe
def password_reset_done(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registration/password_reset_done.html",
        {"wait_minutes": request.session.pop(RESET_WAIT_SESSION_KEY, 0)},
    )


def admin_autocomplete_refused(request: HttpRequest) -> HttpResponse:
    """No admin form uses autocomplete, and the endpoint would hand any staff member every
    account matching any part of a name, full address included, unmasked and unlogged
    (trial G, G6): it does not exist here."""
    raise Http404


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("profile")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        try:
            services.registration_try(client_ip=client_ip(request))
        except services.PortalError as error:
            # Not validated: its errors would still say which addresses have an account.
            add_message(request, error)
            typed = {
                name: request.POST.get(name, "") for name in form.fields if "password" not in name
            }
            form = RegistrationForm(initial=typed)
            return render(request, "registration/register.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_register(
                email=data["email"],
                password=data["password1"],
                full_name=data["full_name"],
                phone=data["phone"],
                institution=data["institution"],
                occupation=data["occupation"],
            )
        except services.PortalError as error:
            add_to_form(form, error)
        else:
            request.session["registered_email"] = user.email
            return redirect("register_done")
    return render(request, "registration/register.html", {"form": form})


@require_safe
def register_done(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registration/register_done.html",
        {"email": request.session.get("registered_email", "")},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the link shows whether it works and a button; the button verifies."""
    try:
        if request.method != "POST":
            services.verification_link_user(token=token)
            return render(request, "registration/verify_email.html", {"ok": None})
        user = services.user_verify_email(token=token)
    except services.PortalError as error:
        message = error.message
        # Signed in and still unverified: the page offers the new link itself (a button),
        # rather than telling someone signed in to sign in (product trial I, I16).
        send_new = (
            error.code in ("expired", "invalid")
            and request.user.is_authenticated
            and not request.user.is_email_verified
        )
        if send_new and error.code == "expired":
            message = _("This verification link has expired. Ask for a new one here.")
        return render(
            request,
            "registration/verify_email.html",
            {"ok": False, "message": message, "code": error.code, "send_new": send_new},
            status=200 if error.code == "used" else 400,
        )
    return render(request, "registration/verify_email.html", {"ok": True, "verified": user})


@login_required
@post_action("profile")
def resend_verification(request: HttpRequest) -> HttpResponse:
    try:
        services.user_verification_send(user=request.user)
    except services.PortalError as error:
        messages.info(request, error.message)
    else:
        messages.success(
            request,
            _("We sent a new verification link to %(email)s.") % {"email": request.user.email},
        )
    return redirect("profile")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {
        "full_name": user.full_name,
        "phone": format_phone(user.phone),
        "institution": user.institution,
        "occupation": user.occupation,
        "new_request_email": user.new_request_email,
    }
    officer = user.office_id is not None and Role.CONSULTATION_OFFICER in user_roles(user)
    form = ProfileForm(request.POST or None, initial=initial, consultation_officer=officer)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_profile_update(user=user, **form.cleaned_data)
        except services.PortalError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def email_change_ask(request: HttpRequest) -> HttpResponse:
    form = EmailChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            email = email_change.user_email_change_ask(
                user=request.user,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
            )
        except services.PortalError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                _("We sent a link to %(email)s: open it to make it your account's address.")
                % {"email": email},
            )
            return redirect("profile")
    status = 400 if form.is_bound else 200  # refused: shown again with why
    return render(request, "accounts/email_change.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def email_change_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link sent to the new address: a page with a button (a mail scanner opening the
    link, or the owner of that address clicking it, changes nothing), for the account that
    asked, signed in."""
    if request.method == "GET":
        context = {"ok": None, "pending": request.user.pending_email}
        return render(request, "accounts/email_change_confirm.html", context)
    try:
        user = email_change.user_email_change_confirm(user=request.user, token=token)
    except services.PortalError as error:
        context = {"ok": False, "message": error.message, "code": error.code}
        return render(request, "accounts/email_change_confirm.html", context, status=400)
    return render(request, "accounts/email_change_confirm.html", {"ok": True, "changed": user})


@login_required
@post_action("profile")
def email_change_cancel(request: HttpRequest) -> HttpResponse:
    email_change.user_email_change_cancel(user=request.user)
    messages.success(request, _("The change of your email address is cancelled."))
    return redirect("profile")


@login_required
@post_action("profile")
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    """ "Sign out my other devices": a phone lost, a shared PC left signed in (trial I, I12).
    This browser stays signed in."""
    user = services.user_sessions_end(user=request.user)
    update_session_auth_hash(request, user)
    messages.success(request, _("Every other device signed in to your account is signed out."))
    return redirect("profile")


password_change = auth_views.PasswordChangeView.as_view(
    form_class=OurPasswordChangeForm, success_url=reverse_lazy("password_change_done")
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(form_class=OurSetPasswordForm)
