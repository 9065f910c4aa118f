"""The low findings of the hostile review of session 9 (/work/reviews is the reviewers'; the
kinds): a number from outside is ASCII digits, a name has no tab, an empty query is named as
such, a Host header's port is a port, and an answer with nowhere to go is an error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pzgraph.errors import QueryError
from pzgraph.ingest.rules import KeyRule
from pzgraph.ingest.values import name_problem, value_problem
from pzgraph.query.library import Parameter, Query
from pzgraph.query.parameters import to_term
from pzgraph.release.guard import QueryRefused, check_query
from pzgraph.release.service_description import endpoint_iri


def _query(kind: str) -> Query:
    parameter = Parameter(name="minimum", type=kind, description="")
    return Query(name="q", path=Path("q.rq"), title="q", sparql="SELECT * {}",
                 parameters=(parameter,))


@pytest.mark.parametrize("kind", ["integer", "year"])
@pytest.mark.parametrize("value", ["\u0661", "\uff12\uff10\uff12\uff15", "2\u0660\u0662\u0665"])
def test_a_number_parameter_takes_ascii_digits_only(kind, value):
    """`-p minimum=١` and `-p year=２０２５` were answered: int() reads any script's digits."""
    query = _query(kind)
    with pytest.raises(QueryError, match="takes a whole number"):
        to_term(query, query.parameters[0], value, None)  # type: ignore[arg-type]
    assert to_term(query, query.parameters[0], "2025", None).value == "2025"  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["\uff12\uff10\uff12\uff15", "\u0662\u0660\u0662\u0665"])
def test_a_year_in_the_data_is_four_ascii_digits(value):
    assert value_problem("year", value, KeyRule(kind="year")) is not None
    assert value_problem("year", "2025", KeyRule(kind="year")) is None


def test_a_tab_in_a_name_is_refused_and_in_a_description_not():
    for key in ("label", "altLabel", "labelEn"):
        problem = value_problem(key, "Hospice\tDe Vogels", KeyRule(kind="text"))
        assert problem is not None and "tab" in problem[0], key
    assert value_problem("description", "kolom\tkolom", KeyRule(kind="text")) is None
    assert name_problem("Uitgever\tX") is not None


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_query_is_refused_as_empty(text):
    with pytest.raises(QueryRefused, match="the query is empty"):
        check_query(text)


@pytest.mark.parametrize("host", ["evil.example:99999", "evil.example:65536", "evil.example:0"])
def test_a_host_header_port_outside_the_range_is_not_taken(host):
    assert endpoint_iri(host, ("127.0.0.1", 8123), "/query") == "http://127.0.0.1:8123/query"
    assert endpoint_iri("pz.example:65535", ("127.0.0.1", 8123), "/query") == \
        "http://pz.example:65535/query"


def test_a_query_with_stdout_closed_fails_with_a_message(tmp_path):
    """`pzgraph query NAME >&-` printed nothing and exited 0 (click drops the text)."""
    command = [sys.executable, "-c", "import sys; from pzgraph.cli.entry import main; "
               "sys.exit(main())", "query", "--list"]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env=os.environ, timeout=120, close_fds=True,
                          preexec_fn=lambda: os.close(1))
    assert done.returncode != 0
    assert "standard output is closed" in done.stderr
    assert "Traceback" not in done.stderr
