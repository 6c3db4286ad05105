import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Sign-in stories hash passwords dozens of times; the real hasher's cost is not what they test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
