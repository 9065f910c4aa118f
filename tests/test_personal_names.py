"""No personal name from the source documents appears anywhere in data/.

The graph models roles and posts, not people. tests/personal_names.txt lists the names
the source documents contain (kept out of data/ and out of every export).
"""

from __future__ import annotations

import re
from pathlib import Path

NAMES_FILE = Path(__file__).with_name("personal_names.txt")


def personal_names() -> list[str]:
    lines = NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def name_pattern(name: str) -> re.Pattern[str]:
    """A name as whole words, whatever whitespace or dash stands between its parts."""
    parts = [re.escape(part) for part in re.split(r"[\s\-–.]+", name) if part]
    return re.compile(r"\b" + r"[\s\-–.]*".join(parts) + r"\b", re.IGNORECASE)


def test_the_names_list_is_there():
    assert len(personal_names()) >= 10


def test_no_personal_name_in_data(project):
    files = [*project.data_dir.glob("*.yaml"), *project.data_dir.glob("*.md")]
    assert files
    leaks = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for name in personal_names():
            if name_pattern(name).search(text):
                leaks.append(f"{path.name}: {name}")
    assert not leaks, "personal names in data/: " + ", ".join(leaks)


def test_the_check_would_find_a_name(tmp_path):
    sample = "trekker: Projectleider Jolanda en themagroep"
    assert any(name_pattern(n).search(sample) for n in personal_names())
