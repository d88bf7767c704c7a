import pytest
from django.utils import translation


@pytest.fixture(autouse=True, scope="module")
def english_messages():
    """Messages are checked in English, whatever the project's default language."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def sample_xls() -> bytes:
    """The sample task list as an Excel 97-2003 workbook (.xls), as LibreOffice saves it: one
    soffice run for every test that needs it."""
    from plans.importing.readers.office import find_soffice
    from tests.plans.importing.helpers import SAMPLES
    from tests.plans.importing.office_files import libreoffice

    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    xlsx = (SAMPLES / "sample-2023-task-list.xlsx").read_bytes()
    return libreoffice({"sample": xlsx}, "xls")["sample"]
