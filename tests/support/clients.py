"""Django's test client and DRF's API client, logged in as a user."""

from django.test import Client
from rest_framework.test import APIClient

from peduli.accounts.models import User


def client_for(user: User) -> Client:
    """A browser-like client with `user`'s session (pages, htmx, downloads)."""
    client = Client()
    client.force_login(user)
    return client


def api_for(user: User) -> APIClient:
    """An API client authenticated as `user` (what a token would give)."""
    client = APIClient()
    client.force_authenticate(user)
    return client
