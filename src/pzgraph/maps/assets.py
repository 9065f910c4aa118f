"""The page around a map: vis-network inlined from pyvis's own copy, our CSS and JS.

pyvis's template loads bootstrap and vis-network from CDNs even when told to inline, and
its filter menu blanks the graph; this page has neither. It is one file that opens
offline and asks no other host for anything. A Content-Security-Policy says so to the
browser too: scripts run only when their hash is listed (so an injected onerror= never
runs), and no fetch, image, font or frame may come from anywhere.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from pathlib import Path

ASSETS = Path(__file__).parents[1] / "assets"  # package data: see pyproject.toml
PAGE_JS = ASSETS / "map.js"
PAGE_CSS = ASSETS / "map.css"


def vis_dir() -> Path:
    """pyvis's copy of vis-network (pyvis is imported only when a map is made)."""
    import pyvis

    return Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def embed_json(value: object) -> str:
    """JSON that can stand inside <script>: no '<' (so no '</script>' or '<!--') survives."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


def _text(value: str) -> str:
    """Escape for an HTML text node or attribute value."""
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def page(title: str, data: dict) -> str:
    """A complete, self-contained HTML page showing `data` (see render.py)."""
    vis_js, page_js = _read(vis_dir() / "vis-network.min.js"), _read(PAGE_JS)
    policy = ("default-src 'none'; "
              f"script-src {_hash(vis_js)} {_hash(page_js)}; "
              "style-src 'unsafe-inline'; img-src data:; font-src data:")
    return "".join([
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n",
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<link rel=\"icon\" href=\"data:,\">\n",
        f"<title>{_text(title)}</title>\n",
        "<style>\n", _read(vis_dir() / "vis-network.css"), "\n</style>\n",
        "<style>\n", _read(PAGE_CSS), "</style>\n",
        "</head>\n<body>\n",
        "<aside id=\"pz-panel\">\n<h1 id=\"pz-title\"></h1>\n<p id=\"pz-subtitle\"></p>\n",
        "<label class=\"pz-search-label\" for=\"pz-search\">Zoek op naam</label>\n",
        "<input id=\"pz-search\" type=\"search\" autocomplete=\"off\" "
        "placeholder=\"naam of andere naam\">\n",
        "<ul id=\"pz-results\"></ul>\n",
        "<section id=\"pz-legend\"><h2>Legenda en filter op soort</h2></section>\n",
        "<section id=\"pz-filters\"></section>\n",
        "<section id=\"pz-details\"><h2>Geselecteerd</h2><p class=\"pz-hint\">Klik op een "
        "knoop of lijn voor de gegevens en het bewijs.</p></section>\n",
        "</aside>\n<main id=\"pz-network\"></main>\n",
        "<script type=\"application/json\" id=\"pz-data\">", embed_json(data), "</script>\n",
        "<script>", vis_js, "</script>\n",
        "<script>", page_js, "</script>\n",
        "</body>\n</html>\n",
    ])
