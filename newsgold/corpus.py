"""Where the corpus lives and how to load it.

The canonical documents are ``corpus/documents/<id>.json``; everything else in
``corpus/`` (the Hugging Face data files) is built from them.
"""
from __future__ import annotations

import os
from pathlib import Path

from .io import InputError, read_json
from .model import Document

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def corpus_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The corpus folder: ``--corpus``, else ``$NEWSGOLD_CORPUS``, else the checkout's ``corpus/``."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("NEWSGOLD_CORPUS")
    if env:
        return Path(env)
    here = REPO_DIR / "corpus"
    if (here / "documents").is_dir():
        return here
    return Path.cwd() / "corpus"


def documents_dir(corpus: str | os.PathLike | None = None) -> Path:
    return corpus_dir(corpus) / "documents"


def schema_dir() -> Path:
    """The JSON Schemas: inside the wheel (``newsgold/_schema``) or the checkout's ``schema/``."""
    packaged = PACKAGE_DIR / "_schema"
    if packaged.is_dir():
        return packaged
    return REPO_DIR / "schema"


def document_paths(corpus: str | os.PathLike | None = None) -> list[Path]:
    d = documents_dir(corpus)
    if not d.is_dir():
        raise InputError(d, "corpus documents folder not found (set --corpus or NEWSGOLD_CORPUS)")
    return sorted(d.glob("*.json"))


def load_documents(corpus: str | os.PathLike | None = None, split: str | None = "all") -> list[Document]:
    """Load and fully validate the corpus; raise InputError on the first invalid document.

    ``split`` is ``dev``, ``test`` or ``all``/None.
    """
    from .validate import validate_paths  # local import: validate imports this module

    paths = document_paths(corpus)
    report = validate_paths(paths, corpus_mode=True)
    if report.errors:
        first = report.errors[0]
        raise InputError(first.path, f"corpus is invalid ({len(report.errors)} errors; "
                                     f"run 'newsgold validate'): {first.message}",
                         doc_id=first.doc_id, pointer=first.pointer)
    docs = report.documents
    if split not in (None, "all"):
        docs = [d for d in docs if d.split == split]
    return sorted(docs, key=lambda d: d.id)


def read_document(path: str | os.PathLike) -> Document:
    return Document.from_dict(read_json(path))
