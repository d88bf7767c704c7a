"""A generated file: named in Chinese and ASCII, typed by its extension, not kept by a shared
browser after logout."""

from urllib.parse import quote

from unionplans.lib.downloads import download, download_file


def test_a_download_is_named_typed_and_not_kept():
    response = download(b"PK\x03\x04", "2026年工作要点.docx", "plan-1.docx")
    assert response["Content-Type"].endswith("wordprocessingml.document")
    disposition = response["Content-Disposition"]
    assert 'filename="plan-1.docx"' in disposition
    assert f"filename*=UTF-8''{quote('2026年工作要点.docx')}" in disposition
    assert response["Content-Length"] == "4"
    assert response["Cache-Control"] == "private, no-store"


def test_a_stored_file_is_streamed_with_the_same_headers(tmp_path, db):
    # ``db``: closing a response sends request_finished, which checks the thread's database
    # connection; a test before this one may have left one open.
    stored = tmp_path / "ledger.xlsx"
    stored.write_bytes(b"PK\x03\x04" * 100_000)
    response = download_file(stored.open("rb"), "台账.xlsx", "ledger.xlsx")
    assert response.streaming  # read in chunks as it is sent, never whole
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"ledger.xlsx\"; filename*=UTF-8''{quote('台账.xlsx')}"
    )
    assert response["Content-Length"] == "400000"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == stored.read_bytes()
    response.close()
