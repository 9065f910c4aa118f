"""The page's stylesheet, inlined into index.html (a .py file, so it ships with the package)."""

CSS = """\
/* pzgraph report: inline, offline, readable on screen and on paper (black and white too). */
:root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --gap: #b42318; --gap-bg: #fde8e7; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
       color: var(--ink); background: #fff; margin: 0 auto; max-width: 1200px; padding: 1.5rem; }
h1 { font-size: 1.7rem; margin: 0 0 .5rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem;
     margin-top: 2.5rem; }
h3 { font-size: 1.1rem; margin: 1.6rem 0 .4rem; }
h4 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
.about dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
.about dt { font-weight: 600; } .about dd { margin: 0; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
            font-size: .85em; }
/* A long hash or command breaks rather than widening the page past a narrow window. */
code, .about dd, dl.facts dd, p { overflow-wrap: anywhere; }
.about dd, dl.facts dd { min-width: 0; }
pre { background: #f6f8fa; border: 1px solid var(--line); padding: .6rem; overflow-x: auto;
      white-space: pre-wrap; word-break: break-word; }
nav ol { columns: 2; margin: .5rem 0; }
.note, .muted { color: var(--muted); }
.missing { border-left: 4px solid #9a6700; background: #fff8c5; padding: .4rem .7rem; }
.table-wrap { overflow-x: auto; }
figure { margin: 0 0 1rem; }
.csv-link { font-size: .75rem; font-weight: 400; margin-left: .4rem; }
table { border-collapse: collapse; margin: .3rem 0 .5rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; vertical-align: top;
         text-align: left; }
thead th { background: #f6f8fa; }
/* A matrix fits its box at 1280 px (the review found 1178 px in 1152): smaller type, tight
   cells, names that wrap; only a window narrower than that scrolls it in its frame. */
table.matrix { font-size: .82rem; }
table.matrix th, table.matrix td { padding: .2rem .3rem; }
table.matrix td { text-align: center; min-width: 2.4rem; }
table.matrix td.list { text-align: left; min-width: 9rem; font-size: .82rem; }
table.matrix td.list ul { margin: 0; padding-left: 1rem; }
table.matrix th[scope=row] { max-width: 13rem; }
table.list th[scope=row] { width: 15rem; }
/* A column's name wraps between words, never inside one ("Psychisc he"): hyphenated where the
   browser knows Dutch; a matrix wider than its box scrolls in its frame (a phone). */
table.matrix thead th { font-size: .7rem; vertical-align: bottom; max-width: 7rem;
                        padding: .2rem; overflow-wrap: normal; hyphens: auto; }
td.gap { background: var(--gap-bg); color: var(--gap); font-weight: 700; }
td.heat { background: rgb(var(--heat)); color: #000; }
td.nodata, .legend .nodata-sample { background: #f1f3f5; color: #495057;
  background-image: repeating-linear-gradient(45deg, transparent 0 4px, #e2e6ea 4px 5px); }
.legend .nodata-sample { display: inline-block; padding: 0 .35rem; border: 1px solid var(--line); }
tr.nodata th { color: var(--muted); font-weight: 400; }
td.heat.strong { color: #fff; }
.legend { font-size: .85rem; color: var(--muted); }
.legend .gap-sample { display: inline-block; padding: 0 .35rem; background: var(--gap-bg);
                      color: var(--gap); font-weight: 700; border: 1px solid var(--line); }
details.query { margin: .2rem 0 1rem; font-size: .88rem; }
details.query summary { cursor: pointer; color: var(--muted); }
ul.grouped { margin: 0; padding-left: 1rem; }
ul.grouped.inline { padding: 0; list-style: none; }
ul.grouped.inline li { display: inline; }
ul.grouped.inline li:not(:last-child)::after { content: " · "; color: var(--muted); }
.network { border-top: 1px solid var(--line); }
dl.facts { display: grid; grid-template-columns: 15rem 1fr; gap: .25rem 1rem;
           margin: .2rem 0 .8rem; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
.print-only { display: none; }
@media (max-width: 40rem) {
  /* A narrow window (a phone, 200 % zoom): one column, no sideways scrolling of the page
     (a wide matrix scrolls in its own frame). */
  body { padding: .75rem; }
  nav ol { columns: 1; }
  .about dl, dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: .3rem; }
}
@media print {
  /* On paper the summary and the matrices, on a few pages; the long lists (what is not
     covered, each network) and the query texts stay on screen, as a line on paper says. */
  @page { size: A4 landscape; margin: 12mm; }
  section.screen-only, figure.screen-only { display: none; }
  .print-only { display: block; font-style: italic; }
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  nav, details.query { display: none; }
  h2 { margin-top: 1rem; }
  h2, h3, h4 { break-after: avoid; }
  figure { break-inside: auto; }  /* a long matrix goes on over the page, rows whole */
  tr, li { break-inside: avoid; }
  thead { display: table-header-group; }
  table { font-size: 8pt; }
  table.matrix thead th { font-size: 7pt; max-width: 9rem; }
  table.matrix th[scope=row] { max-width: 22rem; }  /* the paper is wider than the screen box */
  th, td { padding: .1rem .25rem; }
  td.heat, td.gap, .legend .gap-sample { -webkit-print-color-adjust: exact;
                                         print-color-adjust: exact; }
  .table-wrap { overflow: visible; }
  table.matrix tr.nodata { display: none; }  /* named in the note above the matrix */
  a { color: inherit; }
  /* The legend of zekerheid, on paper as one paragraph. */
  #kwaliteitskader > dl.facts { display: block; }
  #kwaliteitskader > dl.facts > * { display: inline; }
  #kwaliteitskader > dl.facts > dt::after { content: ": "; }
  #kwaliteitskader > dl.facts > dd:not(:last-child)::after { content: "; "; }
  h3, h4 { margin: .6rem 0 .2rem; }
  p { margin: .3rem 0; }
}
"""
