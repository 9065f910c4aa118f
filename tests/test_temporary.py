"""Temporary folders in the machine's shared temporary folder: only this user's real folders
named by a dead process are cleared, and nothing in them is read (hostile review s8 #4, #5:
a FIFO or a 20 GB file at another user's /tmp/pzgraph-serve-*/pid hung or starved `serve`;
a folder named pzgraph-reason-²-x gave every build a traceback)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from pzgraph import temporary

PREFIX = "pzgraph-test-temporary-"


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def tmp(monkeypatch, tmp_path) -> Path:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_only_this_users_real_folders_of_a_dead_process_are_cleared(tmp):
    gone = dead_pid()
    stale = tmp / f"{PREFIX}{gone}-abc123"
    stale.mkdir()
    (stale / "pid").write_text("junk")
    living = temporary.make(PREFIX)
    odd = [tmp / f"{PREFIX}²-x", tmp / f"{PREFIX}{gone}", tmp / f"{PREFIX}{gone}-a b"]
    for folder in odd:
        folder.mkdir()
    fifo = tmp / f"{PREFIX}{gone}-fifo"
    os.mkfifo(fifo)
    target = tmp / "kept"
    target.mkdir()
    (target / "file").write_text("mine")
    link = tmp / f"{PREFIX}{gone}-link"
    link.symlink_to(target)
    temporary.clear_stale(PREFIX)
    assert not stale.exists()
    assert living.is_dir() and living.name.startswith(f"{PREFIX}{os.getpid()}-")
    assert all(folder.is_dir() for folder in odd)
    assert fifo.exists() and link.is_symlink() and (target / "file").read_text() == "mine"


def test_another_users_folder_is_left_alone(tmp, monkeypatch):
    foreign = tmp / f"{PREFIX}{dead_pid()}-other"
    foreign.mkdir()
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)  # the folder is now another user's
    temporary.clear_stale(PREFIX)
    assert foreign.is_dir()
