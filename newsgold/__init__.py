"""NewsGold: raw news pages with gold boilerplate, entity and claim-attribution layers.

The common paths, as Hugging Face ``datasets`` objects or pandas frames::

    import newsgold
    ner = newsgold.load("ner", split="dev")             # datasets.Dataset
    docs = newsgold.load()                              # DatasetDict {"dev", "test"} of the documents config
    df = newsgold.to_pandas("claims", redistributable_only=True)

Both read the shipped folder (``corpus/``: data files + dataset card) through
``datasets.load_dataset``; ``datasets`` is imported only when they are called.
"""
from __future__ import annotations

import os
from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "load", "to_pandas"]


def load(config: str = "documents", split: str | None = None, redistributable_only: bool = False, *,
         corpus: str | os.PathLike | None = None, cache_dir: str | os.PathLike | None = None) -> Any:
    """Load a NewsGold config with ``datasets.load_dataset`` on the shipped corpus folder.

    - ``config``: ``documents`` (default), ``cleaning``, ``ner`` or ``claims``.
    - ``split``: ``dev`` or ``test`` returns a ``datasets.Dataset``; ``None``
      returns a ``DatasetDict`` with both splits.
    - ``redistributable_only``: keep only rows whose source allows
      redistribution (the per-row ``redistributable`` column).
    - ``corpus``: the corpus folder (default: ``$NEWSGOLD_CORPUS`` or the
      checkout's ``corpus/``); ``cache_dir``: the ``datasets`` cache.

    A split with no rows (no data file) comes back as an empty ``Dataset``
    with the declared features, since ``datasets`` cannot load it itself.
    """
    from .corpus import corpus_dir
    from .hf import CONFIGS, data_path, declared_splits, features
    from .model import SPLITS

    if config not in CONFIGS:
        raise ValueError(f"unknown config {config!r}; expected one of {', '.join(CONFIGS)}")
    if split is not None and split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)} or None")
    root = corpus_dir(corpus)
    present = declared_splits(root).get(config, [])

    import datasets

    loaded = {}
    _check_data_files(root, [data_path(config, sp) for sp in present])
    if present:
        loaded = datasets.load_dataset(str(root), config, cache_dir=str(cache_dir) if cache_dir else None)
    out = {}
    for sp in SPLITS:
        if sp in loaded:
            ds = loaded[sp]
        else:
            feats = features(config)
            ds = datasets.Dataset.from_dict({name: [] for name in feats}, features=feats)
        if redistributable_only:
            ds = ds.filter(lambda flags: flags, input_columns="redistributable", batched=True)
        out[sp] = ds
    if split is not None:
        return out[split]
    return datasets.DatasetDict(out)


def _check_data_files(root, rels: list[str]) -> None:
    """One clear error for a missing or damaged data file, before ``datasets`` turns it into a traceback."""
    from pathlib import Path

    import pyarrow.parquet as pq

    from .io import InputError

    for rel in rels:
        p = Path(root) / rel
        if not p.is_file():
            raise InputError(p, "data file declared in the dataset card is missing; run 'newsgold build'")
        try:
            pq.read_metadata(p)
        except Exception as e:  # noqa: BLE001 - any unreadable file gets the same advice
            raise InputError(p, f"not a readable Parquet file ({type(e).__name__}; truncated or damaged?); "
                                "run 'newsgold build'") from None


def to_pandas(config: str = "documents", split: str | None = None, redistributable_only: bool = False, *,
              tag_names: bool = True, corpus: str | os.PathLike | None = None,
              cache_dir: str | os.PathLike | None = None) -> Any:
    """One pandas ``DataFrame`` of a config: one split, or both (``split=None``) with a ``split`` column.

    ``tag_names`` turns the ``ner`` config's ClassLabel ids into their KLUE
    label strings (``B-PS``, ``O``, ...). Nested fields stay Python lists of
    dicts. Same arguments as :func:`load`.
    """
    import pandas as pd

    splits = [split] if split is not None else None
    dd = load(config, split=None, redistributable_only=redistributable_only, corpus=corpus, cache_dir=cache_dir)
    frames = []
    for sp in splits or list(dd):
        ds = dd[sp]
        df = ds.to_pandas()
        if config == "ner" and tag_names:
            names = ds.features["ner_tags"].feature.names
            df["ner_tags"] = [[names[int(i)] for i in tags] for tags in df["ner_tags"]]
        if "split" not in df.columns:
            df.insert(1 if "id" in df.columns else 0, "split", sp)
        frames.append(df)
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    return pd.concat(frames, ignore_index=True)
