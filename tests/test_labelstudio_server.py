"""Integration against a real Label Studio server (label-studio 1.23.2 from .ls-venv).

One server for the module: a fresh data folder in tmp, a free loopback port, a
legacy token set before the first start; stopped by its PID in a finalizer.
Skipped only when .ls-venv/bin/label-studio is missing (run 'make labelstudio-server';
'make test' does it).

The scenario: push 3 corpus documents with gold pre-annotations, submit annotations
through the API (two accept the predictions as they are; one changes an entity label
and adds a claim), pull, and check that the pulled documents validate and differ from
the originals by exactly that change.
"""
from __future__ import annotations

import copy
import json
import os
import secrets
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from newsgold.corpus import load_documents
from newsgold.lsclient import ENV_KEY, Server, free_port, start_local_server, stop_server, wait_healthy
from newsgold.model import Claim, Span

REPO = Path(__file__).resolve().parents[1]
LABEL_STUDIO = REPO / ".ls-venv" / "bin" / "label-studio"
PREFERRED = ("ko-daum-000", "en-wire-001", "ko-naver-001")
PROJECT = "NewsGold integration"


@pytest.fixture(scope="module")
def server(request, tmp_path_factory):
    if not LABEL_STUDIO.exists():
        pytest.skip(f"{LABEL_STUDIO} is missing (run 'make labelstudio-server')")
    data = tmp_path_factory.mktemp("ls-data")
    port = free_port()
    token = secrets.token_hex(20)        # 40 characters, the most the server accepts
    log = data / "server.log"
    username, password = "test@newsgold.local", secrets.token_urlsafe(12)
    proc = start_local_server(LABEL_STUDIO, data, port, username=username, password=password, token=token,
                              log_path=log)
    request.addfinalizer(lambda: stop_server(proc))
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, timeout=300)
    except Exception as e:  # noqa: BLE001 - show the server's own words
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:] if log.exists() else ""
        pytest.fail(f"Label Studio did not start: {e}\n{tail}")
    return {"url": url, "token": token, "proc": proc, "username": username, "password": password}


@pytest.fixture
def key(server, monkeypatch):
    monkeypatch.setenv(ENV_KEY, server["token"])
    return server["token"]


def _docs():
    docs = {d.id: d for d in load_documents()}
    chosen = [i for i in PREFERRED if i in docs]
    chosen += [i for i in sorted(docs) if i not in chosen][:3 - len(chosen)]
    assert len(chosen) == 3
    return [docs[i] for i in chosen]


def _find(raw: str, sub: str, after: int = 0) -> Span:
    i = raw.index(sub, after)
    return Span(i, i + len(sub))


