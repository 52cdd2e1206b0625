"""Every catalogued bad input gets one clear line, the right exit code, no traceback, and nothing written.

The catalogue is the table in ``tests/bad_inputs/README.md``; this file only interprets it.  A row's
``file`` cell is a comma-separated list of items:

- ``NAME``: a case file in ``tests/bad_inputs`` (``{file}`` in the command);
- ``NAME (generated)`` / ``NAME (absent)``: made by this test in the temporary folder / not there at all;
- ``corpus copy``: a copy of the checkout's corpus in the temporary folder (``{corpus}``), then
  ``+NAME`` copies a case file into its ``documents/``, ``-REL`` deletes ``REL`` and ``~REL`` cuts
  ``REL`` to its first 1000 bytes (a crashed writer).

A command is run as ``python -m newsgold.cli ...``, or, when it starts with ``load``, through
:data:`LOADER` (``newsgold.load`` from Python, its exception printed as one line).  Leading
``NAME=VALUE`` words set environment variables; ``LABEL_STUDIO_API_KEY`` is otherwise unset, and its
value must never appear in the output.  ``{closed_port}`` is a port on 127.0.0.1 nobody listens on;
``{junk_url}`` is a web server there that answers everything with ``[]`` (not Label Studio).

Rows with exit 0 are accepted and normalised input; their fragment ``same figures as REF`` names a
clean case file: the command is run again on REF and both ``--json`` outputs must be equal.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "bad_inputs"
REPO = HERE.parents[1]
CLI = [sys.executable, "-m", "newsgold.cli"]
SAME_AS = re.compile(r"^same figures as (\S+)$")

# newsgold.load from a script: bad arguments and damaged data files must raise ValueError or InputError
# with a one-line message; anything else escapes with a traceback and fails the row.
LOADER = """
import sys
import newsgold
from newsgold.io import InputError
args, kw = [], {}
it = iter(sys.argv[1:])
for a in it:
    if a == "--corpus":
        kw["corpus"] = next(it)
    elif a == "--redistributable-only":
        kw["redistributable_only"] = True
    else:
        args.append(a)
try:
    print(newsgold.load(*args, **kw))
except (ValueError, InputError) as e:
    print(f"newsgold.load: error: {e}", file=sys.stderr)
    sys.exit(1)
