"""Accounts: created, changed, deactivated or reactivated and given a new password by a
planner or administrator; a person's own page; the password change forced at first login."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from plans import permissions
from plans.forms.organisation import AccountForm, ProfileForm
from plans.models import User
from plans.organisation import accounts, recorded, reset_links


def _password_shown(request, user, password):
    """The page showing a new initial password, once: it is not kept anywhere readable."""
    context = {"federation": user.unit.federation_root, "account": user, "password": password}
    response = render(request, "organisation/password_shown.html", context)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
def account_new(request, federation):
    """A new account; its initial password is shown once."""
    federation = permissions.get_federation_to_manage(request.user, federation)
    form = AccountForm(federation, request.user, request.POST or None, instance=User())
    if request.method == "POST" and form.is_valid():
        user, password = accounts.create_account(request.user, federation, **form.cleaned_data)
        return _password_shown(request, user, password)
    context = {"federation": federation, "form": form, "tab": "people"}
    return render(request, "organisation/account_form.html", context)


@login_required
def account_edit(request, pk):
    """Change an account's name, unit, role or contacts."""
    account = permissions.get_account_to_manage(request.user, pk)
    federation = account.unit.federation_root
    # Taken before the form writes what was typed into the account.
    before = recorded.person_values(account)
    form = AccountForm(federation, request.user, request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        accounts.save_account(form.save(commit=False), request.user, before)
        messages.success(request, _("%(name)s was saved.") % {"name": account.username})
        return redirect("organisation:people", federation=federation.pk)
    context = {"federation": federation, "form": form, "account": account, "tab": "people"}
    return render(request, "organisation/account_form.html", context)


@require_POST
@login_required
def account_active(request, pk):
    """Deactivate an account (never delete: its reports stay its own) or reactivate it."""
    account = permissions.get_account_to_manage(request.user, pk)
    if account.pk == request.user.pk:
        messages.error(request, _("You cannot deactivate your own account."))
    else:
        accounts.set_active(account, not account.is_active, request.user)
        if account.is_active:
            messages.success(request, _("%(name)s can log in again.") % {"name": account.username})
        else:
            messages.success(
                request, _("%(name)s can no longer log in.") % {"name": account.username}
            )
    return redirect("organisation:people", federation=account.unit.federation_root_id)


@never_cache
@require_POST
@login_required
def account_reset_password(request, pk):
    """A new initial password, shown once, to be changed at the next login."""
    account = permissions.get_account_to_manage(request.user, pk)
    if account.password_in_directory:
        messages.error(
            request,
            _("%(name)s logs in with the directory's password: it is reset in the directory.")
            % {"name": account.username},
        )
        return redirect("organisation:people", federation=account.unit.federation_root_id)
    return _password_shown(request, account, accounts.reset_password(account, request.user))


@require_POST
@login_required
def account_reset_link(request, pk):
    """Mail the person a link to set a new password themselves: nobody reads a password out
    to them, and the one they have works until they use the link."""
    account = permissions.get_account_to_manage(request.user, pk)
    name = account.get_full_name() or account.username
    if not reset_links.can_receive(account):
        messages.error(
            request,
            _(
                "No link can be mailed to %(name)s: the account needs an email address, to be "
                "active and to keep its password in the portal. Make a new password instead."
            )
            % {"name": name},
        )
    elif reset_links.send_for(account, request.user, translation.get_language()) is None:
        messages.info(
            request,
            _("A link was mailed to %(name)s less than %(minutes)d minutes ago.")
            % {"name": name, "minutes": reset_links.timing()["minutes"]},
        )
    else:
        messages.success(
            request,
            _("A link to set a new password is on its way to %(name)s (%(email)s).")
            % {"name": name, "email": account.email},
        )
    return redirect("organisation:people", federation=account.unit.federation_root_id)


@login_required
def profile(request):
    """A person's own page: their name and contact details."""
    before = recorded.person_values(request.user)
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        accounts.save_profile(form.save(commit=False), before)
        messages.success(request, _("Your details were saved."))
        return redirect("organisation:profile")
    return render(request, "organisation/profile.html", {"form": form})


@never_cache
@login_required
def password_change(request):
    """Change one's own password (Django's password rules apply); required at first login.
    A directory account's password is changed in the directory: the page says so."""
    if request.user.password_in_directory:
        context = {"in_directory": True}
        return render(request, "organisation/password_change.html", context)
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        accounts.password_changed(user)
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password was changed."))
        return redirect("home")
    context = {"form": form, "forced": request.user.must_change_password}
    return render(request, "organisation/password_change.html", context)
