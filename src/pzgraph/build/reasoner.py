"""OWL reasoning with HermiT (through owlready2): consistency, and what it infers.

owlready2 runs HermiT in Java and reads N-Triples, not Turtle, so the graph is handed over
as an N-Triples file. What HermiT infers (the types that follow from domains, ranges and
subclasses) comes back as triples for a graph of its own.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import temporary
from ..errors import Finding, ReasonerUnavailable
from ..vocab import OWL, XSD

# HermiT accepts only the OWL 2 datatype map; years and dates (xsd:gYear, xsd:date) are
# not in it, so literals of those types are left out of what the reasoner sees. They
# carry no axiom HermiT could use.
UNSUPPORTED_DATATYPES = tuple(f"^^<{XSD}{name}>" for name in
                              ("gYear", "gYearMonth", "date", "gMonth", "gDay", "duration"))
INFERENCES_IRI = "http://inferrences/"  # owlready2's own (misspelt) name for it
_SKIP_OBJECTS = {OWL + "Thing", OWL + "NamedIndividual"}


@dataclass
class ReasoningResult:
    consistent: bool
    seconds: float
    inferred: list[tuple[str, str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def java_available() -> bool:
    return shutil.which("java") is not None


JAVA_MISSING = Finding(
    "", "", "Java is not installed, and the OWL reasoner HermiT needs it",
    "install Java 17 (Debian/Ubuntu: apt-get install openjdk-17-jre-headless), "
    "or pass --no-reason to skip the consistency check", "owl")


_PREFIX = "pzgraph-reason-"


def reason(ntriples: str) -> ReasoningResult:
    """Run HermiT over a graph given as N-Triples text."""
    if not java_available():
        raise ReasonerUnavailable(str(JAVA_MISSING))
    # Imported here: owlready2 is slow to import and only the build needs it.
    from owlready2 import OwlReadyInconsistentOntologyError, OwlReadyJavaError, World, sync_reasoner

    ntriples = "\n".join(line for line in ntriples.splitlines()
                         if not line.rstrip(" .").endswith(UNSUPPORTED_DATATYPES))

    temporary.clear_stale(_PREFIX)  # of runs killed outright
    with tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}-") as tmp:
        path = Path(tmp) / "graph.nt"
        path.write_text(ntriples, encoding="utf-8")
        world = World()
        world.get_ontology(path.as_uri()).load()
        started = time.perf_counter()
        try:
            # Types only: asking HermiT for every property value (infer_property_values)
            # took minutes on the curated graph; the rules in ontology/rules derive the
            # chains and inverses the queries use, in milliseconds.
            sync_reasoner(world, infer_property_values=False, debug=0)
        except OwlReadyInconsistentOntologyError:
            return ReasoningResult(False, time.perf_counter() - started)
        except OwlReadyJavaError as error:
            # HermiT refused the input (an unsupported construct): say what it said.
            detail = next((line for line in str(error).splitlines() if "Exception" in line),
                          str(error).splitlines()[-1])
            raise ReasonerUnavailable(f"HermiT could not run on this graph: {detail}") from None
        seconds = time.perf_counter() - started
        inferences = world.get_ontology(INFERENCES_IRI)
        inferred = []
        for s, p, o in inferences.get_triples(None, None, None):
            subject, predicate = world._unabbreviate(s), world._unabbreviate(p)
            if not isinstance(o, int) or o < 0 or subject.rstrip("/") + "/" == INFERENCES_IRI:
                continue  # literals and the inference ontology's own header
            value = world._unabbreviate(o)
            if value not in _SKIP_OBJECTS:
                inferred.append((subject, predicate, value))
        world.close()
    return ReasoningResult(True, seconds, sorted(inferred))
