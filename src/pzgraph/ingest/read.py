"""Every data file of a project read and checked: on its own, across files, and its quotes."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

from ..errors import Finding, InputError
from ..project import Project
from ..vocab import ID_BASE
from .context import Context
from .quotes import check_quotes
from .records import DataFile, read_data_file
from .references import check_across_files, check_vocabulary_terms


def read_and_check(project: Project) -> tuple[list[DataFile], Context, list[Finding], dict]:
    """Read every data file and check it on its own and against the others.

    Returns the files, the context, all findings, and evidence counts for `stats`.
    """
    try:
        context = Context.load(project)
    except (OSError, ValueError, KeyError, AttributeError) as error:
        raise InputError([Finding("ontology/context.jsonld", "", f"the JSON-LD context cannot "
                                  f"be read: {error}", "restore ontology/context.jsonld",
                                  "syntax")]) from None
    files = read_data_files(project.data_files(), context, project)
    findings = [f for data in files for f in data.findings]
    try:
        vocabulary = vocabulary_ids(project)
        across = check_across_files(files, context, vocabulary)
        across += check_vocabulary_terms(files, vocabulary, vocabulary_keys(project, context))
    except SyntaxError as error:  # a vocabulary file is broken: every reference would fail
        across = [f for f in check_across_files(files, context, set()) if f.check != "reference"]
        across.append(unreadable_model(error, project))
    findings += across
    quote_findings, checked, found = check_quotes(files, project)
    findings += quote_findings
    return files, context, findings, {"quotes_checked": checked, "quotes_found": found}


# Above this many bytes of YAML the files are read in a process pool, one per core: PyYAML
# builds every object in Python (2.7 s for the 66 files of the national scale, 1.7 s in two).
PARALLEL_READ_BYTES = 4_000_000


def read_data_files(paths: list[Path], context: Context, project: Project) -> list[DataFile]:
    """Each file parsed and checked on its own, in order; on all cores for large inputs."""
    cores = os.cpu_count() or 1
    size = sum(p.stat().st_size for p in paths if p.is_file())  # a broken link has none
    if cores < 2 or len(paths) < 2 or size < PARALLEL_READ_BYTES:
        return [read_data_file(path, context, project) for path in paths]
    # Imported here: every read command imports this module, and only large builds need them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from itertools import repeat

    methods = multiprocessing.get_all_start_methods()
    context_of_pool = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(min(cores, len(paths)), mp_context=context_of_pool) as pool:
        return list(pool.map(read_data_file, paths, repeat(context), repeat(project),
                             chunksize=max(1, len(paths) // (4 * cores))))


def vocabulary_ids(project: Project) -> set[str]:
    """The ids (relative to the id base) of everything the vocabularies define."""
    prefix = ID_BASE
    ids = set()
    for path in project.vocabulary_files():
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            subject = quad.subject
            if isinstance(subject, ox.NamedNode) and subject.value.startswith(prefix):
                ids.add(subject.value[len(prefix):])
    return ids


def vocabulary_keys(project: Project, context: Context) -> set[str]:
    """The data-file keys that would restate what a vocabulary says of its terms (label,
    altLabel, definition, notation, broader, ...): those a data file may not give a term."""
    stated = {quad.predicate.value for path in project.vocabulary_files()
              for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}
    terms = context.document["@context"]
    return {key for key in context.properties if expand_term(terms, key) in stated}


def expand_term(terms: dict, key: str) -> str:
    """The full IRI a context key stands for (`label` -> skos:prefLabel)."""
    definition = terms.get(key)
    iri = definition.get("@id", key) if isinstance(definition, dict) else definition or key
    prefix, _, local = iri.partition(":")
    base = terms.get(prefix)
    if isinstance(base, dict):
        base = base.get("@id")
    return base + local if isinstance(base, str) and not iri.startswith("http") else iri


def unreadable_model(error: SyntaxError, project: Project) -> Finding:
    """A finding for an ontology or vocabulary file that Oxigraph cannot parse."""
    path = Path(error.filename) if error.filename else project.ontology_dir
    where = str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path)
    return Finding(where, "", f"the file cannot be read: {error.msg}"
                   + (f" (line {error.lineno})" if error.lineno else ""),
                   "correct the Turtle syntax at the place named", "syntax")
