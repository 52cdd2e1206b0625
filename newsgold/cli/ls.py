"""Label Studio commands: ls export-tasks, ls import, ls push, ls pull, ls serve."""
from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

from . import UsageError

PREDICTIONS_HELP = ("pre-annotations: 'gold' (the corpus layers, default), 'none', or the name of a baseline "
                    "system (see 'newsgold systems')")


def register(sub) -> None:
    ls = sub.add_parser("ls", help="Label Studio: make tasks, import exports, push to and pull from a server",
                        description="Move documents to and from Label Studio (labeling config: "
                                    "annotation/labelstudio/config.xml). Imports are validated at every level "
                                    "before anything is written. Server commands read the API key from "
                                    "LABEL_STUDIO_API_KEY only.")
    lsub = ls.add_subparsers(dest="ls_command", metavar="SUBCOMMAND")
    ls.set_defaults(func=cmd_ls_help)

    def selection(p) -> None:
        p.add_argument("--predictions", default="gold", metavar="gold|none|SYSTEM", help=PREDICTIONS_HELP)
        p.add_argument("--split", choices=["dev", "test", "all"], default="all", help="documents of one split")
        p.add_argument("--ids", metavar="ID[,ID...]", help="only these documents")

    p = lsub.add_parser("export-tasks", help="write corpus documents as Label Studio tasks (JSON)",
                        description="Write one Label Studio task per document: data.text is raw_text, the "
                                    "metadata rides along in data.newsgold, predictions hold the pre-annotations.")
    p.add_argument("out", metavar="OUT.json")
    selection(p)
    p.set_defaults(func=cmd_export_tasks)

    p = lsub.add_parser("import", help="convert a Label Studio JSON export into corpus documents",
                        description="Rebuild documents from a Label Studio JSON export (per task: the "
                                    "ground-truth annotation, else the latest submitted one), validate all of "
                                    "them at every level, then write <id>.json files atomically. Nothing is "
                                    "written if any document is invalid.")
    p.add_argument("export", metavar="EXPORT.json")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the documents")
    p.set_defaults(func=cmd_import)

    p = lsub.add_parser("push", help="create the project (if needed) and import the corpus as tasks",
                        description="Create the Label Studio project titled --project with the NewsGold labeling "
                                    "config (or reuse it) and import the selected documents that are not in it "
                                    "yet, with pre-annotations.")
    p.add_argument("--url", required=True, help="server, e.g. http://127.0.0.1:8080")
    p.add_argument("--project", default=None, metavar="TITLE", help="project title (default: NewsGold)")
    p.add_argument("--config", metavar="XML", help="labeling config (default: annotation/labelstudio/config.xml)")
    selection(p)
    p.set_defaults(func=cmd_push)

    p = lsub.add_parser("pull", help="export a project and write its annotated documents",
                        description="Export project ID as JSON, convert and validate every annotated task, then "
                                    "write the documents into --out. A failed pull writes nothing.")
    p.add_argument("--url", required=True)
    p.add_argument("--project", required=True, type=int, metavar="ID")
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(func=cmd_pull)

    p = lsub.add_parser("serve", help="run a local Label Studio for annotators and push the corpus to it",
                        description="Start Label Studio (from .ls-venv) on 127.0.0.1, create the project and push "
                                    "the corpus, print the login, and keep serving until Ctrl-C. Login and API "
                                    "key are made once and kept in DATA_DIR/newsgold-credentials.json.")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--data-dir", metavar="DIR", help="server data (default: .ls-data in the checkout)")
    p.add_argument("--label-studio", metavar="PATH", help="label-studio executable (default: .ls-venv/bin/)")
    p.add_argument("--project", default=None, metavar="TITLE")
    p.add_argument("--no-push", action="store_true", help="only start the server")
    selection(p)
    p.set_defaults(func=cmd_serve)


def cmd_ls_help(args) -> int:
    raise UsageError("choose a sub-command: export-tasks, import, push, pull, serve (see 'newsgold ls --help')")


def _documents(args):
    from ..corpus import load_documents

    docs = load_documents(split=args.split)
    if args.ids:
        wanted = [x.strip() for x in args.ids.split(",") if x.strip()]
        by_id = {d.id: d for d in docs}
        missing = [x for x in wanted if x not in by_id]
        if missing:
            raise UsageError(f"no document {', '.join(missing)} in split {args.split}")
        docs = [by_id[x] for x in wanted]
    if not docs:
        raise UsageError("no documents selected")
    return docs


def _predictor(spec: str):
    """A function doc -> list of (model_version, document) for the chosen pre-annotations."""
    from ..labelstudio import GOLD, document_from_record

    if spec == "none":
        return lambda doc: []
    if spec == GOLD:
        return lambda doc: [(GOLD, doc)]
    try:
        from .. import baselines
    except ImportError:
        raise UsageError(f"--predictions {spec}: baseline systems are not available in this build "
                         "(newsgold.baselines is missing); use 'gold' or 'none'") from None
    system = baselines.get(spec)
    if system.kind == "cleaner":
        raise UsageError(f"--predictions {spec}: a cleaner outputs text, not labelled spans; pre-annotate with "
                         "'gold', an entity system or an attribution system")
    version = f"{system.name}-{system.version}"
    langs = tuple(getattr(system, "langs", ()) or ())

    def predict(doc):
        if langs and doc.lang not in langs:
            print(f"note: {system.name} does not handle {doc.lang}; {doc.id} gets no pre-annotations",
                  file=sys.stderr)
            return []
        record = baselines.predict_record(system.name, doc.id, doc.raw_text, doc.lang)
        return [(version, document_from_record(doc, record))]

    return predict


