"""Old Word (.doc), WPS (.wps), RTF and OpenDocument files → .docx, and old Excel (.xls) and WPS
spreadsheets (.et) → .xlsx, with LibreOffice headless.

    soffice -env:UserInstallation=file:///tmp/…/profile --headless --convert-to docx …

Each conversion runs in a private temporary directory with its own LibreOffice profile: two
conversions sharing a profile wait on its lock, or fail. It has a time limit; on timeout the
whole process group is killed (soffice starts a child, soffice.bin, that a kill of soffice alone
would leave running). A converted file is kept in a small in-process cache, because the import
preview reads the same upload several times and a conversion takes seconds. Documents need
LibreOffice Writer, workbooks LibreOffice Calc: Debian packages them apart, and a missing one is
said by name."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

from django.utils.translation import gettext as _

from ..model import DocumentError

# A cold LibreOffice (a fresh profile each time) converts a plan in 2–8 s; a file that takes
# longer than this is not a plan, or LibreOffice is stuck.
CONVERT_TIMEOUT = 45.0
# Where to look for LibreOffice besides the PATH; SOFFICE_PATH in the environment wins.
_KNOWN_PATHS = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
_CACHE_SIZE = 8
_cache: OrderedDict[str, bytes] = OrderedDict()
_cache_lock = threading.Lock()
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What each conversion writes: LibreOffice's export filter, and its library in soffice's program
# folder (Writer: libswlo, Calc: libsclo), which is there only when its package is installed.
_TARGETS = {
    "docx": ("docx:MS Word 2007 XML", "libswlo"),
    "xlsx": ("xlsx:Calc MS Excel 2007 XML", "libsclo"),
}


def find_soffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    configured = os.environ.get("SOFFICE_PATH")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((path for path in _KNOWN_PATHS if os.access(path, os.X_OK)), None)


def _component_missing(soffice: str, target: str) -> bool:
    """Whether LibreOffice is there without the part that writes ``target`` (Calc for .xlsx).
    Where its program folder holds neither library (another layout), nothing can be told."""
    program = Path(os.path.realpath(soffice)).parent
    present = {
        library for _filter, library in _TARGETS.values() if any(program.glob(library + ".*"))
    }
    return bool(present) and _TARGETS[target][1] not in present


def _source_name(data: bytes, extension: str, target: str) -> str:
    """The name the file is converted under. LibreOffice detects the format from the content,
    but takes a .wps for a Microsoft Works file: WPS Office writes Word's binary format; and a
    WPS spreadsheet (.et), Excel's."""
    if target == "xlsx":
        return "workbook.xls"
    if data.startswith(_OLE):
        return "document.doc"
    if data.startswith(b"{\\rtf"):
        return "document.rtf"
    return "document" + (extension if extension in (".odt", ".rtf", ".doc") else ".doc")


def convert_to_docx(data: bytes, filename: str, timeout: float | None = None) -> bytes:
    """The .docx LibreOffice makes of ``data`` (.doc, .wps, .rtf, .odt); DocumentError when it
    cannot."""
    return _convert(data, filename, "docx", timeout)


def convert_to_xlsx(data: bytes, filename: str, timeout: float | None = None) -> bytes:
    """The .xlsx LibreOffice makes of ``data`` (.xls, .et); DocumentError when it cannot."""
    return _convert(data, filename, "xlsx", timeout)


def _convert(data: bytes, filename: str, target: str, timeout: float | None) -> bytes:
    key = f"{target}:{hashlib.sha256(data).hexdigest()}"
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    soffice = find_soffice()
    if soffice is None or _component_missing(soffice, target):
        raise _not_installed(filename, target, soffice is None)
    limit = CONVERT_TIMEOUT if timeout is None else timeout
    converted = _run(soffice, data, filename, target, limit)
    with _cache_lock:
        _cache[key] = converted
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return converted