def test_push_annotate_pull(server, key, tmp_path, capsys):
    from newsgold.cli import main
    from newsgold.validate import validate_paths

    docs = _docs()
    ids = ",".join(d.id for d in docs)
    assert main(["ls", "push", "--url", server["url"], "--project", PROJECT, "--ids", ids]) == 0
    out = capsys.readouterr()
    assert "imported 3 tasks" in out.out
    # Pushing again adds nothing: tasks are matched by document id.
    assert main(["ls", "push", "--url", server["url"], "--project", PROJECT, "--ids", ids]) == 0
    assert "imported 0 tasks, 3 already there" in capsys.readouterr().out

    client = Server(server["url"]).client
    (project,) = [p for p in client.projects.list() if p.title == PROJECT]
    tasks = list(client.tasks.list(project=project.id, fields="all"))
    assert sorted(t.data["doc_id"] for t in tasks) == sorted(d.id for d in docs)

    target = docs[0]
    assert target.id == "ko-daum-000"
    raw = target.raw_text
    changed_entity = target.entities[0]
    new_label = "LC" if changed_entity.label != "LC" else "OG"
    # A mechanical edit for the test (not a guideline example): a new indirect claim whose
    # source is the entity 올트먼 on the Pyeongtaek line.
    line = raw.index("단일 규모 세계 최대")
    source = _find(raw, "올트먼", line)
    content = _find(raw, "삼성의 반도체 역량을 한 눈에 살펴볼 것", line)
    cue = _find(raw, "보인다", line)
    source_entity = next(e for e in target.entities if (e.start, e.end) == (source.start, source.end))

    def region(rid, sp, label):
        return {"id": rid, "from_name": "claim", "to_name": "text", "type": "labels",
                "value": {"start": sp.start, "end": sp.end, "text": raw[sp.start:sp.end], "labels": [label]}}

    for t in tasks:
        (pred,) = t.predictions
        assert pred.model_version == "gold"
        result = copy.deepcopy(pred.result)
        if t.data["doc_id"] == target.id:
            for r in result:
                if r.get("id") == f"ent_{changed_entity.id}" and r["from_name"] == "entity":
                    r["value"]["labels"] = [new_label]
            # Regions as the editor makes them: random ids, a per-region kind, relations.
            result += [
                region("nWq3_x81Ka", source, "source"),
                region("T0p-7Ghh2m", content, "content"),
                {"id": "T0p-7Ghh2m", "from_name": "kind", "to_name": "text", "type": "choices",
                 "value": {"start": content.start, "end": content.end, "text": raw[content.start:content.end],
                           "choices": ["indirect"]}},
                region("Zz8_Lq0pW1", cue, "cue"),
                {"type": "relation", "from_id": "nWq3_x81Ka", "to_id": "T0p-7Ghh2m", "direction": "right",
                 "labels": ["source_of"]},
                {"type": "relation", "from_id": "Zz8_Lq0pW1", "to_id": "T0p-7Ghh2m", "direction": "right",
                 "labels": ["cue_of"]},
                {"type": "relation", "from_id": "nWq3_x81Ka", "to_id": f"ent_{source_entity.id}",
                 "direction": "right", "labels": ["names"]},
            ]
        client.annotations.create(id=t.id, result=result, was_cancelled=False, ground_truth=False)

    out_dir = tmp_path / "pulled"
    assert main(["ls", "pull", "--url", server["url"], "--project", str(project.id), "--out", str(out_dir)]) == 0
    written = sorted(out_dir.glob("*.json"))
    assert [p.stem for p in written] == sorted(d.id for d in docs)
    report = validate_paths(written, corpus_mode=True)
    assert report.errors == []

    for d in docs:
        pulled = json.loads((out_dir / f"{d.id}.json").read_text(encoding="utf-8"))
        expected = copy.deepcopy(d)
        if d.id == target.id:
            next(e for e in expected.entities if e.id == changed_entity.id).label = new_label
            n = max(int(c.id[1:]) for c in expected.claims if c.id[1:].isdigit()) + 1
            expected.claims.append(Claim(f"c{n}", "indirect", [content], [source], [cue], [source_entity.id]))
            expected.claims.sort(key=lambda c: min(s.start for s in c.content + c.source + c.cue))
        assert pulled == expected.to_dict(), d.id
        original = (REPO / "corpus" / "documents" / f"{d.id}.json").read_text(encoding="utf-8")
        assert (pulled == json.loads(original)) == (d.id != target.id)
    assert key not in capsys.readouterr().out


def test_failed_pull_writes_nothing(server, key, tmp_path, capsys):
    from newsgold.cli import main

    out_dir = tmp_path / "nothing"
    assert main(["ls", "pull", "--url", server["url"], "--project", "9999", "--out", str(out_dir)]) == 1
    err = capsys.readouterr().err
    assert "HTTP 404" in err and len(err.strip().splitlines()) == 1
    assert not out_dir.exists()


def test_wrong_key_is_refused_and_never_printed(server, tmp_path, monkeypatch, capsys):
    from newsgold.cli import main

    bad = "not-the-token-" + secrets.token_hex(8)
    monkeypatch.setenv(ENV_KEY, bad)
    out_dir = tmp_path / "nothing"
    assert main(["ls", "pull", "--url", server["url"], "--project", "1", "--out", str(out_dir)]) == 1
    captured = capsys.readouterr()
    assert "HTTP 401" in captured.err
    assert bad not in captured.err + captured.out
    assert not out_dir.exists()
    monkeypatch.delenv(ENV_KEY)
    assert main(["ls", "pull", "--url", server["url"], "--project", "1", "--out", str(out_dir)]) == 2
    assert ENV_KEY in capsys.readouterr().err


