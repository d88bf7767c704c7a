"""A generated file: named in Chinese and ASCII, typed by its extension, not kept by a shared
browser after logout."""

from urllib.parse import quote

from unionplans.lib.downloads import download


def test_a_download_is_named_typed_and_not_kept():
    response = download(b"PK\x03\x04", "2026年工作要点.docx", "plan-1.docx")
    assert response["Content-Type"].endswith("wordprocessingml.document")
    disposition = response["Content-Disposition"]
    assert 'filename="plan-1.docx"' in disposition
    assert f"filename*=UTF-8''{quote('2026年工作要点.docx')}" in disposition
    assert response["Content-Length"] == "4"
    assert response["Cache-Control"] == "private, no-store"
