"""Pages of the account's owner before they can log in: activation with the
code from their slip (`users.onboarding`)."""

from django.contrib.auth import login
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peduli.accounts.client_address import client_address
from peduli.core.errors import ApplicationError
from peduli.core.forms import show_error
from peduli.users.forms import ActivationForm
from peduli.users.onboarding import account_activate

# Wrong tries per address before the page waits (a quarter of an hour).
TRIES = 10
WAIT_SECONDS = 15 * 60


def _tries_key(request: HttpRequest) -> str:
    return f"activation-tries:{client_address(request)}"


def activate(request: HttpRequest) -> HttpResponse:
    """NIP + date of birth + code, then the new password; lands on /saya/."""
    cache = caches["throttle"]
    if int(cache.get(_tries_key(request), 0)) >= TRIES:
        message = _("Terlalu banyak percobaan dari perangkat ini. Coba lagi 15 menit lagi.")
        return render(request, "users/activate.html", {"form": ActivationForm(), "wait": message}, status=429)
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = account_activate(
                nip=data["nip"], birth_date=data["birth_date"], code=data["code"], password=data["password"]
            )
        except ApplicationError as error:
            if error.code == "activation_refused":
                cache.set(_tries_key(request), int(cache.get(_tries_key(request), 0)) + 1, WAIT_SECONDS)
            show_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("me:home")
    return render(request, "users/activate.html", {"form": form})
