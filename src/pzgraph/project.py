"""Where a pzgraph project keeps its inputs and outputs, and its IRIs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_BASE = "https://w3id.org/pzgraph"
ONTOLOGY_IRI = "https://w3id.org/pzgraph/def"


def _default_root() -> Path:
    # PZGRAPH_ROOT names a project folder; otherwise the checkout this package lives in.
    if os.environ.get("PZGRAPH_ROOT"):
        return Path(os.environ["PZGRAPH_ROOT"]).resolve()
    return Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Project:
    """The folders of a project and the base IRI its data is published under."""

    root: Path
    base: str = DEFAULT_BASE
    sources: Path | None = None  # the source documents; default $PZGRAPH_SOURCES or ../shared/seeds

    @classmethod
    def default(cls) -> Project:
        """The project the environment names; the graph is built under the default base
        IRI and moved to another one only on export (`pzgraph export --base`)."""
        return cls(_default_root())

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def data_dir(self) -> Path:
        return Path(os.environ.get("PZGRAPH_DATA") or self.root / "data")

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def checks_dir(self) -> Path:
        return self.root / "checks"

    @property
    def build_dir(self) -> Path:
        return Path(os.environ.get("PZGRAPH_BUILD") or self.root / "build")

    @property
    def sources_dir(self) -> Path:
        if self.sources:
            return self.sources
        if os.environ.get("PZGRAPH_SOURCES"):
            return Path(os.environ["PZGRAPH_SOURCES"])
        return self.root.parent / "shared" / "seeds"

    @property
    def id_base(self) -> str:
        return f"{self.base}/id/"

    @property
    def graph_base(self) -> str:
        return f"{self.base}/graph/"

    def data_files(self) -> list[Path]:
        return sorted(self.data_dir.glob("*.yaml"))

    def vocabulary_files(self) -> list[Path]:
        return sorted((self.ontology_dir / "vocabularies").glob("*.ttl"))
