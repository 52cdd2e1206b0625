"""DATASHEET.md must not claim what the corpus does not show: its composition block is `newsgold stats`."""
from __future__ import annotations

import re

from newsgold.corpus import load_documents
from newsgold.stats import corpus_stats, render_stats


def test_datasheet_composition_block_matches_newsgold_stats(repo):
    text = (repo / "DATASHEET.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- stats:begin -->\n(.*?)\n<!-- stats:end -->", text, re.S)
    assert m, "DATASHEET.md lacks the stats block"
    assert m.group(1).strip() == render_stats(corpus_stats(load_documents())).strip(), \
        "DATASHEET.md is stale: run `newsgold stats --datasheet`"


def test_datasheet_agreement_table_is_reproduced_by_the_documented_command(repo):
    """The pre-adjudication figures come from `newsgold agreement --gold annotation/adjudication/gold-before`."""
    import subprocess
    import sys

    text = (repo / "DATASHEET.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- agreement:begin -->\n(.*?)\n<!-- agreement:end -->", text, re.S)
    assert m, "DATASHEET.md lacks the agreement block"
    res = subprocess.run([sys.executable, "-m", "newsgold.cli", "agreement", "--gold",
                          str(repo / "annotation" / "adjudication" / "gold-before")],
                         capture_output=True, text=True, cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == m.group(1).strip()
