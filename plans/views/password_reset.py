"""A forgotten password: the form on the login page's link, and the page the mailed link opens
(plans/organisation/reset_links.py). Both are open to people who are not logged in."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from plans.forms.organisation import ForgotPasswordForm
from plans.organisation import reset_links


@never_cache
def forgot(request):
    """Ask for a link. The answer is the same whether or not an account was found, so that
    the form tells nobody which login names or addresses exist."""
    if request.user.is_authenticated:
        return redirect("organisation:password_change")
    form = ForgotPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reset_links.ask(form.cleaned_data["identifier"], translation.get_language())
        return render(request, "registration/password_forgot_sent.html", reset_links.timing())
    return render(request, "registration/password_forgot.html", {"form": form})


class ResetConfirm(auth_views.PasswordResetConfirmView):
    """The page a mailed link opens: a new password (Django's rules), then the login page. A
    used or expired link says so and offers a new one."""

    form_class = SetPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form):
        user = form.save(commit=False)
        reset_links.used(user)
        # What Django's own form_valid does besides saving: the token is spent.
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, _("Your new password is set. Log in with it."))
        return redirect(self.success_url)