"""


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
        h.update(str(p.relative_to(root)).encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _JunkServer:
    """An HTTP server on 127.0.0.1 that answers every request with 200 and the JSON ``[]``: a web
    service that is not Label Studio, at the URL a user mistyped."""

    def __enter__(self) -> str:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                body = b"[]"
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PATCH = do_PUT = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def _copy_corpus(dst: Path) -> None:
    src = REPO / "corpus"
    shutil.copytree(src / "documents", dst / "documents")
    if (src / "data").is_dir():
        shutil.copytree(src / "data", dst / "data")
    if (src / "README.md").is_file():
        shutil.copy2(src / "README.md", dst / "README.md")


def _materialise(file_cell: str, tmp: Path) -> dict[str, Path]:
    """Set up the row's files; returns the placeholders ``file`` and ``corpus``."""
    paths: dict[str, Path] = {}
    corpus = tmp / "corpus"
    for item in (x.strip() for x in file_cell.split(",")):
        if item == "corpus copy":
            _copy_corpus(corpus)
            paths["corpus"] = corpus
        elif item[0] in "+-~" and "corpus" in paths:
            op, rel = item[0], item[1:].strip()
            if op == "+":
                shutil.copy2(HERE / rel, corpus / "documents" / rel)
            elif op == "-":
                (corpus / rel).unlink()
            else:
                data = (corpus / rel).read_bytes()
                (corpus / rel).write_bytes(data[:1000])
        elif item.endswith("(generated)"):
            name = item.split(" ")[0]
            path = tmp / name
            if name == "huge-line.jsonl":
                with path.open("w", encoding="utf-8") as fh:
                    fh.write('{"id": "ko-huge-001", "raw_text": "' + "가" * (50 * 1024 * 1024 // 3 + 10) + '"}\n')
            else:
                raise AssertionError(f"no generator for {name}")
            paths["file"] = path
        elif item.endswith("(absent)"):
            paths["file"] = tmp / item.split(" ")[0]
        else:
            assert (HERE / item).is_file(), f"case file {item} is missing"
            paths["file"] = HERE / item
    return paths


def _run(command: str, paths: dict[str, Path], out: Path, tmp: Path, port: int):
    if "{junk_url}" in command:
        with _JunkServer() as url:
            return _run_argv(command, paths, out, tmp, port, url)
    return _run_argv(command, paths, out, tmp, port, "")


def _run_argv(command: str, paths: dict[str, Path], out: Path, tmp: Path, port: int, junk_url: str):
    words = shlex.split(command)
    env = {k: v for k, v in os.environ.items() if k not in ("LABEL_STUDIO_API_KEY", "NEWSGOLD_CORPUS")}
    env.update({"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "NEWSGOLD_DEBUG": "", "TQDM_DISABLE": "1"})
    secrets = []
    while words and re.match(r"^[A-Z_]+=", words[0]):
        k, v = words.pop(0).split("=", 1)
        env[k] = v
        if k == "LABEL_STUDIO_API_KEY":
            secrets.append(v)
    args = [w.format(out=out, tmp=tmp, closed_port=port, junk_url=junk_url, **paths) for w in words]
    argv = [sys.executable, "-c", LOADER] + args[1:] if args[0] == "load" else CLI + args
    res = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=300, cwd=REPO)
    return res, secrets


def test_catalogue_has_at_least_40_cases():
    assert len(CASES) >= 40, len(CASES)


def test_every_case_file_is_catalogued():
    named = set()
    for c in CASES:
        for item in (x.strip() for x in c["file"].split(",")):
            named.add(item.lstrip("+-~").strip().split(" ")[0])
        m = SAME_AS.match(c["fragment"])
        if m:
            named.add(m.group(1))
    files = {p.name for p in HERE.iterdir() if p.name != "README.md"}
    assert files - named == set(), "case files without a catalogue row"


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_bad_input(case, tmp_path):
    paths = _materialise(case["file"], tmp_path)
    out = tmp_path / "out" / "result.jsonl"
    port = _closed_port()
    corpus_before = _tree_digest(REPO / "corpus")
    catalogue_before = _tree_digest(HERE)
    tmp_before = _tree_digest(tmp_path)
    res, secrets = _run(case["command"], paths, out, tmp_path, port)
    assert res.returncode == case["exit"], (res.returncode, res.stderr[-2000:])
    assert "Traceback" not in res.stderr, res.stderr[-2000:]
    for s in secrets:
        assert s not in res.stderr and s not in res.stdout, "the API key was printed"
    if case["exit"] != 0:
        assert case["fragment"] in res.stderr, res.stderr[-2000:]
        errors = [ln for ln in res.stderr.splitlines() if "error:" in ln]
        assert len(errors) <= 1, res.stderr[-2000:]
        assert not out.exists(), "output written on failure"
        assert _tree_digest(tmp_path) == tmp_before, "files created or changed on failure"
    else:
        m = SAME_AS.match(case["fragment"])
        assert m, f"an accepted case must say 'same figures as REF': {case['fragment']!r}"
        ref, _ = _run(case["command"], {**paths, "file": HERE / m.group(1)}, out, tmp_path, port)
        assert ref.returncode == 0, ref.stderr[-2000:]
        assert json.loads(res.stdout) == json.loads(ref.stdout)
    assert _tree_digest(REPO / "corpus") == corpus_before, "the corpus changed"
    assert _tree_digest(HERE) == catalogue_before


def test_no_code_is_executed_from_data():
    """No loading script in the dataset folder; nothing in the package can run code found in data."""
    assert not list((REPO / "corpus").glob("*.py")), "a loading script in corpus/"
    banned = re.compile(r"\b(pickle|marshal|shelve|dill|joblib)\b|\beval\(|\bexec\(|yaml\.load\(|"
                        r"yaml\.unsafe_load|trust_remote_code\s*=\s*True|allow_pickle\s*=\s*True|torch\.load\(")
    hits = [f"{p.relative_to(REPO)}:{n}: {line.strip()}"
            for p in sorted((REPO / "newsgold").rglob("*.py"))
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if banned.search(line)]
    assert hits == []


def test_crlf_authoring_file_compiles_like_lf():
    """Accept and normalise: an authoring file saved with CRLF line ends compiles to the same document."""
    from newsgold.authoring import compile_source

    text = (HERE / "authoring-misnamed.txt").read_text(encoding="utf-8")
    lf = compile_source("ko-bad-001.txt", text=text).to_dict()
    crlf = compile_source("ko-bad-001.txt", text=text.replace("\n", "\r\n")).to_dict()
    assert crlf == lf and "\r" not in crlf["raw_text"]
