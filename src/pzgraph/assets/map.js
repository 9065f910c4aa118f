// pzgraph map page: draws the embedded graph with vis-network and adds the tools, search,
// filters, legend, the details of the selection and a text version of the map. Every name
// from the data is put on the page with textContent, never as HTML: a name is text,
// whatever characters it holds. All words come from the page data (glossary.py).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pz-data").textContent);
  var W = data.words;
  var MAX_EVIDENCE = 8;
  var MAX_RESULTS = 30;
  var CONCEPT_KINDS = { domein: 1, aanbeveling: 1, kernthema: 1, actielijn: 1 };
  var WORK_KINDS = { project: 1, activiteit: 1 };
  var FADED = 0.12;
  var FIRM = ["citaat", "bevestigd"];  // footings (pz:zekerheid) drawn as a solid line

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // A thing's name for the reader; an id ("organisatie/…") never shows as such.
  function nameFor(id) {
    if (data.names[id]) return data.names[id];
    var node = byId[id];
    if (node) return node.full;
    var tail = String(id).slice(String(id).indexOf("/") + 1).replace(/-/g, " ");
    return tail.charAt(0).toUpperCase() + tail.slice(1);
  }

  function say(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var live = document.getElementById("pz-live");
  var details = document.getElementById("pz-details");
  function announce(text) { live.textContent = text; }

  // --- the graph and who is next to whom --------------------------------------------------

  var byId = {}, edgeById = {}, kindName = {}, neighbours = {}, edgesOf = {};
  data.legend.kinds.forEach(function (k) { kindName[k.kind] = k.name; });
  data.nodes.forEach(function (node) {
    byId[node.id] = node;
    neighbours[node.id] = [];
    edgesOf[node.id] = [];
    node.title = tipOf(node);
  });
  data.edges.forEach(function (edge) {
    edgeById[edge.id] = edge;
    neighbours[edge.from].push(edge.to);
    neighbours[edge.to].push(edge.from);
    edgesOf[edge.from].push(edge);
    edgesOf[edge.to].push(edge);
    edge.title = edgeTip(edge);
  });

  // Tooltips are short text (vis-network shows a string as text, never as markup): the name
  // and the kind; the details panel has the rest.
  function tipOf(node) {
    return node.full + "\n" + (kindName[node.kind] || node.kind);
  }

  function edgeTip(edge) {
    return byId[edge.from].full + " — " + edge.rel + " — " + byId[edge.to].full +
      (edge.judged ? "\n" + say(W.judgedBecause, { why: edge.judged }) : "");
  }

  // The landscape opens on an overview (see "the overview" below): nothing is given to
  // vis-network until the outline has said what is listed.
  if (data.overview) {  // (drawn as boxes in the style of their kind: options.groups)
    data.nodes.forEach(function (node) { node.hidden = true; node.shape = "box"; });
    data.edges.forEach(function (edge) { edge.hidden = true; });
  }
  // vis-network is given what is shown, and each node or line when it is first shown: its
  // constructor costs per node, hidden or not, and at national scale most open gathered.
  var given = {}, givenEdges = {};
  function lineOf(edge) {
    var copy = Object.assign({}, edge);
    copy.label = edge.shownLabel || "";  // edge labels only on hover and selection
    return copy;
  }
  var nodes = new vis.DataSet(data.nodes.filter(function (node) {
    if (!node.hidden) given[node.id] = true;
    return !node.hidden;
  }));
  var edges = new vis.DataSet(data.edges.filter(function (edge) {
    if (!edge.hidden) givenEdges[edge.id] = true;
    return !edge.hidden;
  }).map(lineOf));
  // Changes to nodes (and lines) vis-network has not been given yet are kept on the data,
  // and the node is given to it when it is shown.
  function updateNodes(changes) {
    var added = [], updated = [];
    changes.forEach(function (change) {
      var node = byId[change.id];
      if (!node || given[change.id]) { updated.push(change); return; }
      Object.assign(node, change);
      if (!node.hidden) { given[node.id] = true; added.push(node); }
    });
    if (added.length) nodes.add(added);
    if (updated.length) nodes.update(updated);
  }
  function updateEdges(changes) {
    var added = [], updated = [];
    changes.forEach(function (change) {
      var edge = edgeById[change.id];
      if (!edge || givenEdges[change.id]) { updated.push(change); return; }
      var label = change.label;
      delete change.label;
      Object.assign(edge, change);
      if (label !== undefined) edge.shownLabel = label;
      if (!edge.hidden) { givenEdges[edge.id] = true; added.push(lineOf(edge)); }
    });
    if (added.length) edges.add(added);
    if (updated.length) edges.update(updated);
  }
  var container = document.getElementById("pz-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  document.getElementById("pz-title").textContent = data.title;
  document.getElementById("pz-subtitle").textContent = data.subtitle;
  document.title = data.title;
  if (data.little) {
    var little = document.getElementById("pz-little");
    little.textContent = say(W.little, { what: data.little });
    little.hidden = false;
  }
  if (data.report) {
    var report = document.getElementById("pz-report");
    report.firstChild.href = data.report;
    report.firstChild.textContent = W.report;
    report.hidden = false;
  }

  // --- tools: zoom, fit, reset, neighbours only -------------------------------------------

  var state = { selected: null, only: false, filter: {}, unchecked: {}, open: {} };
  var tools = document.getElementById("pz-tools");
  function tool(text, label, action, pressed) {
    var button = el("button", "pz-tool", text);
    button.type = "button";
    button.title = label;
    button.setAttribute("aria-label", label);
    if (pressed !== undefined) button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", action);
    tools.appendChild(button);
    return button;
  }
  function zoom(factor) {
    network.moveTo({ scale: network.getScale() * factor, animation: false });
  }
  tool("+", W.zoomIn, function () { zoom(1.4); });
  tool("−", W.zoomOut, function () { zoom(1 / 1.4); });
  tool("⤢", W.fit, function () { fitVisible(); });
  tool("↺", W.reset, function () { reset(); });
  var onlyButton = tool(W.neighboursOnly, W.neighboursOnly, function () {
    setOnly(!state.only);
  }, false);
  onlyButton.classList.add("pz-tool-wide");

  function setOnly(on) {
    state.only = on;
    onlyButton.setAttribute("aria-pressed", on ? "true" : "false");
    applyFilters();
    if (state.selected) fitVisible();
  }

  function fitVisible() {
    fitNodes(drawables.filter(function (n) { return !n.hidden; }).map(function (n) { return n.id; }));
  }

  // Opening (and after a reset): everything, unless that leaves the names of a network's
  // members (its list, data.first) under 9 px; then those names, the rest beside them.
  function fitOpening() {
    if (data.overview) { openAtStart(); applyFilters(); }
    fitVisible();
    var first = (data.first || []).filter(function (id) { return !byId[id].hidden; });
    if (first.length && network.getScale() * 12 < 9.2) fitNodes(first, 1);
  }

  // Fit these nodes, their names included, into the part of the map the details leave
  // free, not closer than 1.5. Computed from the positions, not from what vis-network last
  // drew: nodes just shown by a filter have no drawn size yet.
  function fitNodes(ids, most) {
    if (!ids.length) return;
    var at = network.getPositions(ids);
    var pad = 14;
    var covered = details.hidden ? 0 : details.offsetWidth + 16;
    var width = Math.max(50, container.clientWidth - covered - 2 * pad);
    var height = Math.max(50, container.clientHeight - 2 * pad);
    // The names of networks, consortia and national bodies keep 10.5-18 px on screen
    // whatever the zoom, so their room on the map depends on the scale: a few rounds.
    var scale = 1, x0, y0, x1, y1;
    for (var round = 0; round < 4; round++) {
      x0 = Infinity; y0 = Infinity; x1 = -Infinity; y1 = -Infinity;
      ids.forEach(function (id) {
        var p = at[id], node = byId[id];
        if (!p) return;
        var r = node.size || 12, half, below;
        if (node.shape === "box") {
          half = textWidth(node.label, node.font.size) / 2 + 8;
          below = node.font.size;
          r = node.font.size;
        } else if (node.baseFont >= 16) {
          var px = Math.min(Math.max(node.baseFont * scale, 10.5), 18);
          half = Math.max(r, textWidth(node.text || node.label, px) / 2 / scale);
          below = r + px * 1.6 / scale;
        } else {
          half = r;
          below = r + node.font.size * 1.6;
        }
        x0 = Math.min(x0, p.x - half); x1 = Math.max(x1, p.x + half);
        y0 = Math.min(y0, p.y - r); y1 = Math.max(y1, p.y + below);
      });
      scale = Math.min(most || 1.5, width / Math.max(1, x1 - x0), height / Math.max(1, y1 - y0));
    }
    network.moveTo({ position: { x: (x0 + x1) / 2 + covered / 2 / scale, y: (y0 + y1) / 2 },
                     scale: scale, animation: false });
    relabel();
  }

  // --- which names are drawn: at least 9 px on screen, never one over another -------------
  //
  // Every drawn name has a box on screen. In order of importance (the selection, its
  // neighbours, the lines of the selection, networks and consortia, national bodies, then
  // the rest by their size and connections) a name is drawn when its box is free;
  // otherwise it waits for a closer zoom. The names that orient a reader (networks,
  // consortia, national bodies) are drawn between 9.5 and 18 px whatever the zoom; the
  // selection and its neighbours at 9.5 px or more.
  var MIN_PX = 9.5, PAD = 2;
  var FACE = data.options.nodes.font.face;
  var measurer = document.createElement("canvas").getContext("2d");
  var widths = {};
  function textWidth(text, size) {
    var key = size + "|" + text;
    if (!(key in widths)) { measurer.font = size + "px " + FACE; widths[key] = measurer.measureText(text).width; }
    return widths[key];
  }
  var drawables = data.nodes.slice();
  drawables.forEach(function (node) { node.baseFont = node.font.size; node.text = node.label; node.shown = node.label; });
  var hoverEdge = null;

  function importance(node) {
    if (node.baseFont >= 20) return 3;
    if (node.baseFont >= 16) return 2;
    return node.baseFont > 12 ? 1 : 0;
  }

  function nameOf(node) { return node.text; }

  function overlapsAny(box, placed) {
    for (var i = 0; i < placed.length; i++) {
      var o = placed[i];
      if (box.x0 < o.x1 && o.x0 < box.x1 && box.y0 < o.y1 && o.y0 < box.y1) return true;
    }
    return false;
  }

  function relabel() {
    var scale = network.getScale();
    var near = {};
    if (state.selected) {
      near[state.selected] = 2;
      neighbours[state.selected].forEach(function (n) { near[n] = near[n] || 1; });
    }
    var shown = drawables.filter(function (n) { return !n.hidden; });
    var at = network.getPositions(shown.map(function (n) { return n.id; }));
    var order = shown.slice().sort(function (a, b) {
      return (near[b.id] || 0) - (near[a.id] || 0) || importance(b) - importance(a) ||
        (neighbours[b.id] || []).length - (neighbours[a.id] || []).length || (a.id < b.id ? -1 : 1);
    });
    var placed = [], changes = [], unnamed = 0;
    function screen(x, y) { return network.canvasToDOM({ x: x, y: y }); }
    // Boxes (names inside) are always drawn, and the symbols of networks, consortia and
    // national bodies: they are obstacles for the other names.
    shown.forEach(function (node) {
      if (node.shape === "box" || importance(node) < 2 || !at[node.id]) return;
      var p = at[node.id], r = node.size || 12;
      var a = screen(p.x - r, p.y - r), b = screen(p.x + r, p.y + r);
      placed.push({ x0: a.x, y0: a.y, x1: b.x, y1: b.y });
    });
    shown.forEach(function (node) {
      if (node.shape !== "box" || !at[node.id]) return;
      var size = node.baseFont;
      if (node.baseFont >= 20) size = Math.round(Math.max(10.5 / scale, Math.min(node.baseFont, 18 / scale)));
      var change = { id: node.id };
      if (node.font.size !== size) {
        node.font = { size: size };
        change.font = { size: size };
        if (node.widthConstraint && node.kind !== "organisatie") change.widthConstraint = { maximum: size * 11 };
        changes.push(change);
      }
      var p = at[node.id], w = Math.min(textWidth(node.label, size), (node.widthConstraint || {}).maximum || 1e9) / 2 + 6;
      var lines = Math.ceil(textWidth(node.label, size) / ((node.widthConstraint || {}).maximum || 1e9));
      var h = size * lines / 2 + 6;
      var a = screen(p.x - w, p.y - h), b = screen(p.x + w, p.y + h);
      placed.push({ x0: a.x, y0: a.y, x1: b.x, y1: b.y });
    });
    var edgeChanges = [], edgesPlaced = false;
    order.forEach(function (node) {
      // After the selection and its neighbours' names, the relations of the selection.
      if (!edgesPlaced && !near[node.id]) { unnamed += placeEdgeLabels(scale, placed, edgeChanges, at); edgesPlaced = true; }
      if (node.shape === "box" || !at[node.id]) return;
      var size = node.baseFont;
      if (near[node.id] || importance(node) >= 2) {
        size = Math.max(size, MIN_PX / scale);
        if (importance(node) >= 2) size = Math.min(Math.max(size, 10.5 / scale), 18 / scale);
      }
      size = Math.round(size * 10) / 10;
      var text = nameOf(node), drawn = "";
      if (size * scale >= 9) {
        var p = at[node.id], r = node.size || 12, w = textWidth(text, size) / 2;
        var top = p.y + r + size / 2 + 4;
        var a = screen(p.x - w, top), b = screen(p.x + w, top + size * 1.15);
        var box = { x0: a.x - PAD, y0: a.y - PAD, x1: b.x + PAD, y1: b.y + PAD };
        if (!overlapsAny(box, placed)) { placed.push(box); drawn = text; }
      }
      if (!drawn && near[node.id]) unnamed += 1;
      if (node.shown !== drawn || node.font.size !== size) {
        node.shown = drawn;
        node.font = { size: size };
        changes.push({ id: node.id, label: drawn, font: { size: size } });
      }
    });
    if (!edgesPlaced) unnamed += placeEdgeLabels(scale, placed, edgeChanges, at);
    updateNodes(changes);
    updateEdges(edgeChanges);
    return unnamed;
  }

  // The relation on a line of the selection (and on the line under the pointer): written
  // level, at 11 px on screen whatever the zoom (so zooming in makes room), where it is free.
  // Returns how many relations of the selection found no room.
  function placeEdgeLabels(scale, placed, edgeChanges, at) {
    var size = 11 / scale, crowded = 0;
    data.edges.forEach(function (edge) {
      // (On the overview, whose selection may have a hundred lines: under the pointer only.)
      var mine = !edge.hidden && (edge.id === hoverEdge || (state.selected && !data.overview &&
        (edge.from === state.selected || edge.to === state.selected)));
      var drawn = "";
      if (mine) {
        var p = at[edge.from] || network.getPosition(edge.from), q = at[edge.to] || network.getPosition(edge.to);
        var mx = (p.x + q.x) / 2, my = (p.y + q.y) / 2, w = textWidth(edge.rel, size) / 2;
        var a = network.canvasToDOM({ x: mx - w, y: my - size * 0.6 }), b = network.canvasToDOM({ x: mx + w, y: my + size * 0.6 });
        var box = { x0: a.x - PAD, y0: a.y - PAD, x1: b.x + PAD, y1: b.y + PAD };
        if (edge.id === hoverEdge || !overlapsAny(box, placed)) { placed.push(box); drawn = edge.rel; }
        else crowded += 1;
      }
      if (edge.shownLabel !== drawn || (drawn && edge.labelSize !== size)) {
        edge.shownLabel = drawn;
        edge.labelSize = size;
        edgeChanges.push({ id: edge.id, label: drawn, font: { size: size } });
      }
    });
    return crowded;
  }

  var pending = false;
  function relabelSoon() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; relabel(); });
  }
  network.on("zoom", relabelSoon);
  network.on("dragEnd", relabelSoon);

  // --- legend: kinds (a filter), relation groups, dashes, gaps, abbreviations --------------

  var legend = document.getElementById("pz-legend");
  legend.appendChild(el("h2", null, W.legend));
  var kindBox = el("fieldset", "pz-kinds");
  kindBox.appendChild(el("legend", null, W.kinds));
  data.legend.kinds.forEach(function (kind) {
    var row = el("label", "pz-legend-row");
    var input = el("input");
    input.type = "checkbox";
    input.checked = !state.unchecked[kind.kind];
    input.value = kind.kind;
    input.dataset.group = "kind";
    input.addEventListener("change", function () {
      if (input.checked) delete state.unchecked[kind.kind]; else state.unchecked[kind.kind] = true;
      applyFilters();
    });
    row.appendChild(input);
    var swatch = el("span", "pz-swatch pz-shape-" + kind.shape);
    swatch.style.background = kind.colour;
    if (kind.shape === "box") swatch.style.border = "2px solid " + kind.border;
    row.appendChild(swatch);
    row.appendChild(el("span", "pz-legend-name", kind.name));
    row.appendChild(el("span", "pz-count", kind.count));
    row.dataset.kind = kind.kind;
    kindBox.appendChild(row);
  });
  legend.appendChild(kindBox);
  if (data.legend.edges.length) {
    legend.appendChild(el("h3", null, W.relations));
    data.legend.edges.forEach(function (item) {
      var row = el("div", "pz-legend-row pz-legend-edge");
      row.dataset.group = item.group;
      var swatch = el("span", "pz-swatch pz-line-swatch");
      swatch.style.borderTopColor = item.colour;
      row.appendChild(swatch);
      row.appendChild(el("span", "pz-legend-name", item.name));
      row.appendChild(el("span", "pz-count", item.count));
      legend.appendChild(row);
    });
    var dashed = el("div", "pz-legend-row pz-legend-edge");
    dashed.appendChild(el("span", "pz-swatch pz-line-swatch pz-dashed"));
    dashed.appendChild(el("span", "pz-legend-name", W.judged));
    legend.appendChild(dashed);
  }
  if (data.legend.gap) {
    var gap = el("div", "pz-legend-row pz-legend-gap");
    gap.appendChild(el("span", "pz-swatch pz-gap-swatch"));
    gap.appendChild(el("span", "pz-legend-name", W.gap));
    legend.appendChild(gap);
  }
  if (data.abbreviations.length) {
    var abbreviations = document.getElementById("pz-abbreviations");
    abbreviations.appendChild(el("h2", null, W.abbreviations));
    var dl = el("dl");
    data.abbreviations.forEach(function (pair) {
      dl.appendChild(el("dt", null, pair[0]));
      dl.appendChild(el("dd", null, pair[1]));
    });
    abbreviations.appendChild(dl);
    abbreviations.hidden = false;
  }
  document.getElementById("pz-keys").textContent = W.keys;

  // --- filters: one choice per facet --------------------------------------------------------

  var filterBox = document.getElementById("pz-filters");
  var selects = {};
  if (data.filters.length) filterBox.appendChild(el("h2", null, W.filters));
  data.filters.forEach(function (facet) {
    var label = el("label", "pz-filter");
    label.appendChild(el("span", "pz-filter-title", facet.title));
    var select = el("select");
    select.dataset.facet = facet.key;
    var all = el("option", null, facet.all);
    all.value = "";
    select.appendChild(all);
    facet.values.forEach(function (pair) {
      var option = el("option", null, pair[1]);
      option.value = pair[0];
      select.appendChild(option);
    });
    select.addEventListener("change", function () { setFilter(facet.key, select.value); });
    label.appendChild(select);
    filterBox.appendChild(label);
    selects[facet.key] = select;
  });

  function anyFilter() {
    return Object.keys(state.filter).some(function (k) { return state.filter[k]; }) ||
      Object.keys(state.unchecked).length > 0;
  }

  function setFilter(key, value) {
    state.filter[key] = value;
    if (selects[key] && selects[key].value !== value) selects[key].value = value;
    if (key === "networks" && value && data.overview) openTo(value);
    if (key === "networks") networkChosen(value);
    applyFilters();
    fitVisible();
    var shown = data.nodes.filter(function (n) { return !n.hidden; }).length;
    var what = Object.keys(state.filter).filter(function (k) { return state.filter[k]; })
      .map(function (k) { return nameFor(state.filter[k]); }).join(", ");
    announce(what ? say(W.filtered, { what: what, shown: shown }) : shownText(shown, data.nodes.length));
  }

  // The address and the way back to the report follow the chosen network: a link copied
  // now opens on it, and "Naar het rapport" goes to its section.
  function shortId(id) { return id.slice(id.indexOf("/") + 1); }
  function networkChosen(value) {
    if (!state.selected) {
      history.replaceState(null, "", value ? "#netwerk=" + encodeURIComponent(shortId(value))
                                            : location.pathname + location.search);
    }
    if (!data.report) return;
    var base = data.report.split("#")[0];
    var sections = data.sections || {};
    var section = value && sections[shortId(value)];
    report.firstChild.href = section ? base + "#" + section : data.report;
  }

  function shownText(shown, total) { return say(shown === 1 ? W.shownOne : W.shown, { shown: shown, total: total }); }

  function has(list, value) { return (list || []).indexOf(value) !== -1; }

  // Which nodes a filter keeps: a network's world (every node tagged with it), the nodes
  // working on a domain or recommendation with their actors, a role or a sector.
  function kept() {
    var keep = {};
    var f = state.filter;
    data.nodes.forEach(function (node) {
      var ok = !state.unchecked[node.kind];
      if (ok && f.networks) ok = has(node.networks, f.networks) || (data.coverage && CONCEPT_KINDS[node.kind]);
      if (ok && f.roles) ok = !node.roles.length ? node.kind !== "organisatie" : has(node.roles, f.roles);
      if (ok && f.sectors) ok = !node.sectors.length ? node.kind !== "organisatie" : has(node.sectors, f.sectors);
      keep[node.id] = ok;
    });
    ["domains", "recommendations"].forEach(function (key) {
      if (!f[key]) return;
      var direct = {};
      data.nodes.forEach(function (node) { if (keep[node.id] && has(node.concepts, f[key])) direct[node.id] = true; });
      data.nodes.forEach(function (node) {
        if (!keep[node.id] || direct[node.id]) return;
        // Kept beside them: the actors of what works on it (not other concepts).
        keep[node.id] = !CONCEPT_KINDS[node.kind] && neighbours[node.id].some(function (n) { return direct[n]; });
      });
    });
    if (state.only && state.selected) {
      var near = {};
      near[state.selected] = true;
      neighbours[state.selected].forEach(function (n) { near[n] = true; });
      data.nodes.forEach(function (node) { if (!near[node.id]) keep[node.id] = false; });
    }
    return keep;
  }

  function applyFilters() {
    var keep = kept();
    var nodeChanges = [];
    // The overview lists what is kept and opened (or, under a filter, all that is kept).
    if (data.overview) keep = listOutline(keep, nodeChanges);
    data.nodes.forEach(function (node) {
      var hide = !keep[node.id];
      if (Boolean(node.hidden) !== hide) {
        node.hidden = hide;
        nodeChanges.push({ id: node.id, hidden: hide });
      }
    });
    var edgeChanges = [];
    // The overview draws the lines of the selection only: the outline says the rest.
    var sel = state.selected;
    data.edges.forEach(function (edge) {
      var hide = !keep[edge.from] || !keep[edge.to] ||
        (data.overview && ((edge.from !== sel && edge.to !== sel) ||
                           listedUnder[edge.from] === edge.to || listedUnder[edge.to] === edge.from));
      if (Boolean(edge.hidden) !== hide) {
        edge.hidden = hide;
        edgeChanges.push({ id: edge.id, hidden: hide });
      }
    });
    updateNodes(nodeChanges);
    updateEdges(edgeChanges);
    if (data.coverage) showGaps();
    if (state.selected && byId[state.selected].hidden) clearSelection();
    else if (state.selected) fade(state.selected);
    else relabel();
  }

  // --- coverage: what the shown work does not cover, the same rule as the report -------------

  var gapBox = document.getElementById("pz-gaps");
  function showGaps() {
    var covered = {};
    data.nodes.forEach(function (node) {
      if (WORK_KINDS[node.kind] && !node.hidden) node.concepts.forEach(function (c) { covered[c] = true; });
    });
    var changes = [], open = [], elsewhere = 0, unlinked = {};
    // the report's rule: a network without recorded work has no gaps (no data), and a frame
    // of another consortium (node.reach) is none of its gaps (not applicable)
    var home = state.filter.networks;
    var noData = Boolean(home) && !data.nodes.some(function (node) {
      return WORK_KINDS[node.kind] && !node.hidden;
    });
    // ... and a frame none of the chosen network's work is linked to (Septet's projects and
    // the Kwaliteitskader) is a hole in the records, not a gap in each of its concepts
    var linked = {};
    Object.keys(covered).forEach(function (c) { if (byId[c]) linked[byId[c].kind] = true; });
    data.nodes.forEach(function (node) {
      if (!CONCEPT_KINDS[node.kind]) return;
      var applies = !home || !node.reach || node.reach.indexOf(home) >= 0;
      if (home && !noData && applies && !linked[node.kind]) unlinked[kindName[node.kind]] = true;
      var isGap = !covered[node.id] && !noData && applies && (!home || linked[node.kind]);
      if (!applies && !node.hidden) elsewhere += 1;
      if (isGap && !node.hidden) open.push(node);
      if (Boolean(node.gap) !== isGap) {
        node.gap = isGap;
        var base = node.color.background;
        changes.push({ id: node.id, gap: isGap, borderWidth: isGap ? 3 : 1.5,
                       color: { background: base, border: isGap ? "#d6336c" : "#495057",
                                highlight: { background: base, border: "#212529" },
                                hover: { background: base, border: "#212529" } },
                       shapeProperties: { borderDashes: isGap ? [6, 4] : false } });
      }
    });
    updateNodes(changes);
    gapBox.textContent = "";
    var who = data.names[state.filter.networks] || data.scope || W.allNetworks;
    gapBox.appendChild(el("h2", null, W.gapsList + " (" + who + ")"));
    if (noData) gapBox.appendChild(el("p", "pz-hint", W.gapsNoData));
    else if (!open.length) gapBox.appendChild(el("p", "pz-hint", W.gapsNone));
    if (Object.keys(unlinked).length) {
      gapBox.appendChild(el("p", "pz-hint", W.gapsUnlinked.replace("{what}", Object.keys(unlinked).join(", "))));
    }
    if (elsewhere && !noData) {
      gapBox.appendChild(el("p", "pz-hint", W.gapsElsewhere.replace("{n}", elsewhere)));
    }
    // Grouped as the report counts them: domains, their subdomains apart, recommendations, ...
    var byKind = {}, groupsInOrder = [];
    open.forEach(function (node) {
      var key = node.kind + ((node.broader || []).length ? ":sub" : "");
      (byKind[key] = byKind[key] || []).push(node);
    });
    data.legend.kinds.forEach(function (k) { groupsInOrder.push(k.kind, k.kind + ":sub"); });
    groupsInOrder.forEach(function (key) {
      if (!byKind[key]) return;
      var kind = key.split(":")[0];
      var heading = key.indexOf(":sub") === -1 ? kindName[kind] : kindName[kind] + " — " + W.subdomains.toLowerCase();
      gapBox.appendChild(el("h3", null, heading + " (" + byKind[key].length + ")"));
      var list = el("ul", "pz-gap-list");
      var name = function (node) { return data.names[node.id] || node.full; };
      byKind[key].sort(function (a, b) { return name(a).localeCompare(name(b), "nl", { numeric: true }); });
      byKind[key].forEach(function (node) { list.appendChild(linkItem(node.id, name(node))); });
      gapBox.appendChild(list);
    });
    gapBox.hidden = false;
  }

  // --- the overview: an outline of hubs, organisations gathered under them -----------------
  //
  // data.overview (maps/overview.py) gives the groups in reading order: each consortium with
  // its networks, then headings for national bodies, programmes and the rest. An
  // organisation is listed under the first opened hub of its `home`. What is listed is laid
  // out here in columns of boxes, one name per row, so no name lies over another; the number
  // of rows per column is the one that shows the outline largest. A click on a hub opens
  // it (its members listed under it) or closes it again.
  var outline = data.overview || { groups: [], headings: {} };
  var headings = outline.headings || {};
  var parentOf = {}, childrenOf = {}, membersOf = {}, listedUnder = {};
  // Names in 12 px boxes, at 9.5 px on screen or more (render.py: drawn from 9 px).
  var ROW_HEIGHT = 26, INDENT = 16, COLUMN_GAP = 20, READABLE = 0.79;
  // A column no higher than the map at a readable scale: any part of the outline can be
  // shown readably, an opened network's list beside its name.
  var MOST_ROWS = Math.max(8, Math.floor((container.clientHeight - 28) / (READABLE * ROW_HEIGHT)));
  outline.groups.forEach(function (group) {
    childrenOf[group.id] = group.children;
    group.children.forEach(function (child) { parentOf[child] = group.id; });
  });
  if (data.overview) {
    data.nodes.forEach(function (node) {
      node.sortKey = node.label.toLowerCase();
      (node.home || []).forEach(function (home) { (membersOf[home] = membersOf[home] || []).push(node.id); });
    });
    Object.keys(membersOf).forEach(function (home) {
      membersOf[home].sort(function (a, b) { return byId[a].sortKey < byId[b].sortKey ? -1 : byId[a].sortKey > byId[b].sortKey ? 1 : 0; });
    });
    // The headings are boxes of their own, known to the page (never searched or tabled).
    Object.keys(headings).forEach(function (id) {
      var heading = { id: id, kind: "kop", full: headings[id], text: headings[id], label: headings[id],
                      shape: "box", margin: 4, borderWidth: 2, font: { size: 12, bold: true }, baseFont: 12,
                      color: { background: "#e9ecef", border: "#495057",
                               highlight: { background: "#dee2e6", border: "#212529" },
                               hover: { background: "#dee2e6", border: "#212529" } },
                      hidden: true, x: 0, y: 0 };
      byId[id] = heading;
      neighbours[id] = [];
      edgesOf[id] = [];
      drawables.push(heading);
    });
    nodes.add(Object.keys(headings).map(function (id) { given[id] = true; return byId[id]; }));
    var note = el("p", "pz-hint pz-overview", W.clusterInfo);
    document.getElementById("pz-subtitle").after(note);
  }

  function opens(id) {  // a click opens or closes it: it has something to list under it
    return Boolean(headings[id] || (childrenOf[id] || []).length || (membersOf[id] || []).length);
  }

  function countsOf(id) {
    var parts = [], networks = (childrenOf[id] || []).length, members = (membersOf[id] || []).length;
    if (headings[id]) return String(networks + members);
    if (networks) parts.push(say(networks === 1 ? W.networksOne : W.networksMany, { n: networks }));
    if (members) parts.push(say(members === 1 ? W.gatheredOne : W.gathered, { n: members }));
    return parts.join(", ");
  }

  function labelOf(id, open) {
    var node = byId[id];
    if (!opens(id)) return node.text;
    return (open ? "▾ " : "▸ ") + node.text + " · " + countsOf(id);
  }

  // The rows of the outline: [id, depth], what is kept (filters) and opened. Under a filter
  // or "neighbours only", everything kept is listed, opened or not.
  function outlineRows(keep) {
    var every = state.only || Object.keys(state.filter).some(function (k) { return state.filter[k]; });
    var rows = [], listed = {};
    listedUnder = {};
    function add(id, depth, under) { rows.push([id, depth]); listed[id] = true; if (under) listedUnder[id] = under; }
    function addMembers(hub, depth) {
      if (!every && !state.open[hub]) return;
      (membersOf[hub] || []).forEach(function (m) { if (keep[m] && !listed[m]) add(m, depth, hub); });
    }
    outline.groups.forEach(function (group) {
      var heading = Boolean(headings[group.id]), at = rows.length;
      add(group.id, 0);
      if (every || state.open[group.id]) {
        group.children.forEach(function (child) {
          if (!keep[child]) return;
          add(child, 1, group.id);
          addMembers(child, 2);
        });
        addMembers(group.id, 1);
      }
      var shown = rows.length > at + 1 || (!every && (heading
        ? group.children.some(function (c) { return keep[c]; }) || (membersOf[group.id] || []).some(function (m) { return keep[m]; })
        : keep[group.id])) || (every && !heading && keep[group.id]);
      if (!shown) { rows.pop(); delete listed[group.id]; }
    });
    return { rows: rows, listed: listed };
  }

  // The rows in columns: the number of rows per column that shows them largest on the part
  // of the map the details leave free. Returns that scale and each row's box centre.
  function flow(rows, open) {
    var free = container.clientWidth - (details.hidden ? 0 : details.offsetWidth + 16) - 28;
    var high = container.clientHeight - 28;
    var widths = rows.map(function (row) { return row[1] * INDENT + textWidth(labelOf(row[0], open[row[0]]), 12) + 14; });
    // Columns of at most `per` rows; a heading never ends a column (it goes to the next).
    function columns(per) {
      var starts = [0], used = 0;
      for (var k = 0; k < rows.length; k++) {
        var last = used === per - 1 && rows[k][1] < (rows[k + 1] || [0, -1])[1];
        if (used === per || (last && used > 0)) { starts.push(k); used = 0; }
        used += 1;
      }
      return starts;
    }
    var best = null, step = Math.max(1, Math.floor(rows.length / 300));
    for (var per = Math.min(rows.length, 8); per <= Math.min(rows.length, MOST_ROWS); per += step) {
      var starts = columns(per), total = 0;
      starts.forEach(function (start, c) {
        var widest = 0;
        for (var k = start; k < (starts[c + 1] || rows.length); k++) widest = Math.max(widest, widths[k]);
        total += widest + COLUMN_GAP;
      });
      var scale = Math.min(free / total, high / (per * ROW_HEIGHT));
      if (!best || scale > best.scale + 1e-9) best = { starts: starts, scale: scale };
    }
    var at = {}, x = 0;
    if (!best) return { scale: 1, at: at };
    best.starts.forEach(function (start, c) {
      var wide = 0;
      rows.slice(start, best.starts[c + 1] || rows.length).forEach(function (row, i) {
        var w = widths[start + i];
        wide = Math.max(wide, w);
        at[row[0]] = { x: Math.round(x + w - (w - row[1] * INDENT) / 2), y: i * ROW_HEIGHT };
      });
      x += wide + COLUMN_GAP;
    });
    return { scale: best.scale, at: at };
  }

  function openNow(id, listed) {  // something listed under it
    if (state.open[id]) return true;
    return (childrenOf[id] || []).some(function (c) { return listed[c] && listedUnder[c] === id; }) ||
      (membersOf[id] || []).some(function (m) { return listed[m] && listedUnder[m] === id; });
  }

  // Lists the outline: which data nodes are shown (returned as the `keep` of the filters),
  // their places and names; the headings are moved here too.
  function listOutline(keep, nodeChanges) {
    var found = outlineRows(keep), open = {};
    found.rows.forEach(function (row) { if (opens(row[0])) open[row[0]] = openNow(row[0], found.listed); });
    var laid = flow(found.rows, open), headingChanges = [];
    found.rows.forEach(function (row) {
      var id = row[0], p = laid.at[id], node = byId[id], label = labelOf(id, open[id]);
      var change = { id: id };
      if (node.x !== p.x || node.y !== p.y) { change.x = p.x; change.y = p.y; }
      if (node.label !== label) change.label = label;
      if (Object.keys(change).length === 1) return;
      Object.assign(node, change);
      (headings[id] ? headingChanges : nodeChanges).push(change);
    });
    Object.keys(headings).forEach(function (id) {
      var hide = !found.listed[id];
      if (byId[id].hidden !== hide) { byId[id].hidden = hide; headingChanges.push({ id: id, hidden: hide }); }
    });
    if (headingChanges.length) nodes.update(headingChanges);
    return found.listed;
  }

  // Opening (and after a reset): every group opened if all its names are readable then;
  // otherwise the groups of more than a few closed (at ten times the country, the networks
  // gathered under their consortia); otherwise all closed.
  function openAtStart() {
    var all = {};
    data.nodes.forEach(function (node) { all[node.id] = !state.unchecked[node.kind]; });
    function fits() {
      var found = outlineRows(all), open = {};
      found.rows.forEach(function (row) { open[row[0]] = state.open[row[0]]; });
      return flow(found.rows, open).scale >= READABLE;
    }
    state.open = {};
    outline.groups.forEach(function (group) { state.open[group.id] = true; });
    if (fits()) return;
    outline.groups.forEach(function (group) {
      if (group.children.length + (membersOf[group.id] || []).length > 3) delete state.open[group.id];
    });
    if (!fits()) state.open = {};
    // Then the headings (national bodies, programmes, ...) that still find room, smallest first.
    outline.groups.filter(function (group) { return headings[group.id] && !state.open[group.id]; })
      .sort(function (a, b) { return a.children.length - b.children.length; })
      .forEach(function (group) {
        state.open[group.id] = true;
        if (!fits()) delete state.open[group.id];
      });
  }

  // A node to be shown: its group, and the hub it is listed under, opened.
  function reveal(id) {
    var home = (byId[id].home || [])[0];
    if (parentOf[id]) state.open[parentOf[id]] = true;
    if (home) {
      state.open[home] = true;
      if (parentOf[home]) state.open[parentOf[home]] = true;
    }
    applyFilters();
  }

  function openTo(id) {  // the network chosen in the filter: opened, its group too
    state.open[id] = true;
    if (parentOf[id]) state.open[parentOf[id]] = true;
  }

  function blockOf(id) {  // a hub and what is listed under it
    var ids = [id];
    Object.keys(listedUnder).forEach(function (child) { if (listedUnder[child] === id && !byId[child].hidden) ids.push(child); });
    return ids;
  }

  // After a selection: an opened hub with its list in view; an organisation among the list
  // it stands in, or itself large enough to read where that list is long.
  function showBlock(id) {
    var hub = state.open[id] ? id : listedUnder[id] && byId[id].home ? listedUnder[id] : null;
    if (hub) {
      fitReadable(blockOf(hub), id);
    } else if (!allInView([id])) {
      fitNodes([id], 1.2);
    }
  }

  // These nodes in view, or as many of the first of them as can be read (and `must`).
  function fitReadable(ids, must) {
    var at = Math.max(0, ids.indexOf(must));
    fitNodes(ids);
    while (network.getScale() < READABLE && ids.length > 1) {  // a smaller window around `must`
      var keep = Math.floor(ids.length * 0.7);
      var start = Math.min(Math.max(0, at - Math.floor(keep / 2)), ids.length - keep);
      ids = ids.slice(start, start + keep);
      at -= start;
      fitNodes(ids);
    }
  }

  function toggle(id) {
    var opening = !state.open[id];
    if (opening) state.open[id] = true; else delete state.open[id];
    applyFilters();
    if (opening) fitReadable(blockOf(id), id); else fitVisible();
    var what = byId[id].full + ": " + (opening ? W.opened : W.closed) + " (" + countsOf(id) + ")";
    if (headings[id]) { announce(what); return; }
    select(id, false);  // announces the selection; the opening is said after it
    if (opening) fitReadable(blockOf(id), id); else fitVisible();
    announce(live.textContent + "; " + what);
  }

  // --- the selection: fade the rest, label its lines, show its details --------------------

  function fade(id) {
    var near = {};
    near[id] = true;
    neighbours[id].forEach(function (n) { near[n] = true; });
    var changes = [];
    data.nodes.forEach(function (node) {
      var opacity = near[node.id] ? 1 : FADED;
      if (node.opacity !== opacity) { node.opacity = opacity; changes.push({ id: node.id, opacity: opacity }); }
    });
    updateNodes(changes);
    var edgeChanges = [];
    data.edges.forEach(function (edge) {
      var mine = edge.from === id || edge.to === id;
      var opacity = mine ? 1 : FADED / 2;
      if (edge.opacity !== opacity) {
        edge.opacity = opacity;
        edgeChanges.push({ id: edge.id, color: { color: edge.color.color, opacity: opacity } });
      }
    });
    updateEdges(edgeChanges);
    relabel();  // the names of the selection and its neighbours, its relations
  }

  function unfade() {
    updateNodes(data.nodes.filter(function (n) { return n.opacity !== undefined && n.opacity !== 1; })
      .map(function (n) { n.opacity = 1; return { id: n.id, opacity: 1 }; }));
    updateEdges(data.edges.filter(function (e) { return e.opacity !== undefined && e.opacity !== 0.75; })
      .map(function (e) { e.opacity = 0.75; return { id: e.id, color: { color: e.color.color, opacity: 0.75 } }; }));
    relabel();
  }


  function linkItem(id, text) {
    var li = el("li");
    var button = el("button", "pz-link", text);
    button.type = "button";
    button.dataset.id = id;
    button.addEventListener("click", function () { select(id, true); });
    li.appendChild(button);
    return li;
  }

  function evidenceList(parent, items) {
    if (!items || !items.length) return;
    var list = el("ul", "pz-evidence");
    items.slice(0, MAX_EVIDENCE).forEach(function (item) {
      var li = el("li");
      if (item.quote) li.appendChild(el("q", "pz-quote", item.quote));
      if (item.judgement) {
        li.appendChild(el("span", "pz-judgement-label", W.judgement + ": "));
        li.appendChild(el("span", "pz-judgement", item.judgement));
      }
      // The reference sheet (design/reference/landscape-facts.md) is in English: said so.
      var english = /^landscape-facts\b/.test(item.locator || "");
      var locator = english ? (item.locator || "").replace(/^landscape-facts\s*/, "") : item.locator;
      var where = [item.title, locator].filter(Boolean).join(", ");
      if (where) li.appendChild(el("span", "pz-source", " — " + where));
      if (english) li.appendChild(el("span", "pz-english", " (" + W.english + ")"));
      // The footing of the item (pz:zekerheid): said when it is less than a quote.
      if (item.verification && FIRM.indexOf(item.verification) === -1) {
        li.appendChild(el("span", "pz-unverified", " (" + W.footing + ": " + item.verification + ")"));
      }
      list.appendChild(li);
    });
    parent.appendChild(list);
    if (items.length > MAX_EVIDENCE) {
      parent.appendChild(el("p", "pz-hint", say(W.moreEvidence, { n: items.length - MAX_EVIDENCE })));
    }
  }

  function fact(parent, heading, text) {
    if (!text) return;
    parent.appendChild(el("dt", null, heading));
    parent.appendChild(el("dd", null, text));
  }

  function closeButton() {
    var close = el("button", "pz-close", "×");
    close.type = "button";
    close.title = W.clear;
    close.setAttribute("aria-label", W.clear);
    close.addEventListener("click", clearSelection);
    return close;
  }

  function showNode(node) {
    details.textContent = "";
    details.appendChild(closeButton());
    details.appendChild(el("h2", "pz-details-title", node.full)).id = "pz-details-title";
    var dl = el("dl", "pz-facts");
    fact(dl, W.kind, kindName[node.kind] || node.kind);
    fact(dl, W.sectorLabel, node.sectors.join(", "));
    var nets = node.networks.filter(function (n) { return n !== node.id; })
      .map(nameFor);
    fact(dl, W.networksLabel, nets.join("; "));
    (node.info || []).forEach(function (pair) { fact(dl, pair[0], pair[1]); });
    details.appendChild(dl);
    // Connections grouped by relation: lid, stuurgroep, penvoerder, projecten, domeinen, ...
    var groups = {};
    edgesOf[node.id].forEach(function (edge) {
      var other = edge.from === node.id ? edge.to : edge.from;
      (groups[edge.group] = groups[edge.group] || []).push({ id: other, edge: edge });
    });
    Object.keys(data.groups).forEach(function (group) {
      if (!groups[group]) return;
      var box = el("section", "pz-group");
      box.dataset.group = group;
      box.appendChild(el("h3", null, data.groups[group] + " (" + groups[group].length + ")"));
      var list = el("ul", "pz-connections");
      groups[group].sort(function (a, b) { return byId[a.id].full.localeCompare(byId[b.id].full, "nl"); })
        .forEach(function (item) {
          var li = linkItem(item.id, byId[item.id].full);
          li.appendChild(el("span", "pz-rel", " " + item.edge.rel + (item.edge.judged ? " (" + item.edge.judged + ")" : "")));
          list.appendChild(li);
        });
      box.appendChild(list);
      details.appendChild(box);
    });
    var evidence = node.evidence || [];
    var linkEvidence = edgesOf[node.id].filter(function (e) { return e.relations.some(function (r) { return r.evidence.length; }); });
    details.appendChild(el("h3", null, W.evidence));
    if (!evidence.length && !linkEvidence.length) details.appendChild(el("p", "pz-hint", W.noEvidence));
    evidenceList(details, evidence);
    linkEvidence.slice(0, 12).forEach(function (edge) {
      var other = edge.from === node.id ? edge.to : edge.from;
      edge.relations.forEach(function (relation) {
        if (!relation.evidence.length) return;
        details.appendChild(el("p", "pz-relation", relation.label + " — " + byId[other].full));
        evidenceList(details, relation.evidence.slice(0, 2));
      });
    });
    details.hidden = false;
  }

  function showEdge(edge) {
    details.textContent = "";
    details.appendChild(closeButton());
    details.appendChild(el("h2", "pz-details-title", edge.rel)).id = "pz-details-title";
    var list = el("ul", "pz-connections");
    list.appendChild(linkItem(edge.from, byId[edge.from].full));
    list.appendChild(linkItem(edge.to, byId[edge.to].full));
    details.appendChild(list);
    if (edge.judged) details.appendChild(el("p", "pz-judged", say(W.judgedBecause, { why: edge.judged })));
    edge.relations.forEach(function (relation) {
      details.appendChild(el("p", "pz-relation", relation.label));
      var dl = el("dl", "pz-facts");
      relation.info.forEach(function (pair) { fact(dl, pair[0], pair[1]); });
      details.appendChild(dl);
      evidenceList(details, relation.evidence);
    });
    details.hidden = false;
  }

  function select(id, move) {
    if (!byId[id]) return;
    if (byId[id].hidden && data.overview) reveal(id);
    if (byId[id].hidden) { reset(true); }
    state.selected = id;
    network.selectNodes([id]);
    if (state.only || data.overview) applyFilters();
    fade(id);
    showNode(byId[id]);
    var near = [id].concat(neighbours[id].filter(function (n) { return !byId[n].hidden; }));
    if (data.overview) {
      showBlock(id);
    } else if (move) {  // the node and its neighbours in view, beside the details
      fitNodes(near);
    } else {
      keepClearOfDetails(id);
      // Neighbours under the details or off the map, or names that find no room: show the
      // selection and its neighbours beside the details.
      if (!allInView(near) || relabel()) fitNodes(near);
    }
    // Names or relations of the selection that still find no room: closer, up to 6x.
    for (var most = 2; !data.overview && relabel() && most <= 6; most += 1) fitNodes(near, most);
    history.replaceState(null, "", "#id=" + encodeURIComponent(id));
    var node = byId[id];
    announce(say(W.selected, { name: node.full, kind: kindName[node.kind] || node.kind, n: neighbours[id].length }));
  }

  function allInView(ids) {
    var free = container.clientWidth - (details.hidden ? 0 : details.offsetWidth + 16);
    var at = network.getPositions(ids);
    return ids.every(function (id) {
      if (!at[id]) return true;
      var p = network.canvasToDOM(at[id]);
      return p.x >= 0 && p.x <= free && p.y >= 0 && p.y <= container.clientHeight;
    });
  }

  function keepClearOfDetails(id) {
    var at = network.canvasToDOM(network.getPosition(id));
    var free = container.clientWidth - details.offsetWidth;
    if (at.x > free - 30) {
      var view = network.getViewPosition();
      var shift = (at.x - free / 2) / network.getScale();
      network.moveTo({ position: { x: view.x + shift, y: view.y }, animation: false });
    }
  }

  function clearSelection() {
    state.selected = null;
    network.unselectAll();
    unfade();
    details.hidden = true;
    details.textContent = "";
    if (state.only || data.overview) applyFilters();
    if (location.hash.indexOf("#id=") === 0) history.replaceState(null, "", location.pathname + location.search);
  }

  function reset(keepView) {
    state.filter = {};
    state.unchecked = {};
    Object.keys(selects).forEach(function (k) { selects[k].value = ""; });
    Array.prototype.forEach.call(document.querySelectorAll("#pz-legend input[type=checkbox]"),
      function (input) { input.checked = true; });
    state.only = false;
    onlyButton.setAttribute("aria-pressed", "false");
    applyFilters();
    if (keepView !== true) { fitOpening(); announce(shownText(data.nodes.length, data.nodes.length)); }
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      if (data.overview && (headings[id] || opens(id))) { toggle(id); return; }
      select(id, false);
    } else if (params.edges.length) {
      var edge = data.edges.filter(function (e) { return e.id === params.edges[0]; })[0];
      if (edge) showEdge(edge);
    } else {
      clearSelection();
    }
  });
  network.on("hoverEdge", function (params) { hoverEdge = params.edge; relabel(); });
  network.on("blurEdge", function () { hoverEdge = null; relabel(); });

  // --- search by name and other names, with the keyboard -----------------------------------

  var haystack = data.nodes.map(function (node) {
    return { node: node, names: [node.full].concat(node.alt || []).map(function (name) {
      return { name: name, folded: fold(name) };
    }) };
  });

  // Exact name or other name first, then by kind (network, consortium, organisation,
  // project, activity, ...), then by name: "Noordwest-Utrecht" + Enter is the network.
  var KIND_ORDER = ["netwerk", "consortium", "landelijk", "organisatie", "orgaan", "programma",
                    "project", "activiteit"];
  function kindRank(kind) { var i = KIND_ORDER.indexOf(kind); return i === -1 ? KIND_ORDER.length : i; }
  function search(query) {
    var q = fold(query).trim();
    if (!q) return [];
    var found = [];
    haystack.forEach(function (entry) {
      var hit = null, exact = false;
      entry.names.forEach(function (name, i) {
        if (name.folded.indexOf(q) === -1) return;
        var whole = name.folded === q || fold(entry.node.label) === q;
        if (!hit || (whole && !exact)) {
          hit = { id: entry.node.id, label: entry.node.full, kind: entry.node.kind,
                  via: i === 0 ? null : name.name };
          exact = whole;
        }
      });
      if (hit) { hit.exact = exact; found.push(hit); }
    });
    found.sort(function (a, b) {
      return (b.exact - a.exact) || kindRank(a.kind) - kindRank(b.kind) || a.label.localeCompare(b.label, "nl");
    });
    return found;
  }

  var results = document.getElementById("pz-results");
  var input = document.getElementById("pz-search");
  document.querySelector(".pz-search-label").textContent = W.search;
  input.placeholder = W.searchHint;

  function resultItems() { return Array.prototype.slice.call(results.querySelectorAll("li[data-id]")); }

  function showResults() {
    results.textContent = "";
    var found = search(input.value);
    found.slice(0, MAX_RESULTS).forEach(function (hit, i) {
      var li = el("li", "pz-result");
      li.id = "pz-result-" + i;
      li.dataset.id = hit.id;
      li.setAttribute("role", "option");
      li.tabIndex = -1;
      li.appendChild(el("span", "pz-result-name", hit.label));
      li.appendChild(el("span", "pz-result-kind", " · " + (kindName[hit.kind] || hit.kind)));
      if (hit.via) li.appendChild(el("span", "pz-result-via", " (" + say(W.alsoKnownAs, { name: hit.via }) + ")"));
      li.addEventListener("click", function () { choose(hit.id); });
      results.appendChild(li);
    });
    if (found.length > MAX_RESULTS) results.appendChild(el("li", "pz-more", say(W.andMore, { n: found.length - MAX_RESULTS })));
    if (input.value.trim() && !found.length) results.appendChild(el("li", "pz-more", W.nothingFound));
    input.setAttribute("aria-expanded", found.length ? "true" : "false");
    if (input.value.trim()) announce(found.length ? say(W.found, { n: found.length }) : W.nothingFound);
  }

  function closeResults() {
    results.textContent = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  // A result chosen: the list closes and the focus goes to the details of what was chosen.
  function choose(id) {
    closeResults();
    select(id, true);
    var heading = document.getElementById("pz-details-title");
    if (heading) { heading.tabIndex = -1; heading.focus(); }
  }

  function moveInResults(from, step) {
    var items = resultItems();
    if (!items.length) return;
    var at = items.indexOf(from);
    var next = at === -1 ? (step > 0 ? 0 : items.length - 1) : at + step;
    if (next < 0) { input.focus(); return; }
    items[Math.min(next, items.length - 1)].focus();
  }

  input.addEventListener("input", showResults);
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); moveInResults(null, 1); }
    else if (event.key === "Enter") {
      var found = search(input.value);
      if (found.length) choose(found[0].id);
    } else if (event.key === "Escape") { input.value = ""; closeResults(); }
  });
  results.addEventListener("keydown", function (event) {
    var item = event.target.closest("li[data-id]");
    if (!item) return;
    if (event.key === "ArrowDown") { event.preventDefault(); moveInResults(item, 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); moveInResults(item, -1); }
    else if (event.key === "Enter" || event.key === " ") { event.preventDefault(); choose(item.dataset.id); }
    else if (event.key === "Escape") { event.preventDefault(); closeResults(); input.focus(); }
  });
  results.addEventListener("focusin", function (event) {
    var item = event.target.closest("li[data-id]");
    if (item) input.setAttribute("aria-activedescendant", item.id);
  });

  // --- keys on the page and on the map --------------------------------------------------------

  var order = data.nodes.slice().sort(function (a, b) { return b.font.size - a.font.size || a.full.localeCompare(b.full, "nl"); });
  container.addEventListener("keydown", function (event) {
    var arrows = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    if (!(event.key in arrows)) return;
    event.preventDefault();
    var visible = function (id) { return !byId[id].hidden; };
    if (!state.selected) {
      var first = order.filter(function (n) { return !n.hidden; })[0];
      if (first) select(first.id, true);
      return;
    }
    // Walk along the neighbours of the node selected first; Escape goes back to none.
    var anchor = state.anchor && neighbours[state.anchor].indexOf(state.selected) !== -1 ? state.anchor : state.selected;
    var ring = neighbours[anchor].filter(visible);
    if (!ring.length) return;
    var at = ring.indexOf(state.selected);
    var next = ring[(at + arrows[event.key] + ring.length) % ring.length];
    state.anchor = anchor;
    select(next, false);
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
    if (event.key === "Escape" && !typing) { clearSelection(); state.anchor = null; return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "+" || event.key === "=") zoom(1.4);
    else if (event.key === "-" || event.key === "_") zoom(1 / 1.4);
    else if (event.key === "0") fitVisible();
    else if (event.key === "r" || event.key === "R") reset();
  });

  // --- the text version: the same content as a table, built when opened --------------------

  var text = document.getElementById("pz-text");
  text.querySelector("summary").textContent = W.textVersion;
  function tableOf(list, interactive) {
    var table = el("table", "pz-table");
    var head = el("tr");
    [W.name, W.kind, W.networksLabel, W.connections].forEach(function (h) {
      var th = el("th", null, h);
      th.scope = "col";
      head.appendChild(th);
    });
    table.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    var inList = {};
    list.forEach(function (node) { inList[node.id] = true; });
    list.slice().sort(function (a, b) { return a.full.localeCompare(b.full, "nl"); }).forEach(function (node) {
      var tr = el("tr");
      var th = el("th");
      th.scope = "row";
      if (interactive) {
        var button = el("button", "pz-link", node.full);
        button.type = "button";
        button.addEventListener("click", function () { select(node.id, true); });
        th.appendChild(button);
      } else {
        th.textContent = node.full;
      }
      tr.appendChild(th);
      tr.appendChild(el("td", null, kindName[node.kind] || node.kind));
      tr.appendChild(el("td", null, node.networks.map(nameFor).join("; ")));
      tr.appendChild(el("td", null, edgesOf[node.id].filter(function (e) {
        return inList[e.from] && inList[e.to];
      }).map(function (e) {
        return e.rel + ": " + byId[e.from === node.id ? e.to : e.from].full;
      }).join("; ")));
      body.appendChild(tr);
    });
    table.appendChild(body);
    return table;
  }

  text.addEventListener("toggle", function () {
    var box = text.querySelector("div");
    if (!text.open || box.firstChild) return;
    box.appendChild(tableOf(data.nodes, true));
  });

  // On paper: the title, the legend and, as a table, what the map shows now (the selection
  // and its neighbours, or what the filters leave), rebuilt just before printing.
  var printBox = document.getElementById("pz-print");
  function printTable() {
    printBox.textContent = "";
    var list = data.nodes.filter(function (n) { return !n.hidden; });
    var what = shownText(list.length, data.nodes.length);
    if (state.selected) {
      var near = {};
      near[state.selected] = true;
      neighbours[state.selected].forEach(function (n) { near[n] = true; });
      list = list.filter(function (n) { return near[n.id]; });
      what = say(W.printSelection, { name: byId[state.selected].full, n: list.length - 1 });
    }
    printBox.appendChild(el("h2", null, W.textVersion));
    printBox.appendChild(el("p", null, what));
    printBox.appendChild(tableOf(list, false));
  }
  window.addEventListener("beforeprint", printTable);
  if (window.matchMedia) {
    var printing = window.matchMedia("print");
    if (printing.addEventListener) printing.addEventListener("change", function (e) { if (e.matches) printTable(); });
  }

  // --- open: a link #id=… selects, #netwerk=… filters ---------------------------------------

  // A link names a node or a network by its id or its short id, as the command line does:
  // #id=organisatie/zorgspectrum or #id=zorgspectrum, #netwerk=noordwest-utrecht.
  function resolve(given, kind) {
    if (byId[given]) return given;
    var matches = data.nodes.filter(function (n) {
      return (!kind || n.kind === kind) && n.id.slice(n.id.indexOf("/") + 1) === given;
    });
    return matches.length === 1 ? matches[0].id : null;
  }

  function fromHash() {
    var hash = decodeURIComponent(location.hash.slice(1));
    var id;
    if (hash.indexOf("id=") === 0 && (id = resolve(hash.slice(3)))) select(id, true);
    else if (hash.indexOf("netwerk=") === 0 && selects.networks) {
      var given = hash.slice(8);
      id = Array.prototype.map.call(selects.networks.options, function (o) { return o.value; })
        .filter(function (v) { return v && (v === given || shortId(v) === given); })[0];
      if (id || !hash.slice(8)) setFilter("networks", id || "");
    }
  }
  window.addEventListener("hashchange", fromHash);
  if (data.coverage) showGaps();
  fitOpening();

  window.pzMap = { printTable: printTable, network: network, nodes: nodes, edges: edges, search: search, select: select,
                   focus: function (id) { select(id, true); }, setFilter: setFilter, reset: reset,
                   clear: clearSelection, data: data, ready: false };
  network.once("afterDrawing", function () {
    fromHash();
    window.pzMap.ready = true;
    window.pzMap.readyAt = performance.now();
    document.body.dataset.ready = "true";
  });
})();
