"""`pzgraph draft`: proposals from the source documents, quotes verbatim, no personal names,
the review loop, PDF input and bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from test_footing import ID, footing_of
from test_personal_names import name_pattern, personal_names

from pzgraph.cli.main import main
from pzgraph.draft import draft_plan
from pzgraph.draft.review import accept, count_open, open_proposals
from pzgraph.draft.writer import dump
from pzgraph.ingest.context import Context
from pzgraph.ingest.quotes import check_quotes
from pzgraph.ingest.records import read_data_file
from pzgraph.query.store import load

DOCUMENTS = {
    "000_0f9769a56a83d19c.txt": ("netwerk/noordwest-utrecht",
                                 "000_utrecht-samenwerkingsovereenkomst.yaml"),
    "001_9d2d7fdfb40bb114.txt": ("netwerk/noordwest-veluwe",
                                 "001_noordwest-veluwe-meerjarenplan.yaml"),
    "002_307015ebbd434860.txt": ("netwerk/noordwest-utrecht",
                                 "002_utrecht-jaaroverzicht-2024.yaml"),
    "003_6f22155874b400fb.txt": ("netwerk/rotterdam-en-omstreken",
                                 "003_rotterdam-meerjarenbeleidsplan.yaml"),
    "004_8da2be3a563f67f3.txt": ("netwerk/gooi-en-vechtstreek",
                                 "004_gooi-en-vechtstreek-actieplan-2025.yaml"),
}


@pytest.fixture(scope="module")
def drafts(project):
    """Each document drafted leave-one-out: its own curated file not in the gazetteer."""
    out = {}
    for source, (network, curated) in DOCUMENTS.items():
        draft, _ = draft_plan(project.sources_dir / source, network, project, {curated})
        out[source] = draft
    return out


def test_member_list_gives_new_organisations_and_memberships(drafts):
    draft = drafts["000_0f9769a56a83d19c.txt"]
    new = draft.entities["organisatie/stichting-vrijwilligers-thuis-sterven-vecht-en-venen"]
    assert new.new and new.label == "Stichting Vrijwilligers Thuis Sterven Vecht en Venen"
    assert new.quotes[0].text == "Stichting Vrijwilligers Thuis Sterven Vecht en Venen"
    careyn = [(m.organization, m.role) for m in draft.memberships
              if m.member == "organisatie/careyn"]
    # listed under "in de stuurgroep vertegenwoordigd", for both networks of the agreement
    assert ("netwerk/noordwest-utrecht", "rol/stuurgroeplid") in careyn
    assert ("netwerk/utrecht-zuid", "rol/stuurgroeplid") in careyn


def test_penvoerder_and_consortium_membership_from_their_sentences(drafts):
    draft = drafts["001_9d2d7fdfb40bb114.txt"]
    stated = {(m.member, m.organization, m.role): m.quote.text for m in draft.memberships}
    penvoerder = ("organisatie/stichting-palliatieve-zorg-veluwe", "netwerk/noordwest-veluwe",
                  "rol/penvoerder")
    assert penvoerder in stated
    assert stated[penvoerder].startswith("Beiden zijn in dienst bij de penvoerder")
    assert ("netwerk/noordwest-veluwe", "consortium/septet", "rol/lid") in stated
    assert not any(member == "organisatie/vws" for member, _, _ in stated)


def test_domain_heading_gives_a_coverage_link(drafts):
    links = {(c.concept, c.quote.text) for c in drafts["003_6f22155874b400fb.txt"].coverage()}
    assert ("kwaliteitskader/2.3", "Domein kwaliteitskader 2.3 Proactieve zorgplanning") in links
    assert ("kwaliteitskader/2.4", "Domein Kwaliteitskader PZ 2.4 Individueel zorgplan "
            "Onderbouwing Omschrijving activiteit Financiën Planning") in links


def test_known_entities_are_recognised_by_label(drafts):
    entities = drafts["004_8da2be3a563f67f3.txt"].entities
    assert "programma/nppz-ii" in entities  # "Nationaal Programma Palliatieve Zorg II"
    assert "organisatie/vws" in entities


def test_no_personal_name_in_any_draft(drafts):
    leaks = []
    for source, draft in drafts.items():
        text = dump(draft)
        leaks += [f"{source}: {name}" for name in personal_names()
                  if name_pattern(name).search(text)]
    assert not leaks


def test_every_proposed_quote_passes_the_quote_checker(drafts, project, tmp_path):
    context = Context.load(project)
    files = []
    for source, draft in drafts.items():
        path = tmp_path / f"draft-{source}.yaml"
        path.write_text(dump(draft), encoding="utf-8")
        data = read_data_file(path, context, project)
        assert not [f for f in data.findings if f.severity == "error"], data.findings[:3]
        files.append(data)
    findings, checked, found = check_quotes(files, project)
    assert checked > 300
    assert not findings, findings[:3]
    assert found == checked


def test_review_accepts_rejects_and_leaves_the_rest(drafts, tmp_path, monkeypatch):
    path = tmp_path / "draft.yaml"
    path.write_text(dump(drafts["004_8da2be3a563f67f3.txt"]), encoding="utf-8")
    records = yaml.safe_load(path.read_text(encoding="utf-8"))["records"]
    order = list(open_proposals(records))
    accepted, rejected = order[0], order[1]
    gone_with_it = [p for p in order[2:] if rejected.key is None and p.record is rejected.record]
    edited = next(p for p in order[2:] if p not in gone_with_it)
    # the curator's editor (click.edit) adds an altLabel
    monkeypatch.setattr("click.edit", lambda text: "altLabel: [X]\n" + text)
    result = CliRunner().invoke(main, ["draft", "--review", str(path)], input="a\nr\ne\nq\n")
    assert result.exit_code == 0, result.output
    assert "2 accepted, 1 rejected" in result.output

    after = yaml.safe_load(path.read_text(encoding="utf-8"))["records"]
    assert count_open(after) == len(order) - 3 - len(gone_with_it)
    assert len(yaml.safe_dump(after)) < len(yaml.safe_dump(records))  # the rejection is gone
    first = next(r for r in after if r["id"] == accepted.record["id"])
    assert not any("proposal" in e or "confidence" in e for e in first["evidence"])
    changed = [node for record in after for node in [record, *(
        item for key in ("memberships", "addresses", "results") for item in record.get(key, []))]
        if node.get("altLabel") == ["X"]]
    assert len(changed) == 1 and not any("proposal" in e for e in changed[0]["evidence"])
    assert changed[0].get("evidence") == [
        {k: v for k, v in e.items() if k not in ("proposal", "confidence")}
        for e in edited.node["evidence"]]


def test_a_pdf_plan_is_drafted(tmp_path, project):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "Jaarplan 2025 van het netwerk.\n\nStichting Hospice Zonnehoek is "
                   "penvoerder van het netwerk.\n\nDomein 2.3 Proactieve zorgplanning: "
                   "scholing in 2025 gepland.")
    plan = tmp_path / "jaarplan.pdf"
    pdf.output(str(plan))
    out = tmp_path / "draft.yaml"
    result = CliRunner().invoke(main, ["draft", str(plan), "--network",
                                       "netwerk/gooi-en-vechtstreek", "--out", str(out)])
    assert result.exit_code == 0, result.output
    document = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert document["source"] == "jaarplan.txt"
    assert (tmp_path / "jaarplan.txt").is_file()  # the text the quotes cite
    records = {r["id"]: r for r in document["records"]}
    hospice = records["organisatie/stichting-hospice-zonnehoek"]
    assert hospice["type"] == "Hospice"
    assert hospice["memberships"][0]["role"] == "rol/penvoerder"
    links = [a["concept"] for r in records.values() for a in r.get("addresses", [])]
    assert "kwaliteitskader/2.3" in links


@pytest.mark.parametrize("case", ["missing", "network", "empty", "fake-pdf", "folder"])
def test_bad_input_is_a_clear_error(case, tmp_path, project):
    plan = tmp_path / "plan.txt"
    network = "netwerk/gooi-en-vechtstreek"
    if case == "missing":
        plan = tmp_path / "nowhere.txt"
    elif case == "network":
        shutil.copy(project.sources_dir / "004_8da2be3a563f67f3.txt", plan)
        network = "netwerk/atlantis"
    elif case == "empty":
        plan.write_text("  \n", encoding="utf-8")
    elif case == "fake-pdf":
        plan = tmp_path / "plan.pdf"
        plan.write_text("this is not a PDF", encoding="utf-8")
    elif case == "folder":
        plan = tmp_path
    out = tmp_path / "out.yaml"
    result = CliRunner().invoke(main, ["draft", str(plan), "--network", network, "--out", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "pzgraph draft:" in result.output and "fix:" in result.output
    assert not out.exists()


def test_unreviewed_proposals_are_counted_by_validate(make_project, project, drafts):
    from pzgraph.checks.validate import validate

    document = yaml.safe_load(dump(drafts["002_307015ebbd434860.txt"]))
    target = make_project({"900_draft.yaml": document}, copy_data=True)
    report = validate(target, reasoning=False)
    assert report.stages["proposals"].endswith("unreviewed")
    assert int(report.stages["proposals"].split()[0]) == count_open(document["records"]) > 0


def test_help():
    result = CliRunner().invoke(main, ["draft", "--help"])
    assert result.exit_code == 0 and "--review" in result.output


def test_a_similar_name_is_a_new_organisation_not_a_known_one(project, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("Netwerkleden 2026:\n\nHospices\nHospice Kromme Rijnstreken\n"
                    "Hospice Kromme Rijnstreek\n", encoding="utf-8")
    draft, _ = draft_plan(plan, "netwerk/utrecht-zuid", project)
    new = draft.entities["organisatie/hospice-kromme-rijnstreken"]
    assert new.new and new.types == ["Hospice"]
    assert new.similar_to == "organisatie/hospice-kromme-rijnstreek"  # noted, not merged
    known = draft.entities["organisatie/hospice-kromme-rijnstreek"]
    assert not known.new and known.quotes[0].text == "Hospice Kromme Rijnstreek"
    text = dump(draft)
    assert "lijkt op organisatie/hospice-kromme-rijnstreek" in text


def test_the_area_sentence_gives_the_municipalities_served(drafts):
    draft = drafts["000_0f9769a56a83d19c.txt"]
    woerden_oudewater_vleuten = {"gemeente/GM0632", "gemeente/GM0589",
                                 "gemeentedeel/vleuten-de-meern"}
    assert woerden_oudewater_vleuten <= set(draft.area)
    assert any(q.text.startswith("Het werkgebied omvat de volgende gemeenten: Woerden")
               for q in draft.area_quotes)


def test_a_draft_builds_as_voorstel_and_an_accepted_proposal_as_citaat(make_project, drafts):
    """The draft of 004 in the graph in place of its curated file: its statements have the
    footing voorstel until accepted."""


    curated = DOCUMENTS["004_8da2be3a563f67f3.txt"][1]
    document = yaml.safe_load(dump(drafts["004_8da2be3a563f67f3.txt"]))
    target = make_project({"draft-004.yaml": document}, copy_data=True)
    (target.data_dir / curated).unlink()
    graph = load(target, reasoning=False)
    assert footing_of(graph, ID + "organisatie/amaris") == ["voorstel"]

    proposal = next(p for p in open_proposals(document["records"])
                    if p.record["id"] == "organisatie/amaris" and p.key is None)
    accept(proposal)
    (target.data_dir / "draft-004.yaml").write_text(yaml.safe_dump(document, allow_unicode=True),
                                                    encoding="utf-8")
    graph = load(target, reasoning=False)  # rebuilt: an input changed
    assert footing_of(graph, ID + "organisatie/amaris") == ["citaat"]


# --- hostile review S7: the review never writes through a link, loses a comment, or expands
# an alias bomb ------------------------------------------------------------------------------

def test_review_keeps_the_header_and_never_writes_through_a_planted_link(drafts, tmp_path):
    path = tmp_path / "draft.yaml"
    path.write_text(dump(drafts["004_8da2be3a563f67f3.txt"]), encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("victim content", encoding="utf-8")
    (tmp_path / "draft.yaml.part").symlink_to(victim)  # the name the review used to write
    result = CliRunner().invoke(main, ["draft", "--review", str(path)], input="a\nq\n")
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "victim content"
    assert not path.is_symlink()
    assert path.read_text(encoding="utf-8").startswith("# Draft of 004_8da2be3a563f67f3.txt")


def test_review_refuses_a_file_whose_comments_it_would_drop(drafts, tmp_path):
    path = tmp_path / "draft.yaml"
    text = dump(drafts["004_8da2be3a563f67f3.txt"]).replace(
        "records:", "# curator note: keep this comment\nrecords:", 1)
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["draft", "--review", str(path)], input="a\nq\n")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "a comment" in result.output and "curator note" in result.output
    assert path.read_text(encoding="utf-8") == text


def test_review_refuses_an_alias_bomb_before_it_expands(tmp_path):
    levels = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]'] + [
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]"
        for i in range(8)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join([*levels, "records:", "  - id: project/x",
                               "    altLabel: *i",
                               "    evidence: [{quote: q, proposal: true}]"]) + "\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["draft", "--review", str(path)], input="q\n")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "bomb.yaml" in result.output


def test_review_says_plainly_when_its_input_ends(drafts, tmp_path):
    path = tmp_path / "draft.yaml"
    path.write_text(dump(drafts["004_8da2be3a563f67f3.txt"]), encoding="utf-8")
    result = CliRunner().invoke(main, ["draft", "--review", str(path)], input="a\n")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "saved in the file" in result.output
    assert count_open(yaml.safe_load(path.read_text(encoding="utf-8"))["records"]) \
        == count_open(yaml.safe_load(dump(drafts["004_8da2be3a563f67f3.txt"]))["records"]) - 1


# --- hostile review S8 #16, #18 ----------------------------------------------------------------

def test_review_never_overwrites_what_was_saved_to_the_file_meanwhile(drafts, tmp_path):
    """A curator with the draft open in an editor saved a record while --review waited at a
    prompt: the review's next write dropped it without a word."""
    from pzgraph.draft.errors import DraftError
    from pzgraph.draft.review import review_file

    path = tmp_path / "draft.yaml"
    path.write_text(dump(drafts["004_8da2be3a563f67f3.txt"]), encoding="utf-8")
    asked: list[object] = []

    def decide(_proposal) -> str:
        asked.append(_proposal)
        if len(asked) == 2:  # saved in the editor while the second question waits
            with path.open("a", encoding="utf-8") as stream:
                stream.write("  - id: organisatie/curator-added\n    type: Organisation\n"
                             "    label: Toegevoegd\n    evidence: [{judgement: t}]\n")
        return "accept"

    with pytest.raises(DraftError, match="changed while it was reviewed"):
        review_file(path, decide)
    assert len(asked) == 2
    assert "organisatie/curator-added" in path.read_text(encoding="utf-8")