# -- the real editor: does it turn a prediction into an annotation unchanged? ----------------
class _Chromium:
    """Headless Chromium driven over --remote-debugging-pipe (CDP messages are JSON ending in NUL)."""

    def __init__(self, exe: str, profile: Path):
        cmd_r, cmd_w = os.pipe()
        ev_r, ev_w = os.pipe()
        line = (f"exec {exe} --headless=new --no-sandbox --disable-gpu --remote-debugging-pipe "
                f"--user-data-dir={profile} --window-size=1400,1000 about:blank 3<&{cmd_r} 4>&{ev_w}")
        self.proc = subprocess.Popen(["bash", "-c", line], pass_fds=(cmd_r, ev_w), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        os.close(cmd_r)
        os.close(ev_w)
        self.w, self.r = os.fdopen(cmd_w, "wb", buffering=0), os.fdopen(ev_r, "rb", buffering=0)
        self.n, self.buf, self.session = 0, b"", None

    def send(self, method: str, params: dict | None = None):
        self.n += 1
        msg = {"id": self.n, "method": method, "params": params or {}}
        if self.session:
            msg["sessionId"] = self.session
        self.w.write(json.dumps(msg).encode() + b"\0")
        while True:
            while b"\0" not in self.buf:
                chunk = self.r.read(1 << 16)
                if not chunk:
                    raise RuntimeError("Chromium closed the pipe")
                self.buf += chunk
            raw, self.buf = self.buf.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self.n:
                if "error" in reply:
                    raise RuntimeError(reply["error"])
                return reply.get("result", {})

    def open(self, url: str) -> None:
        if self.session is None:
            target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Page.navigate", {"url": url})

    def js(self, expr: str):
        r = self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True})
        return None if "exceptionDetails" in r else r["result"].get("value")

    def wait_for(self, expr: str, timeout: float = 90.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.js(expr)
            if value:
                return value
            time.sleep(0.5)
        raise AssertionError(f"timed out waiting for {expr}")

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait(timeout=15)


def test_editor_turns_gold_prediction_into_the_same_annotation(server, key, tmp_path):
    """Open a pushed task in the real labeling editor and serialise the annotation it builds from
    the gold prediction: it must convert back into the very same document."""
    from newsgold.cli import main
    from newsgold.labelstudio import export_to_documents, gold_task

    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("chromium is not installed (make chromium)")
    doc = _docs()[0]
    project = "NewsGold editor"
    assert main(["ls", "push", "--url", server["url"], "--project", project, "--ids", doc.id]) == 0
    client = Server(server["url"]).client
    (pid,) = [p.id for p in client.projects.list() if p.title == project]
    (task,) = list(client.tasks.list(project=pid))
    browser = _Chromium(exe, tmp_path / "profile")
    try:
        browser.open(server["url"] + "/user/login")
        browser.wait_for("!!document.querySelector('input[name=email]')")
        browser.js(f"""(() => {{ document.querySelector('input[name=email]').value = {json.dumps(server['username'])};
                       document.querySelector('input[name=password]').value = {json.dumps(server['password'])};
                       document.querySelector('form').submit(); return 1; }})()""")
        browser.wait_for("!location.pathname.startsWith('/user/login') && document.readyState === 'complete'")
        browser.open(f"{server['url']}/projects/{pid}/data?task={task.id}")
        serialized = browser.wait_for(
            "(() => { const a = window.Htx && Htx.annotationStore && Htx.annotationStore.selected;"
            " if (!a || a.regionStore.regions.length === 0) return null;"
            " return JSON.stringify(a.serializeAnnotation()); })()")
    finally:
        browser.close()
    result = json.loads(serialized)
    export = [{"id": task.id, "data": gold_task(doc)["data"],
               "annotations": [{"id": 1, "result": result, "was_cancelled": False}]}]
    (back,), _ = export_to_documents(export, "editor")
    assert back.to_dict() == doc.to_dict()
