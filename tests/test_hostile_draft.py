"""`pzgraph draft` with hostile paths (hostile review after issue 14): --out onto a curated
data file replaced it with a draft, and a plan that is a device (/dev/zero) was read forever."""

from __future__ import annotations

import os

from click.testing import CliRunner

from pzgraph.cli.main import main

NETWORK = "netwerk/gooi-en-vechtstreek"


def test_draft_never_overwrites_an_existing_file(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("Stichting Hospice Zonnehoek is penvoerder van het netwerk.\n", "utf-8")
    curated = tmp_path / "000_curated.yaml"
    curated.write_text("# curated by hand\nrecords: []\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["draft", str(plan), "--network", NETWORK,
                                       "--out", str(curated)])
    assert result.exit_code == 1 and "the file exists; nothing was changed" in result.output
    assert curated.read_text(encoding="utf-8") == "# curated by hand\nrecords: []\n"


def test_draft_reads_only_a_regular_file(tmp_path):
    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)  # reading it would wait for a writer for ever
    result = CliRunner().invoke(main, ["draft", str(fifo), "--network", NETWORK])
    assert result.exit_code == 1 and "is not a regular file" in result.output
    assert "Traceback" not in result.output
