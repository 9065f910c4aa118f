"""Coverage a curator reads into an activity without the sentence naming the concept.

Curators link a workshop on "Weet u wat u wilt?" to proactieve zorgplanning, a campaign to
maatschappelijke bewustwording. The graph holds those readings: every curated coverage link
with the quotes of its activity. From them (the files the draft may use, so the
leave-one-out benchmark stays honest) this module learns cue words: words that, where they
occur in a curated activity, mostly come with one concept. A paragraph of a new plan with
two or more cue words of a concept gets a low-confidence proposal, quoted from its
sentence with the most cues.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import yaml

from ..project import Project
from .fold import fold

_WORD = re.compile(r"[a-z]{5,}")
_STOPWORDS_TEXT = """
andere binnen bovendien daarbij daarom daarin daarnaast dienen doordat eigen elkaar gaat
geven hebben heeft hierbij hierin hiervan komen kunnen maken meer moeten netwerk
netwerken onder onze over palliatieve samen sprake staan tussen vanuit voeren waarbij
waarin welke worden wordt zijn zullen zodat zorg zorgen ook deze alle
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
MIN_COUNT = 3  # activities a cue word must share with the concept
MIN_SHARE = 0.5  # of the activities with the word, the share linked to the concept
MIN_CUES = 2  # cue words a paragraph needs for a proposal


def stems(text: str) -> set[str]:
    return {word[:8] for word in _WORD.findall(fold(text)) if word not in STOPWORDS}


@dataclass
class CueModel:
    cues: dict[str, dict[str, float]]  # concept → stem → share

    def concepts(self, text: str) -> dict[str, set[str]]:
        present = stems(text)
        out: dict[str, set[str]] = {}
        for concept, words in self.cues.items():
            found = present & words.keys()
            if len(found) >= MIN_CUES:
                out[concept] = found
        return out


def learn(project: Project, leave_out: set[str] | None = None) -> CueModel:
    leave_out = leave_out or set()
    with_word: Counter[str] = Counter()
    with_both: dict[str, Counter[str]] = defaultdict(Counter)
    for path in project.data_files():
        if path.name in leave_out:
            continue
        document = yaml.load(path.read_text(encoding="utf-8"),
                             Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        for record in document.get("records") or []:
            if not isinstance(record, dict) or record.get("type") not in (
                    "Activity", "Project", "Goal", ["Activity"], ["Project"], ["Goal"]):
                continue
            words = stems(" ".join(_texts(record)))
            with_word.update(words)
            for link in record.get("addresses") or []:
                concept = link.get("concept") if isinstance(link, dict) else None
                if isinstance(concept, str):
                    with_both[concept].update(words)
    cues: dict[str, dict[str, float]] = {}
    for concept, counts in with_both.items():
        chosen = {word: count / with_word[word] for word, count in counts.items()
                  if count >= MIN_COUNT and count / with_word[word] >= MIN_SHARE}
        if chosen:
            cues[concept] = chosen
    return CueModel(cues)


def _texts(record: dict) -> list[str]:
    out = [record.get("label") or ""]
    for item in record.get("evidence") or []:
        if isinstance(item, dict) and isinstance(item.get("quote"), str):
            out.append(item["quote"])
    return out