def test_review_reads_no_draft_larger_than_a_data_file(tmp_path):
    path = tmp_path / "big.yaml"
    with path.open("wb") as stream:
        stream.truncate(300 * 2**20)  # sparse: 300 MiB of nothing, no disk used
    result = CliRunner().invoke(main, ["draft", "--review", str(path)], input="q\n")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "big.yaml" in result.output and "larger than" in result.output


def test_a_plan_name_with_control_characters_gives_a_reviewable_draft(drafts, tmp_path):
    draft = drafts["004_8da2be3a563f67f3.txt"]
    import dataclasses

    text = dump(dataclasses.replace(draft, source="x\x1b]0;PWNED\x07.txt"))
    assert "\x1b" not in text.split("records:", 1)[0]  # the header shows it escaped
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["draft", "--review", str(path)], input="q\n")
    assert result.exit_code == 0, result.output


def _pdf_with_a_self_referring_length(path: Path) -> None:
    """A one-page PDF whose content stream's /Length points at the stream itself: pypdf
    stops with LimitReachedError, which is no PdfReadError (hostile review S7 #14)."""
    ops = b"BT /F1 12 Tf 72 712 Td (Netwerk Palliatieve Zorg Eemland) Tj ET\n"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length 4 0 R >>\nstream\n" + ops + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1,
                                                                             xref)
    path.write_bytes(out)


def test_a_pdf_that_reaches_a_limit_of_the_reader_is_said_plainly(tmp_path, project):
    plan = tmp_path / "lenref.pdf"
    _pdf_with_a_self_referring_length(plan)
    env = {"PZGRAPH_ROOT": str(project.root), "PZGRAPH_SOURCES": str(project.sources_dir)}
    result = CliRunner().invoke(main, ["draft", str(plan), "--network", "netwerk/eemland",
                                       "--out", str(tmp_path / "d.yaml")], env=env)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "the PDF cannot be read" in result.output
    assert not (tmp_path / "d.yaml").exists()
