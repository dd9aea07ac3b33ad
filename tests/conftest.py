"""Test settings come from the environment like everywhere else; these are the
values a test run needs when the caller has not set them."""

import os

os.environ.setdefault("SECRET_KEY", "peduli-test-key")
os.environ.setdefault("PEDULI_HTTPS", "false")
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