def _not_installed(filename: str, target: str, at_all: bool) -> DocumentError:
    """What to do without LibreOffice (``at_all``), or without the part of it ``target`` needs."""
    if target == "xlsx":
        if at_all:
            message = _(
                "%(name)s is an old Excel or WPS workbook, which is converted with LibreOffice, "
                "and LibreOffice is not installed on the server. Ask the administrator to "
                "install it (on Debian or Ubuntu: apt-get install libreoffice-calc-nogui), or "
                "save the file as .xlsx in Excel or WPS and upload it again."
            )
        else:
            message = _(
                "%(name)s is an old Excel or WPS workbook, which is converted with LibreOffice "
                "Calc, and Calc is not installed on the server (LibreOffice is, without it). Ask "
                "the administrator to install it (on Debian or Ubuntu: apt-get install "
                "libreoffice-calc-nogui), or save the file as .xlsx in Excel or WPS and upload "
                "it again."
            )
        return DocumentError(message % {"name": filename or ".xls"})
    if at_all:
        message = _(
            "%(name)s is an old Word or WPS document, which is converted with LibreOffice, "
            "and LibreOffice is not installed on the server. Ask the administrator to install "
            "it (on Debian or Ubuntu: apt-get install libreoffice-writer-nogui), or save the "
            "file as .docx in Word or WPS and upload it again, or paste its text into the "
            "text box."
        )
    else:
        message = _(
            "%(name)s is an old Word or WPS document, which is converted with LibreOffice "
            "Writer, and Writer is not installed on the server (LibreOffice is, without it). "
            "Ask the administrator to install it (on Debian or Ubuntu: apt-get install "
            "libreoffice-writer-nogui), or save the file as .docx in Word or WPS and upload it "
            "again, or paste its text into the text box."
        )
    return DocumentError(message % {"name": filename or ".doc"})


def _stopped(filename: str, target: str, timeout: float) -> DocumentError:
    if target == "xlsx":
        message = _(
            "Converting %(name)s with LibreOffice took more than %(seconds)s seconds and was "
            "stopped. Save the workbook as .xlsx in Excel or WPS and upload it again."
        )
    else:
        message = _(
            "Converting %(name)s with LibreOffice took more than %(seconds)s seconds and was "
            "stopped. Save the file as .docx in Word or WPS and upload it again, or paste its "
            "text into the text box."
        )
    default = ".xls" if target == "xlsx" else ".doc"
    return DocumentError(message % {"name": filename or default, "seconds": f"{timeout:g}"})


def _failed(filename: str, target: str) -> DocumentError:
    if target == "xlsx":
        message = _(
            "LibreOffice could not convert %(name)s; the file may be damaged, "
            "password-protected or not a workbook. Save it as .xlsx in Excel or WPS and upload "
            "it again."
        )
    else:
        message = _(
            "LibreOffice could not convert %(name)s; the file may be damaged, "
            "password-protected or not a document. Save it as .docx in Word or WPS and upload "
            "it again, or paste its text into the text box."
        )
    return DocumentError(message % {"name": filename or (".xls" if target == "xlsx" else ".doc")})


def _run(soffice: str, data: bytes, filename: str, target: str, timeout: float) -> bytes:
    extension = Path(filename).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="unionplans-convert-") as directory:
        root = Path(directory)
        source = root / _source_name(data, extension, target)
        source.write_bytes(data)
        output = root / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nologo",
            "--convert-to",
            _TARGETS[target][0],
            "--outdir",
            str(output),
            str(source),
        ]
        # Its own session, so that the whole group (soffice and soffice.bin) can be killed; HOME
        # in the private directory, so that nothing is written to the server user's home.
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=root,
            env={**os.environ, "HOME": str(root)},
            start_new_session=True,
        )
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise _stopped(filename, target, timeout) from None
        finally:
            # Whatever happened, nothing of this conversion keeps running.
            _kill_group(process)
        result = output / (source.stem + "." + target)
        if process.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            raise _failed(filename, target)
        return result.read_bytes()


def _kill_group(process: subprocess.Popen) -> None:
    """Kill soffice and what it started; the group outlives soffice while soffice.bin runs."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
