import pytest
from django.utils import translation


@pytest.fixture(autouse=True, scope="module")
def english_messages():
    """Messages are checked in English, whatever the project's default language."""
    with translation.override("en"):
        yield
