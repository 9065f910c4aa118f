"""The kinds of error the ninth-session audit found (/work/reviews/audit-s9.md), checked across
every file of data/ so that a new case of the same kind fails here and not in a review.

The checks read the YAML as written: they are about what a curator wrote down, on what evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from pzgraph.ingest.quotes import normalise
from pzgraph.project import Project

Record = dict[str, object]


@pytest.fixture(scope="module")
def files(project: Project) -> dict[str, list[Record]]:
    return {path.name: yaml.safe_load(path.read_text(encoding="utf-8"))["records"]
            for path in project.data_files()}


def said(items: object, keys: tuple[str, ...] = ("quote", "basis")) -> str:
    """The verbatim passages of a list of evidence items (a basis may be a list)."""
    out = []
    for item in items if isinstance(items, list) else []:
        for key in keys:
            value = item.get(key)
            out += [str(v) for v in (value if isinstance(value, list) else [value]) if v]
    return " ".join(out)


# --- numbers: a figure in a fact stands in the passage that carries it -----------------------

NUMBER_WORDS = {1: ("een", "één"), 2: ("twee",), 3: ("drie",), 4: ("vier",), 5: ("vijf",),
                6: ("zes",), 7: ("zeven",), 8: ("acht",), 9: ("negen",), 10: ("tien",),
                23: ("drieëntwintig",)}


def number_in(value: object, text: str) -> bool:
    """Whether a number stands in a text: as digits (Dutch '1.643.000', English '1,643,000',
    '4x' per year) or as a Dutch word ('Drieëntwintig organisaties')."""
    number = int(float(str(value)))
    forms = {str(number), f"{number:,}", f"{number:,}".replace(",", ".")}
    lower = text.lower()
    if any(re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", lower) for form in forms):
        return True
    return any(re.search(rf"\b{word}\b", lower) for word in NUMBER_WORDS.get(number, ()))


def year_of(value: object) -> int:
    return value.year if isinstance(value, dt.date) else int(str(value)[:4])


def test_number_in_reads_the_forms_the_sources_use():
    assert number_in(1643000, "De regio Septet heeft ca 1.643.000 inwoners.")
    assert number_in(23906, "23,906 (2024, CBS)")
    assert number_in(23, "Drieëntwintig organisaties zijn momenteel lid")
    assert number_in(4, "Organiseren van 4x per jaar een overleg")
    assert not number_in(30, "Er kwamen 380 bezoekers.")
    assert not number_in(8, "ca 8.800 mensen")


def test_every_figure_stands_in_its_own_passage(files):
    # A result's value must stand in the result's own quotes; hours, posts and populations in
    # the record's. A figure that only a judgement or the description gives is not quoted.
    wrong = []
    for name, records in files.items():
        for record in records:
            record_text = said(record.get("evidence"))
            for result in record.get("results") or []:
                if not number_in(result["value"], said(result.get("evidence"))):
                    wrong.append(f"{name}: {record['id']} result {result.get('key')} "
                                 f"{result['value']}")
            for key in ("hoursPerWeek", "numberOfPosts", "population"):
                if key in record and not (key == "numberOfPosts" and record[key] == 1) \
                        and not number_in(record[key], record_text):
                    wrong.append(f"{name}: {record['id']} {key} {record[key]}")
    assert wrong == []


def test_the_year_of_a_work_is_stated_or_lies_in_its_plan_or_document(files):
    # A project, activity or goal is dated by its own evidence (quote, basis or the judgement
    # that reasons it), or by the period of the plan it belongs to, or of the document it comes
    # from (a year plan 2025, a year overview 2024).
    periods = {record["id"]: (year_of(record["from"]),
                              year_of(record.get("until", record["from"])))
               for records in files.values() for record in records
               if "from" in record and str(record["id"]).split("/")[0] in ("plan", "bron")}
    wrong = []
    for name, records in files.items():
        document = [period for record in records if record.get("type") == "SourceDocument"
                    and (period := periods.get(str(record["id"])))]
        # a document without a period is dated by its title or evidence ("Jaaroverzicht 2024")
        own = " ".join(str(record.get("label", "")) + " " + said(record.get("evidence"))
                       for record in records if record.get("type") == "SourceDocument")
        for record in records:
            years = record.get("year")
            kind = str(record["id"]).split("/")[0]
            if not years or kind not in ("project", "activiteit", "doel"):
                continue
            text = said(record.get("evidence"), ("quote", "basis", "judgement")) + " " + own
            frames = [p for p in [periods.get(str(record.get("plan")))] if p] + document
            for year in years if isinstance(years, list) else [years]:
                if number_in(year, text) or any(a <= int(year) <= b for a, b in frames):
                    continue
                wrong.append(f"{name}: {record['id']} year {year}")
    assert wrong == []


def test_a_planned_work_is_not_dated_before_it_starts(files):
    # Audit S9: 002 "De stuurgroep van het netwerk heeft eind 2024 ingestemd met een verkenning
    # ... De verkenning start in 2025." The exploration had year [2024, 2025]: 2024 is the year
    # of the consent, not of the work, so a query for 2024's work listed a planned exploration.
    starts = re.compile(r"\bstart\w* (?:in|vanaf|per) (\d{4})\b", re.IGNORECASE)
    wrong = []
    for name, records in files.items():
        for record in records:
            years = record.get("year")
            if record.get("status") != "status/gepland" or not years:
                continue
            start = [int(y) for y in starts.findall(said(record.get("evidence")))]
            early = [y for y in (years if isinstance(years, list) else [years])
                     if start and int(y) < min(start)]
            if early:
                wrong.append(f"{name}: {record['id']} year {early}, starts {min(start)}")
    assert wrong == []


# --- the reference sheet: a cell quoted from it stands there, in the section named ------------

def sheet_path(project: Project) -> Path:
    return project.sources_dir.parent / "design" / "reference" / "landscape-facts.md"


def sheet_text(markdown: str) -> str:
    """The sheet as its cells read: table bars and bold marks are layout, not words."""
    return normalise(markdown.replace("**", "").replace("|", " "))


def sheet_sections(markdown: str) -> dict[str, str]:
    """'2d' -> the text of section 2d; '2' -> all of section 2."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in markdown.splitlines():
        if match := re.match(r"#{2,3} (\d+[a-z]?)\.", line):
            current = match.group(1)
        if current:
            sections.setdefault(current, []).append(line)
            if current[-1].isalpha():
                sections.setdefault(current[:-1], []).append(line)
    return {key: sheet_text("\n".join(lines)) for key, lines in sections.items()}


