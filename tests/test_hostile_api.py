"""The Python API with odd arguments (hostile review after issue 14): `pzgraph.load` takes a
project folder as a path, and anything else is a PzgraphError that says what to give, never
an AttributeError from deep inside."""

from __future__ import annotations

from pathlib import Path

import pytest

import pzgraph
from pzgraph.errors import PzgraphError


@pytest.mark.parametrize("as_type", [str, Path])
def test_load_takes_a_folder_path(tmp_path, as_type):
    (tmp_path / "data").mkdir()
    with pytest.raises(PzgraphError, match="no data files"):  # the folder's own data, not ours
        pzgraph.load(as_type(tmp_path), reasoning=False)


@pytest.mark.parametrize("bad", ["", 5, ["data"]])
def test_load_refuses_what_is_not_a_project(bad):
    with pytest.raises(PzgraphError, match="pzgraph.load: "):
        pzgraph.load(bad, reasoning=False)
