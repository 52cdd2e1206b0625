"""Writes are atomic: a write that dies midway leaves the old file as it was.

Every writer in NewsGold goes through ``newsgold.io.atomic_writer`` (a temp file beside the target, fsync,
``os.replace``). These tests break a write in the three ways it breaks in practice: an exception inside the
``with`` block, a process killed from outside (SIGINT, SIGKILL) while the temp file is half written, and a
crash right before the rename in each command that writes (simulated by making ``os.replace`` fail).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsgold.io import atomic_write_text, atomic_writer

REPO = Path(__file__).resolve().parents[1]
OLD = '{"old": "content that must survive"}\n'

WRITER = """
import sys, time
from newsgold.io import atomic_writer
with atomic_writer(sys.argv[1]) as fh:
    fh.write("NEW" * 200_000)
    fh.flush()
    print("half written", flush=True)
    time.sleep(120)
    fh.write("never reached")
"""


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_exception_inside_the_block_keeps_the_old_file(tmp_path):
    target = tmp_path / "doc.json"
    target.write_text(OLD, encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_writer(target) as fh:
            fh.write("half a new fi")
            raise RuntimeError("crash midway")
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def test_new_file_not_created_on_failure(tmp_path):
    target = tmp_path / "sub" / "new.json"
    with pytest.raises(KeyboardInterrupt):
        with atomic_writer(target) as fh:
            fh.write("x")
            raise KeyboardInterrupt
    assert not target.exists()
    assert leftovers(target.parent) == []


def test_success_replaces_in_one_step_and_keeps_no_temp(tmp_path):
    target = tmp_path / "doc.json"
    target.write_text(OLD, encoding="utf-8")
    atomic_write_text(target, "new\r\nline")
    assert target.read_bytes() == b"new\r\nline"     # newline="\n": text is written as given
    assert leftovers(tmp_path) == []


def _start_writer(target: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=REPO)
    line = proc.stdout.readline()
    assert line.strip() == "half written", proc.stderr.read()
    return proc


def test_sigint_midway_keeps_the_old_file_and_removes_the_temp(tmp_path):
    target = tmp_path / "doc.json"
    target.write_text(OLD, encoding="utf-8")
    proc = _start_writer(target)
    assert len(leftovers(tmp_path)) == 1                 # the half-written temp file exists now
    proc.send_signal(signal.SIGINT)                      # Ctrl-C: KeyboardInterrupt inside the block
    proc.wait(timeout=30)
    assert proc.returncode != 0
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def test_sigkill_midway_keeps_the_old_file_and_the_temp_is_ignored(tmp_path):
    """SIGKILL allows no clean-up: the old file survives; the orphaned temp is a hidden *.tmp file that
    no reader picks up (documents are *.json, data files skip dot-files), so the corpus still loads."""
    from newsgold.corpus import load_documents

    corpus = tmp_path / "corpus"
    (corpus / "documents").mkdir(parents=True)
    src = REPO / "corpus" / "documents" / "ko-daum-000.json"
    target = corpus / "documents" / "ko-daum-000.json"
    shutil.copy2(src, target)
    before = target.read_bytes()
    proc = _start_writer(target)
    (tmp,) = leftovers(target.parent)
    assert tmp.startswith(".ko-daum-000.json.") and (target.parent / tmp).stat().st_size >= 600_000
    proc.kill()
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert target.read_bytes() == before
    docs = load_documents(corpus)                        # the orphan is not taken for a document
    assert [d.id for d in docs] == ["ko-daum-000"]
    res = subprocess.run([sys.executable, "-m", "newsgold.cli", "--corpus", str(corpus), "validate"],
                         capture_output=True, text=True, cwd=REPO, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    # and the next write succeeds over it
    atomic_write_text(target, before.decode("utf-8"))
    assert target.read_bytes() == before


# -- every command that writes: a crash right before the rename leaves the old file -------------------
def _accepted_export(tmp_path: Path) -> Path:
    """A Label Studio export of ko-daum-000 whose annotation is the gold pre-annotation, accepted."""
    from newsgold.cli import main

    os.environ.pop("NEWSGOLD_CORPUS", None)
    tasks_path = tmp_path / "tasks.json"
    assert main(["ls", "export-tasks", str(tasks_path), "--ids", "ko-daum-000"]) == 0
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    export = []
    for n, t in enumerate(tasks, 1):
        pred = t.pop("predictions")[0]
        export.append({"id": n, "data": t["data"], "annotations": [
            {"id": n, "was_cancelled": False, "ground_truth": True, "result": pred["result"]}]})
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    return path


COMMANDS = {
    "compile": (["compile", "annotation/sources/ko-daum-000.txt", "--out", "{dir}"], "ko-daum-000.json"),
    "ls export-tasks": (["ls", "export-tasks", "{dir}/tasks.json", "--ids", "ko-daum-000"], "tasks.json"),
    "ls import": (["ls", "import", "{export}", "--out", "{dir}"], "ko-daum-000.json"),
    "clean --out": (["clean", "--system", "identity", "--split", "dev", "--out", "{dir}/clean.jsonl",
                     "--no-progress"], "clean.jsonl"),
    "build --out": (["build", "--out", "{dir}"], "README.md"),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_crashing_before_the_rename_keeps_the_old_file(name, tmp_path, monkeypatch):
    import newsgold.io as nio
    from newsgold.cli import main

    argv, written = COMMANDS[name]
    export = _accepted_export(tmp_path) if name == "ls import" else None
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / written
    target.write_text(OLD, encoding="utf-8")
    before = sorted(p.name for p in out_dir.rglob("*"))

    def crash(src, dst):
        raise OSError(28, "No space left on device (simulated crash before the rename)")

    monkeypatch.setattr(nio.os, "replace", crash)
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("NEWSGOLD_DEBUG", raising=False)
    monkeypatch.delenv("NEWSGOLD_CORPUS", raising=False)
    code = main([a.format(dir=out_dir, export=export) for a in argv])
    assert code != 0
    assert target.read_text(encoding="utf-8") == OLD
    assert sorted(p.name for p in out_dir.rglob("*")) == before, "a temp or partial file was left"


def test_a_later_write_removes_temp_files_a_hard_kill_left_behind(tmp_path):
    """Temp files older than an hour belong to no running write; a newer one is left alone."""
    import os
    import time

    from newsgold.io import STALE_TEMP_SECONDS, atomic_write_text

    target = tmp_path / "out.jsonl"
    old = tmp_path / ".out.jsonl.abc123.tmp"
    young = tmp_path / ".out.jsonl.def456.tmp"
    old.write_text("half", encoding="utf-8")
    young.write_text("half", encoding="utf-8")
    past = time.time() - STALE_TEMP_SECONDS - 10
    os.utime(old, (past, past))
    atomic_write_text(target, "whole\n")
    assert target.read_text(encoding="utf-8") == "whole\n"
    assert not old.exists() and young.exists()
