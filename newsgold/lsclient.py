"""Label Studio server I/O (label-studio-sdk 2.x): push tasks, pull exports, run a local server.

The API key comes only from the ``LABEL_STUDIO_API_KEY`` environment variable;
it is never a command-line value, never printed, and scrubbed from any error
message. Every SDK or network failure becomes one :class:`InputError` line.
Conversion is not done here: see :mod:`newsgold.labelstudio`.

Facts about label-studio 1.23.2 this module relies on (checked against a real server):
``projects.exports.as_json`` ignores its options, so exports are made with
``exports.create``, polled with ``exports.get`` and fetched with
``exports.download(..., export_type="JSON")``; a legacy token needs
``LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN=true`` at the server's first start.
"""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Callable

from .io import InputError

ENV_KEY = "LABEL_STUDIO_API_KEY"
DEFAULT_PROJECT = "NewsGold"
EXPORT_TIMEOUT = 300.0


def api_key() -> str:
    key = os.environ.get(ENV_KEY, "").strip()
    if not key:
        from .cli import UsageError

        raise UsageError(f"set {ENV_KEY} to your Label Studio API key (Account & Settings -> Legacy Token); "
                         "it is never taken from the command line")
    return key


class Server:
    """A connection to one Label Studio server; every call is wrapped in :meth:`call`."""

    def __init__(self, url: str, key: str | None = None, *, timeout: float = 60.0):
        from .cli import UsageError

        if not url.startswith(("http://", "https://")):
            raise UsageError(f"--url must start with http:// or https://, got {url!r}")
        self.url = url.rstrip("/")
        self._key = key if key is not None else api_key()
        from label_studio_sdk import LabelStudio

        self.client = LabelStudio(base_url=self.url, api_key=self._key, timeout=timeout)
        self.config_updated = False

    def _scrub(self, text: str) -> str:
        return text.replace(self._key, "***") if self._key else text

    def call(self, what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run one SDK call; failures become a one-line InputError naming the server and the step."""
        import httpx
        from label_studio_sdk.core.api_error import ApiError

        try:
            return fn(*args, **kwargs)
        except ApiError as e:
            body = e.body
            if isinstance(body, dict):
                body = body.get("detail") or body.get("validation_errors") or body
            msg = " ".join(str(body).split())
            if len(msg) > 300:
                msg = msg[:300] + "…"
            hint = " (is LABEL_STUDIO_API_KEY this server's token?)" if e.status_code in (401, 403) else ""
            raise InputError(self.url, self._scrub(f"{what} failed: HTTP {e.status_code}: {msg}{hint}")) from None
        except httpx.HTTPError as e:
            raise InputError(self.url, self._scrub(f"{what} failed: cannot reach the server "
                                                   f"({type(e).__name__}: {e})")) from None
        except (TypeError, ValueError, KeyError, AttributeError) as e:
            # The SDK could not parse the answer (pydantic errors are ValueErrors): not a Label Studio API.
            raise InputError(self.url, self._scrub(f"{what} failed: the server's answer is not Label Studio's "
                                                   f"({type(e).__name__}); is --url a Label Studio server?")) from None

    # -- projects ---------------------------------------------------------------
    def find_project(self, title: str) -> Any | None:
        found = [p for p in self.call("listing projects", lambda: list(self.client.projects.list(title=title)))
                 if p.title == title]
        if len(found) > 1:
            raise InputError(self.url, f"{len(found)} projects are titled {title!r} "
                                       f"(ids {', '.join(str(p.id) for p in found)}); rename all but one")
        return found[0] if found else None

    def ensure_project(self, title: str, label_config: str, *, model_version: str | None,
                       instructions: str = "") -> tuple[int, bool]:
        """The id of the project titled ``title``, created with ``label_config`` if missing."""
        p = self.find_project(title)
        if p is not None:
            full = self.call("reading the project", self.client.projects.get, id=p.id)
            if _norm_xml(full.label_config or "") != _norm_xml(label_config):
                # The server refuses a config that drops labels still used by annotations.
                self.call(f"updating the labeling config of project {p.id}", self.client.projects.update,
                          id=p.id, label_config=label_config)
                self.config_updated = True
            return p.id, False
        kwargs: dict[str, Any] = {"title": title, "label_config": label_config,
                                  "show_collab_predictions": True, "expert_instruction": instructions,
                                  "show_instruction": bool(instructions)}
        if model_version:
            kwargs["model_version"] = model_version
        created = self.call("creating the project", self.client.projects.create, **kwargs)
        return created.id, True

    def task_doc_ids(self, project_id: int) -> set[str]:
        def run() -> set[str]:
            ids = set()
            for t in self.client.tasks.list(project=project_id, page_size=100):
                data = t.data or {}
                if isinstance(data.get("doc_id"), str):
                    ids.add(data["doc_id"])
            return ids

        return self.call("listing tasks", run)

    def push(self, title: str, label_config: str, tasks: list[dict[str, Any]], *,
             instructions: str = "") -> dict[str, Any]:
        """Create (or reuse) the project and import the tasks whose document is not there yet."""
        versions = {p["model_version"] for t in tasks for p in t.get("predictions", [])}
        project_id, created = self.ensure_project(title, label_config,
                                                  model_version=next(iter(versions)) if len(versions) == 1 else None,
                                                  instructions=instructions)
        present = set() if created else self.task_doc_ids(project_id)
        new = [t for t in tasks if t["data"]["doc_id"] not in present]
        if new:
            r = self.call("importing tasks", self.client.projects.import_tasks, id=project_id, request=new,
                          return_task_ids=True)
            count = getattr(r, "task_count", None)
            if isinstance(count, int) and count != len(new):
                raise InputError(self.url, f"project {project_id} took {count} of {len(new)} tasks; check its "
                                           "Data Import page")
        return {"project": project_id, "created": created, "imported": len(new), "already_there": len(tasks) - len(new),
                "config_updated": self.config_updated}

    # -- export -------------------------------------------------------------------
    def export_json(self, project_id: int, *, timeout: float = EXPORT_TIMEOUT, poll: float = 0.5) -> list[Any]:
        """A full JSON export of the project (all tasks, all annotations)."""
        self.call(f"reading project {project_id}", self.client.projects.get, id=project_id)
        exports = self.client.projects.exports
        snap = self.call("starting the export", exports.create, id=project_id, title="newsgold ls pull")
        deadline = time.monotonic() + timeout
        while snap.status != "completed":
            if snap.status is None:
                raise InputError(self.url, f"export of project {project_id}: the answer has no status; is --url a "
                                           "Label Studio server?")
            if snap.status == "failed":
                raise InputError(self.url, f"export {snap.id} of project {project_id} failed on the server")
            if time.monotonic() > deadline:
                raise InputError(self.url, f"export {snap.id} of project {project_id} did not complete in "
                                           f"{timeout:.0f} s (status {snap.status})")
            time.sleep(poll)
            snap = self.call("polling the export", exports.get, id=project_id, export_pk=snap.id)
        data = self.call("downloading the export",
                         lambda: b"".join(exports.download(id=project_id, export_pk=snap.id, export_type="JSON")))
        try:
            value = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise InputError(self.url, f"export {snap.id} of project {project_id} is not JSON ({e})") from None
        if not isinstance(value, list):
            raise InputError(self.url, f"export {snap.id} of project {project_id} is not a list of tasks")
        return value


def _norm_xml(text: str) -> str:
    return " ".join(text.split())


# -- a local server for annotators and tests --------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(data_dir: Path, username: str, password: str, token: str) -> dict[str, str]:
    """Environment for a headless local server; must be set before its first start."""
    if len(token) > 40:
        raise ValueError("LABEL_STUDIO_USER_TOKEN must be at most 40 characters")
    env = dict(os.environ)
    env.pop(ENV_KEY, None)
    env.update({
        "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
        "LABEL_STUDIO_USERNAME": username,
        "LABEL_STUDIO_PASSWORD": password,
        "LABEL_STUDIO_USER_TOKEN": token,
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
        "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
        # No calls home: no PyPI version check, no analytics.
        "LATEST_VERSION_CHECK": "false",
        "COLLECT_ANALYTICS": "false",
    })
    return env


def start_local_server(label_studio: Path, data_dir: Path, port: int, *, username: str, password: str,
                       token: str, log_path: Path | None = None) -> subprocess.Popen:
    """Start ``label-studio`` on 127.0.0.1:port with its data in ``data_dir``; returns the process."""
    label_studio = Path(label_studio)
    if not label_studio.exists():
        raise InputError(label_studio, "Label Studio is not installed; run 'make labelstudio-server'")
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    log = open(log_path or (data_dir / "server.log"), "ab")
    try:
        return subprocess.Popen(
            [str(label_studio), "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(port),
             "--data-dir", str(data_dir), "--database", str(data_dir / "ls.sqlite3")],
            env=server_env(data_dir, username, password, token), stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
    finally:
        log.close()


def wait_healthy(url: str, proc: subprocess.Popen | None = None, *, timeout: float = 240.0) -> None:
    """Poll ``/health`` until the server answers; fail early if the process dies."""
    deadline = time.monotonic() + timeout
    while True:
        if proc is not None and proc.poll() is not None:
            raise InputError(url, f"Label Studio exited with code {proc.returncode} while starting (see its log)")
        try:
            with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=5) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise InputError(url, f"Label Studio did not become healthy within {timeout:.0f} s")
        time.sleep(1.0)


def stop_server(proc: subprocess.Popen, *, timeout: float = 20.0) -> None:
    """Stop the server we started (its own process group, by PID): SIGTERM, then SIGKILL."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=timeout)


def local_credentials(data_dir: Path) -> dict[str, str]:
    """Login and token of the local annotator server, made once and kept (mode 600) in its data folder."""
    from .io import InputError, atomic_writer, read_json

    path = Path(data_dir) / "newsgold-credentials.json"
    if path.exists():
        creds = read_json(path)
        if not (isinstance(creds, dict) and all(isinstance(creds.get(k), str) for k in ("username", "password",
                                                                                          "token"))):
            raise InputError(path, "not a credentials file (username, password, token); delete it to make a new one")
        return creds
    creds = {"username": "annotator@newsgold.local", "password": secrets.token_urlsafe(12),
             "token": secrets.token_hex(20)}
    # Written atomically: a start killed halfway must not leave a file the next start cannot read.
    with atomic_writer(path) as fh:
        os.fchmod(fh.fileno(), 0o600)
        json.dump(creds, fh)
    return creds
