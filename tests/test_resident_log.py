"""build/resident.log, where a resident's unexpected errors go, stays bounded."""

from __future__ import annotations

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
