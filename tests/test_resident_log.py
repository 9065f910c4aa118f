"""build/resident.log, where a resident's unexpected errors go, stays bounded."""

from __future__ import annotations

import pytest

from pzgraph.query import resident


def test_a_long_resident_log_is_moved_aside_and_a_new_one_begun(tmp_path):
    log = tmp_path / "resident.log"
    log.write_bytes(b"x" * (resident.LOG_BYTES + 1))
    (tmp_path / "resident.log.1").write_bytes(b"older")
    handle = resident._log(tmp_path)
    assert handle is not None
    handle.write(b"new\n")
    handle.close()
    assert log.read_bytes() == b"new\n"
    assert (tmp_path / "resident.log.1").stat().st_size == resident.LOG_BYTES + 1
    handle = resident._log(tmp_path)  # a short log is kept and appended to
    handle.write(b"more\n")
    handle.close()
    assert log.read_bytes() == b"new\nmore\n"


def test_a_pipe_or_link_in_place_of_the_log_is_not_written_to(tmp_path):
    import os

    os.mkfifo(tmp_path / "resident.log")  # opening it for writing would block
    assert resident._log(tmp_path) is None
    (tmp_path / "resident.log").unlink()
    (tmp_path / "elsewhere").write_bytes(b"")
    (tmp_path / "resident.log").symlink_to(tmp_path / "elsewhere")
    assert resident._log(tmp_path) is None
    assert (tmp_path / "elsewhere").read_bytes() == b""


@pytest.mark.parametrize("value", ["1e-9", "0.5"])
def test_an_idle_time_under_a_second_is_refused(monkeypatch, value):
    """A resident that leaves before its first query arrives only costs its start."""
    from pzgraph.errors import PzgraphError

    monkeypatch.setenv(resident.IDLE_VARIABLE, value)
    with pytest.raises(PzgraphError, match="from 1 to 604800"):
        resident.idle_seconds()
    monkeypatch.setenv(resident.IDLE_VARIABLE, "1")
    assert resident.idle_seconds() == 1