def _tasks(args):
    from ..labelstudio import document_to_task

    predict = _predictor(args.predictions)
    return [document_to_task(d, predict(d)) for d in _documents(args)]


def cmd_export_tasks(args) -> int:
    from ..io import atomic_write_text

    tasks = _tasks(args)
    atomic_write_text(args.out, json.dumps(tasks, ensure_ascii=False, indent=1) + "\n")
    print(f"wrote {len(tasks)} tasks to {args.out} (predictions: {args.predictions})")
    return 0


def _write(docs, skipped, out: str, origin: str) -> int:
    from ..labelstudio import write_documents

    if Path(out).exists() and not Path(out).is_dir():
        raise UsageError(f"--out {out}: not a folder")
    if skipped:
        print(f"note: {len(skipped)} tasks have no submitted annotation and were left out: "
              + ", ".join(skipped[:20]) + (" …" if len(skipped) > 20 else ""), file=sys.stderr)
    if not docs:
        print(f"nothing to write: no task in {origin} has a submitted annotation", file=sys.stderr)
        return 1
    _refuse_changed_text(docs, out)
    paths = write_documents(docs, out)
    print(f"wrote {len(paths)} documents into {out}")
    return 0


def _refuse_changed_text(docs, out: str) -> None:
    """A task whose text differs from the document of the same id (in --out or the corpus) is refused.

    Annotations are offsets into raw_text; replacing a document's text under its id would silently
    break every other layer built on it. Checked for all documents before anything is written.
    """
    from ..corpus import documents_dir
    from ..io import InputError, read_json

    folders = [Path(out)]
    try:
        folders.append(documents_dir())
    except InputError:
        pass
    for d in docs:
        for folder in folders:
            p = folder / f"{d.id}.json"
            if not p.is_file():
                continue
            try:
                old = read_json(p)
            except InputError:
                continue  # an unreadable file is not a text to protect
            if isinstance(old, dict) and isinstance(old.get("raw_text"), str) and old["raw_text"] != d.raw_text:
                raise InputError(p, f"the imported task's text differs from this document's raw_text "
                                    f"({len(d.raw_text)} vs {len(old['raw_text'])} characters); the text of a "
                                    "document must not change: nothing written", doc_id=d.id)


def cmd_import(args) -> int:
    from ..io import read_json
    from ..labelstudio import export_to_documents

    docs, skipped = export_to_documents(read_json(args.export), args.export)
    return _write(docs, skipped, args.out, args.export)


def _config(path: str | None) -> str:
    from ..corpus import REPO_DIR
    from ..io import InputError

    p = Path(path) if path else REPO_DIR / "annotation" / "labelstudio" / "config.xml"
    try:
        return p.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(p, f"cannot read the labeling config ({e.strerror}); pass --config") from None


INSTRUCTIONS = ("Annotate boilerplate, entities and claims on the raw page text following annotation/GUIDELINES.md "
                "(v1.0). Claims: select a content region to choose its kind; relate source and cue to the content, "
                "split quotes content to content, and a source to the entity it names.")


def cmd_push(args) -> int:
    from ..lsclient import DEFAULT_PROJECT, Server

    config = _config(args.config)
    server = Server(args.url)
    tasks = _tasks(args)
    r = server.push(args.project or DEFAULT_PROJECT, config, tasks, instructions=INSTRUCTIONS)
    state = "created" if r["created"] else "existing, labeling config updated" if r["config_updated"] else "existing"
    print(f"project {r['project']} ({state}): imported {r['imported']} tasks, {r['already_there']} already there")
    return 0


def cmd_pull(args) -> int:
    from ..labelstudio import export_to_documents
    from ..lsclient import Server

    server = Server(args.url)
    export = server.export_json(args.project)
    docs, skipped = export_to_documents(export, f"{server.url} project {args.project}")
    return _write(docs, skipped, args.out, f"project {args.project}")


def cmd_serve(args) -> int:
    from ..corpus import REPO_DIR
    from ..lsclient import (DEFAULT_PROJECT, Server, local_credentials, start_local_server, stop_server,
                            wait_healthy)

    data_dir = Path(args.data_dir) if args.data_dir else REPO_DIR / ".ls-data"
    exe = Path(args.label_studio) if args.label_studio else REPO_DIR / ".ls-venv" / "bin" / "label-studio"
    creds = local_credentials(data_dir)
    url = f"http://127.0.0.1:{args.port}"
    tasks = None if args.no_push else _tasks(args)  # fail on bad input before starting anything
    config = _config(None)
    print(f"starting Label Studio on {url} (data: {data_dir}; log: {data_dir / 'server.log'}) …", flush=True)
    proc = start_local_server(exe, data_dir, args.port, username=creds["username"], password=creds["password"],
                              token=creds["token"])

    def on_term(signum, frame):  # stop the server too when we are terminated, not only on Ctrl-C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    try:
        wait_healthy(url, proc)
        if tasks is not None:
            r = Server(url, creds["token"]).push(args.project or DEFAULT_PROJECT, config, tasks,
                                                 instructions=INSTRUCTIONS)
            print(f"project {r['project']}: imported {r['imported']} tasks, {r['already_there']} already there")
        print(f"Label Studio is ready at {url}\n  login: {creds['username']}  password: {creds['password']}\n"
              f"  API key for 'newsgold ls pull': stored in {data_dir / 'newsgold-credentials.json'} (field token)\n"
              "Press Ctrl-C to stop.", flush=True)
        proc.wait()
        return 0 if proc.returncode in (0, -15) else 1
    except KeyboardInterrupt:
        print("stopping Label Studio …", file=sys.stderr)
        return 0
    finally:
        stop_server(proc)
