""".doc, .wps and .rtf through LibreOffice: a private profile per conversion, a time limit that
kills the whole process group, a clear message when LibreOffice is missing, a small cache."""

import json
import os
import sys
import threading
import time
from collections import OrderedDict
from pathlib import Path

import pytest

from plans.importing import DocumentError, parse_document, read_document
from plans.importing.readers import office
from tests.plans.importing.helpers import SAMPLES, docx_bytes
from tests.plans.importing.office_files import requires_soffice
from tests.tasks.workspace.files import ole

# A Word file's compound-file directory, and whatever follows it.
OLE = ole("WordDocument")
PLAN = "2019年宣传工作要点\n一、思想引领\n1．加强理论学习。（牵头部门：宣教部；完成时限：6月）\n"


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch):
    monkeypatch.setattr(office, "_cache", OrderedDict())


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    """An executable standing in for soffice: a Python script with ``body``; it gets argv."""
    script = tmp_path / "soffice"
    script.write_text(f"#!{sys.executable}\nimport os, sys, json, shutil, time\n{body}\n")
    script.chmod(0o755)
    return script


def _alive(pid: int) -> bool:
    """A process that exists and is not a zombie waiting for a parent to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def _rtf(text: str) -> bytes:
    """Text as an RTF document, each line a paragraph, Chinese as \\u escapes."""
    body = []
    for char in text:
        if char == "\n":
            body.append("\\par\n")
        elif ord(char) < 128:
            body.append("\\" + char if char in "\\{}" else char)
        else:
            code = ord(char)
            body.append(f"\\u{code if code < 32768 else code - 65536}?")
    return ("{\\rtf1\\ansi\\deff0 " + "".join(body) + "}").encode("ascii")


def test_missing_libreoffice_says_how_to_install_it(monkeypatch):
    monkeypatch.setenv("SOFFICE_PATH", "/nonexistent/soffice")
    assert office.find_soffice() is None
    with pytest.raises(DocumentError) as raised:
        read_document(OLE + b"\0" * 64, "旧要点.doc")
    message = str(raised.value)
    assert "旧要点.doc" in message and "LibreOffice is not installed" in message
    assert "apt-get install libreoffice-writer-nogui" in message and ".docx" in message


def test_conversion_runs_in_a_private_directory_with_its_own_profile(tmp_path, monkeypatch):
    log = tmp_path / "calls.jsonl"
    converted = docx_bytes(lambda document: [document.add_paragraph(p) for p in PLAN.split("\n")])
    (tmp_path / "converted.docx").write_bytes(converted)
    script = _fake_soffice(
        tmp_path,
        f"""
args = sys.argv[1:]
with open({str(log)!r}, "a") as out:
    out.write(json.dumps({{"args": args, "cwd": os.getcwd(), "home": os.environ["HOME"]}}) + "\\n")
outdir = args[args.index("--outdir") + 1]
os.makedirs(outdir, exist_ok=True)
name = os.path.splitext(os.path.basename(args[-1]))[0] + ".docx"
shutil.copy({str(tmp_path / "converted.docx")!r}, os.path.join(outdir, name))
""",
    )
    monkeypatch.setenv("SOFFICE_PATH", str(script))
    first = parse_document(OLE + b"first" * 20, "要点.wps")
    second = parse_document(OLE + b"second" * 20, "要点.doc")
    assert first.to_dict() == second.to_dict() == parse_document(PLAN, "").to_dict()
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(calls) == 2
    profiles = [
        next(a for a in call["args"] if a.startswith("-env:UserInstallation=")) for call in calls
    ]
    assert profiles[0] != profiles[1]
    for call, profile in zip(calls, profiles, strict=True):
        assert profile == "-env:UserInstallation=" + Path(call["cwd"], "profile").as_uri()
        assert call["home"] == call["cwd"]  # nothing is written to the server user's home
        assert not Path(call["cwd"]).exists()  # the private directory is removed
        assert call["args"][-1].endswith("document.doc")  # a .wps is converted as Word's format
        assert "--headless" in call["args"]
    # The same file again is not converted again: the preview reads an upload several times.
    parse_document(OLE + b"first" * 20, "要点.wps")
    assert len(log.read_text().splitlines()) == 2


def test_timeout_kills_the_whole_process_group(tmp_path, monkeypatch):
    pids = tmp_path / "pids"
    script = _fake_soffice(
        tmp_path,
        f"""
import subprocess
child = subprocess.Popen(["sleep", "60"])
with open({str(pids)!r}, "w") as out:
    out.write(f"{{os.getpid()}} {{child.pid}}")
time.sleep(60)
""",
    )
    monkeypatch.setenv("SOFFICE_PATH", str(script))
    monkeypatch.setattr(office, "CONVERT_TIMEOUT", 1.5)
    started = time.monotonic()
    with pytest.raises(DocumentError) as raised:
        read_document(OLE + b"slow" * 16, "慢.doc")
    assert time.monotonic() - started < 10
    assert "took more than 1.5 seconds" in str(raised.value)
    processes = [int(pid) for pid in pids.read_text().split()]
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in processes) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in processes)  # soffice and the child it started


def test_failed_conversion_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("SOFFICE_PATH", str(_fake_soffice(tmp_path, "sys.exit(1)")))
    with pytest.raises(DocumentError) as raised:
        read_document(OLE + b"\0" * 64, "坏.doc")
    assert "LibreOffice could not convert 坏.doc" in str(raised.value)


@requires_soffice
def test_rtf_is_converted():
    assert parse_document(_rtf(PLAN), "要点.rtf").to_dict() == parse_document(PLAN, "").to_dict()


@requires_soffice
def test_parallel_conversions_do_not_share_a_profile():
    """Two conversions at once: with a shared profile the second would wait on its lock or
    fail."""
    sources = {
        "doc": ((SAMPLES / "leshan-2020-measures-list.doc").read_bytes(), "a.doc"),
        "rtf": (_rtf(PLAN), "b.rtf"),
    }
    results, errors = {}, []

    def convert(key):
        try:
            results[key] = office.convert_to_docx(*sources[key])
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=convert, args=(key,)) for key in sources]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert parse_document(results["doc"], "a.docx").to_dict() == (
        parse_document((SAMPLES / "leshan-2020-measures-list.txt").read_bytes(), "x.txt").to_dict()
    )
    assert parse_document(results["rtf"], "b.docx").title == "2019年宣传工作要点"


def test_soffice_on_the_path_is_found(tmp_path, monkeypatch):
    script = _fake_soffice(tmp_path, "pass")
    monkeypatch.delenv("SOFFICE_PATH", raising=False)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    assert office.find_soffice() == str(script)