def evidence_items(node: object):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "evidence" and isinstance(value, list):
                yield from (item for item in value if isinstance(item, dict))
            else:
                yield from evidence_items(value)
    elif isinstance(node, list):
        for value in node:
            yield from evidence_items(value)


def test_a_cell_of_the_reference_sheet_is_quoted_from_the_section_it_names(project, files):
    # Quotes from an address carry `locator: landscape-facts §N`: the cell of the sheet that
    # gives the fact. The build checks seed quotes against the seeds, but nothing checked
    # these: a cell reworded, or cited under the wrong section, would stand as verbatim.
    path = sheet_path(project)
    if not path.is_file():
        pytest.skip(f"the reference sheet {path} is not here")
    markdown = path.read_text(encoding="utf-8")
    sections = sheet_sections(markdown)
    checked, wrong = 0, []
    for name, records in files.items():
        for record in records:
            for item in evidence_items(record):
                locator = str(item.get("locator", ""))
                if not locator.startswith("landscape-facts"):
                    continue
                section = re.search(r"§(\d+[a-z]?)", locator)
                text = sections.get(section.group(1), "") if section else sheet_text(markdown)
                for key in ("quote", "basis"):
                    if item.get(key):
                        checked += 1
                        if sheet_text(str(item[key])) not in text:
                            wrong.append(f"{name}: {record['id']} {key} not in {locator}: "
                                         f"{str(item[key])[:80]!r}")
    assert checked > 200
    assert wrong == []


# --- a place's parent is named by the evidence that carries the link ---------------------------

def test_the_parent_of_a_place_is_named_by_its_evidence(files):
    # Audit S9: Wezep partOf Oldebroek and Berkel en Rodenrijs / Bergschenhoek partOf
    # Lansingerland were carried by quotes that name no municipality ("Places incl. ... Vaassen,
    # Wezep"; "Berkel & Rodenrijs en Bergschenhoek"), so the link stood as verified or quoted.
    # The parent must be named by an item that bears on the link (covers partOf, or the record).
    labels = {str(record["id"]): {str(record.get("label", ""))}
              | {str(a) for a in record.get("altLabel") or []}
              for records in files.values() for record in records if record.get("label")}
    wrong = []
    for name, records in files.items():
        for record in records:
            parent = record.get("partOf")
            if not isinstance(parent, str) or parent not in labels:
                continue
            bearing = [item for item in record.get("evidence", [])
                       if "partOf" in (item.get("covers") or ["partOf"])]
            text = said(bearing, ("quote", "basis", "judgement"))
            names = {label.removeprefix("Provincie ") for label in labels[parent] if label}
            if not any(n in text for n in names):
                wrong.append(f"{name}: {record['id']} partOf {parent}")
    assert wrong == []


def test_a_note_about_a_link_left_out_is_no_evidence_of_the_place(files):
    # Audit S9: Eemnes and Oldebroek carried items "Tegenstrijdigheid, geen feit: ..." (Eemnes
    # not taken into Gooi en Vechtstreek; Wezep listed by Oost-Veluwe) that bore on no statement
    # of the municipality; a judgement that covers nothing makes the whole record a judgement,
    # so the municipality itself showed as unverified. Reasoning about a link left out goes in a
    # `# Curator:` comment (data/README.md). A judgement on a municipality that covers no link
    # is about the municipality itself: its code.
    wrong = [f"{name}: {record['id']}: {str(item['judgement'])[:60]!r}"
             for name, records in files.items() for record in records
             if record.get("type") == "Municipality"
             for item in record.get("evidence", [])
             if "judgement" in item and not item.get("covers")
             and str(record.get("cbsCode")) not in str(item["judgement"])]
    assert wrong == []


def test_no_name_is_given_twice(files):
    # Audit S9: netwerk/almere listed 'NPZ Almere' twice as altLabel.
    wrong = [f"{name}: {record['id']}: {labels}"
             for name, records in files.items() for record in records
             if len(labels := [str(a) for a in record.get("altLabel") or []]) != len(set(labels))]
    assert wrong == []
