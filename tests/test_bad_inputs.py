"""Every catalogued bad input gets one clear line, the right exit code, no traceback, and nothing written."""
from __future__ import annotations

import hashlib
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "bad_inputs"
REPO = HERE.parents[1]
CLI = [sys.executable, "-m", "newsgold.cli"]


def _cases() -> list[dict]:
    rows = []
    for line in (HERE / "README.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("| ") or line.startswith("| case") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        case, file, command, code, fragment = cells[:5]
        rows.append({"case": case, "file": file, "command": command, "exit": int(code),
                     "fragment": fragment.replace("\\|", "|")})
    return rows


CASES = _cases()


def _tree_digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def _materialise(file_cell: str, tmp: Path) -> Path:
    name = file_cell.split(" ")[0]
    if file_cell.endswith("(generated)"):
        path = tmp / name
        if name == "huge-line.jsonl":
            with path.open("w", encoding="utf-8") as fh:
                fh.write('{"id": "ko-huge-001", "raw_text": "' + "가" * (50 * 1024 * 1024 // 3 + 10) + '"}\n')
        return path
    if file_cell.endswith("(absent)"):
        return tmp / name
    return HERE / name


def test_catalogue_has_at_least_30_cases():
    assert len(CASES) >= 30, len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_bad_input(case, tmp_path):
    path = _materialise(case["file"], tmp_path)
    out = tmp_path / "out" / "result.jsonl"
    args = [a.format(file=path, out=out, tmp=tmp_path) for a in shlex.split(case["command"])]
    corpus_before = _tree_digest(REPO / "corpus")
    catalogue_before = _tree_digest(HERE)
    tmp_before = sorted(p.name for p in tmp_path.rglob("*"))
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "NEWSGOLD_DEBUG": ""}
    res = subprocess.run(CLI + args, capture_output=True, text=True, env=env, timeout=300)
    assert res.returncode == case["exit"], (res.returncode, res.stderr[-2000:])
    assert "Traceback" not in res.stderr, res.stderr[-2000:]
    if case["exit"] != 0:
        assert case["fragment"] in res.stderr, res.stderr[-2000:]
        assert not out.exists(), "output written on failure"
        assert sorted(p.name for p in tmp_path.rglob("*")) == tmp_before, "files created on failure"
    assert _tree_digest(REPO / "corpus") == corpus_before, "the corpus changed"
    assert _tree_digest(HERE) == catalogue_before
