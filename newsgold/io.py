"""Reading and writing files: JSON documents, JSONL records, atomic writes.

Every reader raises :class:`InputError` with the file, line and field at
fault, so the CLI can print one line and exit non-zero without a traceback.
Every writer goes through :func:`atomic_write_text`: a temp file in the same
folder, fsync, then ``os.replace``, so a crash never leaves half a file.
"""
from __future__ import annotations

import json
import os
import tempfile
from glob import escape as glob_escape
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

# Refuse absurd records before json.loads tries to materialise them.
MAX_RECORD_BYTES = 32 * 1024 * 1024


class InputError(Exception):
    """A problem with user input; ``str(err)`` is the whole one-line message."""

    def __init__(self, path: str | os.PathLike | None, message: str, *, line: int | None = None,
                 doc_id: str | None = None, pointer: str | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.doc_id = doc_id
        self.pointer = pointer
        self.message = message
        super().__init__(self.render())

    def render(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        parts = [where]
        if self.doc_id:
            parts.append(self.doc_id)
        if self.pointer is not None:
            parts.append(self.pointer or "/")
        parts.append(self.message)
        return ": ".join(parts)


def _decode(path: Path, data: bytes, *, line: int | None = None) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        raise InputError(path, "file starts with a UTF-8 byte-order mark (BOM); save it as plain UTF-8",
                         line=line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data":
            raise InputError(path, f"ends inside a UTF-8 character at byte {e.start}; was the file written "
                                   "completely?", line=line) from None
        raise InputError(path, f"not valid UTF-8 at byte {e.start}", line=line) from None


def _no_surrogates(path: Path, value: Any, *, line: int | None = None, pointer: str = "") -> None:
    """JSON allows escaped lone surrogates (\\ud800); text with them cannot be UTF-8, so refuse."""
    if isinstance(value, str):
        for i, ch in enumerate(value):
            if "\ud800" <= ch <= "\udfff":
                raise InputError(path, f"lone surrogate U+{ord(ch):04X} at character {i}", line=line,
                                 pointer=pointer)
    elif isinstance(value, dict):
        for k, v in value.items():
            _no_surrogates(path, v, line=line, pointer=f"{pointer}/{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _no_surrogates(path, v, line=line, pointer=f"{pointer}/{i}")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON parsers keep the last of two equal keys; a hand-edited file would silently lose the first."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise ValueError(f"key {dup!r} appears twice in one object")
    return obj


def parse_json(path: Path, text: str, *, line: int | None = None) -> Any:
    try:
        value = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as e:
        where = f"line {e.lineno} column {e.colno}" if line is None else f"column {e.colno}"
        raise InputError(path, f"not valid JSON ({e.msg} at {where})", line=line) from None
    except (ValueError, RecursionError) as e:
        raise InputError(path, f"not valid JSON ({e})", line=line) from None
    _no_surrogates(path, value, line=line)
    return value


def open_binary(path: Path):
    """Open a file for reading, turning the usual OS failures into one-line InputErrors."""
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except OSError as e:
        raise InputError(path, f"cannot read ({e.strerror})") from None


def read_json(path: str | os.PathLike) -> Any:
    """Read one JSON value from a file."""
    p = Path(path)
    with open_binary(p) as fh:
        data = fh.read()
    if not data.strip():
        raise InputError(p, "file is empty")
    return parse_json(p, _decode(p, data))


def iter_jsonl(path: str | os.PathLike) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line_number, object)`` for each non-blank line of a JSONL file.

    A truncated last line (a crashed writer) is reported as such rather than as
    a generic JSON error, since that is the likely cause.
    """
    p = Path(path)
    fh = open_binary(p)
    seen_any = False
    with fh:
        lineno = 0
        while True:
            raw = fh.readline(MAX_RECORD_BYTES + 1)
            if not raw:
                break
            lineno += 1
            if len(raw) > MAX_RECORD_BYTES:
                raise InputError(p, f"line is longer than {MAX_RECORD_BYTES // (1024 * 1024)} MiB", line=lineno)
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raise InputError(p, "file starts with a UTF-8 byte-order mark (BOM); save it as plain UTF-8",
                                 line=1)
            if raw.endswith(b"\r\n"):
                raise InputError(p, "CRLF line end; JSONL records must end with \\n", line=lineno)
            if not raw.strip():
                continue
            complete = raw.endswith(b"\n")
            text = _decode(p, raw, line=lineno)
            try:
                value = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicate_keys)
            except json.JSONDecodeError as e:
                if not complete:
                    raise InputError(p, "last line is truncated (no newline and not valid JSON); "
                                        "was the file written completely?", line=lineno) from None
                raise InputError(p, f"not valid JSON ({e.msg} at column {e.colno})", line=lineno) from None
            except (ValueError, RecursionError) as e:
                raise InputError(p, f"not valid JSON ({e})", line=lineno) from None
            if not isinstance(value, dict):
                raise InputError(p, f"expected a JSON object, got {type(value).__name__}", line=lineno)
            _no_surrogates(p, value, line=lineno)
            seen_any = True
            yield lineno, value
    if not seen_any:
        raise InputError(p, "file is empty (no JSONL records)")


STALE_TEMP_SECONDS = 3600


def _remove_stale_temps(target: Path) -> None:
    """Delete temp files of earlier writes to ``target`` that a hard kill left behind.

    Only those older than an hour: a younger one may belong to a write still under way.
    """
    import time

    cutoff = time.time() - STALE_TEMP_SECONDS
    for tmp in target.parent.glob(f".{glob_escape(target.name)}.*.tmp"):
        try:
            if tmp.is_file() and tmp.stat().st_mtime < cutoff:
                tmp.unlink()
        except OSError:
            pass  # another writer got there first, or no permission: harmless


@contextmanager
def atomic_writer(path: str | os.PathLike, mode: str = "w") -> Iterator[Any]:
    """Open a temp file beside ``path``; on success it replaces ``path`` in one rename."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(p)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": "\n"})) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    with atomic_writer(path) as fh:
        fh.write(text)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    with atomic_writer(path, "wb") as fh:
        fh.write(data)


def dumps_document(obj: dict[str, Any]) -> str:
    """The canonical on-disk form of a document: stable key order, UTF-8, trailing newline."""
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def dumps_jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in records)
