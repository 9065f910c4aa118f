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

  // What the page data leaves out (render.py, _slim), put back: empty lists, a label equal
  // to the full name, the overview's font, place and group, a line's colour, and each
  // evidence item's source title (named by its place in data.sources).
  function items(list) {
    (list || []).forEach(function (item) {
      if (item.src !== undefined) { item.title = data.sources[item.src]; delete item.src; }
    });
    return list || [];
  }
  data.nodes.forEach(function (node) {
    if (node.label === undefined) node.label = node.full;
    if (!node.font) node.font = { size: 12 };
    if (node.x === undefined) { node.x = 0; node.y = 0; }
    if (data.overview) node.group = node.kind;
    ["alt", "info", "networks", "roles", "sectors", "concepts"].forEach(function (key) {
      if (!node[key]) node[key] = [];
    });
    node.evidence = items(node.evidence);
  });
  data.edges.forEach(function (edge) {
    if (!edge.roles) edge.roles = [];
    if (!edge.color) edge.color = { color: data.colours[edge.group], opacity: 0.75 };
    edge.relations.forEach(function (relation) {
      if (!relation.info) relation.info = [];
      relation.evidence = items(relation.evidence);
    });
  });

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
      if (label !== undefined) edge.shownLabel = label.trim();
      if (!edge.hidden) { givenEdges[edge.id] = true; added.push(lineOf(edge)); }
    });
    if (added.length) edges.add(added);
    if (updated.length) edges.update(updated);
  }
  var container = document.getElementById("pz-network");
  // A name keeps its width when selected or under the pointer (vis-network would draw it
  // bold): the room relabel() measured for it, and in the overview's list its indent (a
  // bold box grows to both sides). The selection is marked by its border and the fading.
  data.options.nodes.labelHighlightBold = false;
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

  // On a narrow screen (800 px, or 200 % zoom) the panel folds away behind this button (map.css).
  var menu = el("button", null, "☰ " + W.menu);
  menu.id = "pz-menu";
  menu.type = "button";
  menu.title = W.menuLabel;
  menu.setAttribute("aria-label", W.menuLabel);
  menu.setAttribute("aria-controls", "pz-panel");
  menu.setAttribute("aria-expanded", "false");
  function showPanel(open) {
    document.body.classList.toggle("pz-panel-open", open);
    menu.setAttribute("aria-expanded", open ? "true" : "false");
  }
  menu.addEventListener("click", function () {
    var open = !document.body.classList.contains("pz-panel-open");
    showPanel(open);
    if (open) document.getElementById("pz-search").focus();
  });
  document.getElementById("pz-main").appendChild(menu);

  // The map is some 25 Tab stops down the panel: a link at its top goes there (shown when
  // it has the focus).
  var skip = el("a", "pz-skip", W.toMap);
  skip.href = "#pz-network";
  skip.addEventListener("click", function (event) { event.preventDefault(); container.focus(); });
  document.getElementById("pz-panel").prepend(skip);

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
    readableConcepts();
    var first = (data.first || []).filter(function (id) { return !byId[id].hidden; });
    if (first.length && network.getScale() * 12 < 9.2) fitNodes(first, 1);
    if (first.length && network.getScale() * 12 < 9.2) readableTop(first);
    sayOffView();
  }

  // An opening that leaves part of the map out of view (a national network's projects to the
  // right of its 90 members; the recommendations on a phone) says so over the map, by kind,
  // with a button that shows them. Gone at the next fit, zoom or drag.
  var offView = el("div", "pz-offview");
  offView.setAttribute("role", "status");
  offView.hidden = true;
  document.getElementById("pz-main").appendChild(offView);
  function sayOffView() {
    offView.hidden = true;
    if (data.overview) return;  // (the overview lists its rows in view: "▸" opens the rest)
    var ids = data.nodes.filter(function (n) { return !n.hidden; }).map(function (n) { return n.id; });
    var at = network.getPositions(ids), top = menu.offsetParent ? menu.offsetHeight + 8 : 0;
    var out = ids.filter(function (id) {
      var q = at[id] && network.canvasToDOM(at[id]);
      return q && (q.x < 0 || q.x > freeWidth() || q.y < top || q.y > freeHeight());
    });
    if (!out.length) return;
    var counts = {}, kinds = [];
    out.forEach(function (id) {
      var kind = byId[id].kind;
      if (!counts[kind]) { counts[kind] = 0; kinds.push(kind); }
      counts[kind] += 1;
    });
    offView.textContent = say(W.offView, { what: kinds.map(function (k) {
      return (kindName[k] || k) + " (" + counts[k] + ")"; }).join(", ") }) + " ";
    var show = el("button", "pz-link", W.showThem);
    show.type = "button";
    show.addEventListener("click", function () { fitNodes(out); });
    offView.appendChild(show);
    offView.hidden = false;
  }

  // The coverage map on a small screen (a phone): where the concepts' names (10.5 px or more
  // whatever the zoom) would lie over each other, as close as they lie apart, its top left
  // (the first domains) in view; the rest by panning, search or a filter.
  function conceptBoxes(scale) {
    var ids = drawables.filter(function (n) { return !n.hidden && CONCEPT_KINDS[n.kind]; }).map(function (n) { return n.id; });
    var at = network.getPositions(ids);
    return ids.filter(function (id) { return at[id]; }).map(function (id) {
      var node = byId[id], size = Math.max(10.5 / scale, Math.min(node.baseFont, 18 / scale));
      var most = node.widthConstraint ? size * 11 : 1e9, wide = textWidth(node.label, size);
      var w = Math.min(wide, most) / 2 + 6, h = size * Math.ceil(wide / most) / 2 + 6;
      return { x0: at[id].x - w, y0: at[id].y - h, x1: at[id].x + w, y1: at[id].y + h };
    });
  }
  function conceptsOverlap(scale) {
    var boxes = conceptBoxes(scale);
    return boxes.some(function (box, i) { return overlapsAny(box, boxes.slice(i + 1)); });
  }
  function readableConcepts() {
    if (!data.coverage) return;
    var scale = network.getScale(), start = scale;
    while (conceptsOverlap(scale) && scale < 1.5) scale *= 1.12;
    if (scale === start) return;
    var boxes = conceptBoxes(scale), x0 = Infinity, y0 = Infinity;
    boxes.forEach(function (box) { x0 = Math.min(x0, box.x0); y0 = Math.min(y0, box.y0); });
    var top = (menu.offsetParent ? menu.offsetHeight + 8 : 0) + 14;
    network.moveTo({ position: { x: x0 + (container.clientWidth / 2 - 14) / scale,
                                 y: y0 + (container.clientHeight / 2 - top) / scale },
                     scale: scale, animation: false });
    relabel();
  }

  // A small screen (800x600, 200 % zoom) where even that list is unreadable: its top at a
  // readable size (names in boxes at 9.6 px), the rest by panning or search.
  function readableTop(ids) {
    var at = network.getPositions(ids), top = Infinity, x0 = Infinity, x1 = -Infinity, scale = 0.8;
    ids.forEach(function (id) { if (at[id]) { top = Math.min(top, at[id].y); x0 = Math.min(x0, at[id].x); x1 = Math.max(x1, at[id].x); } });
    var margin = (document.getElementById("pz-menu").offsetHeight || 0) + 24;
    network.moveTo({ position: { x: (x0 + x1) / 2, y: top - margin / scale + container.clientHeight / 2 / scale },
                     scale: scale, animation: false });
    relabel();
  }

  // Fit these nodes, their names included, into the part of the map the details leave
  // free, not closer than 1.5. Computed from the positions, not from what vis-network last
  // drew: nodes just shown by a filter have no drawn size yet.
  // How much of the map the details cover: its right edge, or on a phone (where they take
  // the whole width, map.css) its lower part.
  function coveredRight() {
    return details.hidden || details.offsetLeft <= 16 ? 0 : details.offsetWidth + 16;
  }
  function coveredBelow() {
    return details.hidden || details.offsetLeft > 16 ? 0 : container.clientHeight - details.offsetTop + 8;
  }

  function fitNodes(ids, most) {
    if (!ids.length) return;
    offView.hidden = true;
    var at = network.getPositions(ids);
    var pad = 14;
    var covered = coveredRight(), under = coveredBelow();
    var width = Math.max(50, container.clientWidth - covered - 2 * pad);
    // (On a narrow screen the menu button sits over the map's top.)
    var top = menu.offsetParent ? menu.offsetHeight + 8 : 0;
    var height = Math.max(50, container.clientHeight - top - under - 2 * pad);
    // The names of networks, consortia and national bodies keep 10.5-18 px on screen
    // whatever the zoom, so their room on the map depends on the scale: a few rounds.
    var scale = 1, x0, y0, x1, y1;
    for (var round = 0; round < 4; round++) {
      x0 = Infinity; y0 = Infinity; x1 = -Infinity; y1 = -Infinity;
      ids.forEach(function (id) {
        var p = at[id], node = byId[id];
        if (!p) return;
        var r = node.size || 12, half, below;
        if (node.shape === "box") {  // a concept's name: 10.5-18 px on screen (relabel)
          var size = node.baseFont >= 20 ? Math.max(10.5 / scale, Math.min(node.baseFont, 18 / scale)) : node.font.size;
          var wide = textWidth(node.label, size);
          half = (node.baseFont >= 20 && node.widthConstraint ? Math.min(wide, size * 11) : wide) / 2 + 8;
          below = size;
          r = size;
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
    network.moveTo({ position: { x: (x0 + x1) / 2 + covered / 2 / scale, y: (y0 + y1) / 2 + (under - top) / 2 / scale },
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
  var MIN_PX = 9.5, PAD = 2, shortSelection = false;
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

  // The projects and activities of the coverage map are what it is about: each one in view
  // is named at a readable size, shortened ("Deelname hospices…") where the whole name
  // finds no room (the tooltip, the details and the text version have it whole).
  var SHORT_PX = [105, 70, 45];  // px on screen: a column of work is ~115 px wide
  function mustName(node) { return Boolean(data.coverage && WORK_KINDS[node.kind]); }
  function inView(p) {
    if (!p) return false;
    var q = network.canvasToDOM(p);
    return q.x >= -40 && q.x <= container.clientWidth + 40 && q.y >= -20 && q.y <= container.clientHeight + 20;
  }
  var shortened = {};
  function shorten(text, size, most) {
    var key = size + "|" + most + "|" + text;
    if (key in shortened) return shortened[key];
    var cut = text.length;
    while (cut > 4 && textWidth(text.slice(0, cut).trim() + "…", size) > most) cut -= 1;
    if (cut === text.length) return (shortened[key] = text);
    var space = text.lastIndexOf(" ", cut);  // at a word's end, when that keeps most of it
    if (space > cut * 0.6) cut = space;
    return (shortened[key] = text.slice(0, cut).replace(/[\s,:;.–-]+$/, "") + "…");
  }

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
      var size = node.baseFont, named = mustName(node);
      if (near[node.id] || importance(node) >= 2 || named) {
        size = Math.max(size, MIN_PX / scale);
        if (importance(node) >= 2) size = Math.min(Math.max(size, 10.5 / scale), 18 / scale);
      }
      size = Math.round(size * 10) / 10;
      var text = nameOf(node), drawn = "";
      // The selection's neighbours, where the whole name finds no room: its beginning
      // (the details and the tooltip have it whole).
      // (The selection's own, when its whole name would cost its neighbours their place in
      // view: nameSelection.)
      var cut = near[node.id] === 1 || (near[node.id] === 2 && shortSelection);
      var tries = cut && text.length > 20 ? [text, text.slice(0, 17).trim() + "…"] : [text];
      // The work of the coverage map in view: its name, or as much of it as finds room.
      if (named && (cut || !near[node.id]) && inView(at[node.id])) {
        var shorter = SHORT_PX.map(function (px) { return shorten(text, size, px / scale); });
        tries = near[node.id] ? [text].concat(shorter) : shorter;
      }
      // Below its symbol; the work of the coverage map, where a concept's box leaves no room
      // below, above it (vis-network: font.vadjust).
      var r = node.size || 12, shifts = named ? [0, -(2 * r + 8 + 1.65 * size)] : [0], lift = 0;
      for (var t = 0; size * scale >= 9 && !drawn && t < tries.length; t++) {
        for (var u = 0; !drawn && u < shifts.length; u++) {
          var p = at[node.id], w = textWidth(tries[t], size) / 2;
          var top = p.y + r + size / 2 + 4 + shifts[u];
          var a = screen(p.x - w, top), b = screen(p.x + w, top + size * 1.15);
          var box = { x0: a.x - PAD, y0: a.y - PAD, x1: b.x + PAD, y1: b.y + PAD };
          if (!overlapsAny(box, placed)) { placed.push(box); drawn = tries[t]; lift = shifts[u]; }
        }
      }
      if (!drawn && near[node.id]) unnamed += 1;
      if (node.shown !== drawn || node.font.size !== size || (node.font.vadjust || 0) !== lift) {
        node.shown = drawn;
        node.font = { size: size, vadjust: lift };
        changes.push({ id: node.id, label: drawn, font: { size: size, vadjust: lift } });
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
  var LABEL_GROUND = data.options.edges.font.background;
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
        // (vis-network keeps a line's old label when given "": a blank one, without its
        // white ground, takes it away.)
        edgeChanges.push({ id: edge.id, label: drawn || " ",
                           font: { size: size, background: drawn ? LABEL_GROUND : "rgba(0,0,0,0)" } });
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
  var kindsLegend = kindBox.appendChild(el("legend", null, W.kinds));
  kindsLegend.appendChild(el("span", "pz-screen-only", W.kindsHint));  // (nothing to untick on paper)
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
    if ((key === "domains" || key === "recommendations") && value && data.overview) openMatching();
    if (key === "networks") networkChosen(value);
    else writeHash();
    applyFilters();
    fitVisible();
    readableConcepts();
    var shown = data.nodes.filter(function (n) { return !n.hidden; }).length;
    var what = Object.keys(state.filter).filter(function (k) { return state.filter[k]; })
      .map(function (k) { return nameFor(state.filter[k]); }).join(", ");
    announce(what ? say(W.filtered, { what: what, shown: shown }) : shownText(shown, data.nodes.length));
  }

  // The address and the way back to the report follow the chosen network: a link copied
  // now opens on it, and "Naar het rapport" goes to its section.
  function shortId(id) { return id.slice(id.indexOf("/") + 1); }
  function networkChosen(value) {
    writeHash();
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
        // Kept beside them: the actors of the work on it (not other concepts, and not the
        // neighbours of an actor: a network's members do not work on it through it).
        keep[node.id] = !CONCEPT_KINDS[node.kind] && neighbours[node.id].some(function (n) {
          return direct[n] && WORK_KINDS[byId[n].kind];
        });
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

  var filterKeep = null;  // what the filters keep (null: no filter), for the details
  function applyFilters() {
    var keep = kept();
    filterKeep = anyFilter() ? keep : null;
    var nodeChanges = [];
    // The overview lists what is kept and opened (or, under a filter, all that is kept).
    if (data.overview) keep = listOutline(keep, nodeChanges);
    if (data.coverage) spreadWork(keep, nodeChanges);
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
                           listedBeside(edge.from, edge.to) || listedBeside(edge.to, edge.from)));
      if (Boolean(edge.hidden) !== hide) {
        edge.hidden = hide;
        edgeChanges.push({ id: edge.id, hidden: hide });
      }
    });
    updateNodes(nodeChanges);
    updateEdges(edgeChanges);
    sayWhenEmpty();
    if (text && text.open) showText();
    if (data.coverage) showGaps();
    if (state.selected && byId[state.selected].hidden) clearSelection();
    else if (state.selected) fade(state.selected);
    else relabel();
  }

  // A filter that leaves nothing: said over the empty map, and why where the map knows it
  // (a frame that does not apply to the chosen network; no work of it on the topic).
  var empty = el("div", "pz-empty");
  empty.setAttribute("role", "status");
  empty.hidden = true;
  document.getElementById("pz-main").appendChild(empty);
  function sayWhenEmpty() {
    var nothing = !data.nodes.some(function (n) { return !n.hidden; });
    empty.hidden = !nothing;
    if (!nothing) return;
    var who = state.filter.networks ? nameFor(state.filter.networks) : null;
    var topic = state.filter.recommendations || state.filter.domains;
    var frame = topic && byId[topic] && byId[topic].reach;
    var text = W.emptyNothing;
    if (topic && who && frame && frame.indexOf(state.filter.networks) === -1) {
      text = say(W.emptyNotApplicable, { topic: nameFor(topic), who: who });
    } else if (topic) {
      text = say(W.emptyTopic, { topic: nameFor(topic), who: who || W.allNetworks });
    }
    empty.textContent = text;
    if (data.report) {
      var link = el("a", null, W.report);
      link.href = report.firstChild.href;
      empty.appendChild(document.createTextNode(" "));
      empty.appendChild(link);
    }
  }

  // --- coverage: what the shown work does not cover, the same rule as the report -------------

  // The work's places (layout.py): in columns, each at the mean height of its concepts,
  // spread so that none lies on another. At national scale two thousand share five columns
  // (a few px apart); a filter keeps a few dozen, spread again over the same columns by the
  // same rule, so that each has room for its name. Without a filter, the places written.
  var workColumns = [], conceptBottom = 0;
  if (data.coverage) {
    data.nodes.forEach(function (node) {
      if (WORK_KINDS[node.kind]) { node.placed = { x: node.x, y: node.y }; if (!has(workColumns, node.x)) workColumns.push(node.x); }
      else if (CONCEPT_KINDS[node.kind]) conceptBottom = Math.max(conceptBottom, node.y);
    });
    workColumns.sort(function (a, b) { return a - b; });
  }
  function spreadWork(keep, nodeChanges) {
    var work = data.nodes.filter(function (node) { return WORK_KINDS[node.kind] && keep[node.id]; });
    var at = {};
    if (filterKeep && workColumns.length) {
      var height = {};
      work.forEach(function (node) {
        var ys = neighbours[node.id].filter(function (n) { return CONCEPT_KINDS[byId[n].kind]; })
          .map(function (n) { return byId[n].y; });
        height[node.id] = ys.length ? ys.reduce(function (a, b) { return a + b; }, 0) / ys.length : conceptBottom / 2;
      });
      work.sort(function (a, b) { return height[a.id] - height[b.id] || (a.id < b.id ? -1 : 1); });
      var per = workColumns.length, rows = Math.max(1, Math.ceil(work.length / per));
      var step = Math.max(conceptBottom, 72) / rows;
      work.forEach(function (node, i) {
        var row = Math.floor(i / per), column = i % per;
        at[node.id] = { x: workColumns[column], y: Math.round(row * step + (column % 2) * step / 2) };
      });
    } else {
      work.forEach(function (node) { at[node.id] = node.placed; });
    }
    work.forEach(function (node) {
      var p = at[node.id];
      if (node.x !== p.x || node.y !== p.y) { node.x = p.x; node.y = p.y; nodeChanges.push({ id: node.id, x: p.x, y: p.y }); }
    });
  }

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
  // A hub's projects and activities are listed apart, under a row of their own
  // ("▸ Projecten en activiteiten · 12", id "groep:werk:" + hub) that opens on a click.
  var workOf = {}, workHead = {}, WORK_HEAD = "groep:werk:";
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
      var work = WORK_KINDS[node.kind];
      (node.home || []).forEach(function (home) {
        var into = work && !headings[home] ? workOf : membersOf;
        (into[home] = into[home] || []).push(node.id);
      });
    });
    Object.keys(workOf).forEach(function (hub) {
      workOf[hub].sort(function (a, b) { return byId[a].sortKey < byId[b].sortKey ? -1 : byId[a].sortKey > byId[b].sortKey ? 1 : 0; });
      workHead[WORK_HEAD + hub] = hub;
    });
    Object.keys(membersOf).forEach(function (home) {
      membersOf[home].sort(function (a, b) { return byId[a].sortKey < byId[b].sortKey ? -1 : byId[a].sortKey > byId[b].sortKey ? 1 : 0; });
    });
    // The headings are boxes of their own, known to the page (never searched or tabled).
    Object.keys(workHead).forEach(function (id) { headings[id] = W.workGroup; });
    Object.keys(headings).forEach(makeHeading);
    nodes.add(Object.keys(headings).map(function (id) { given[id] = true; return byId[id]; }));
    var note = el("p", "pz-hint pz-overview", W.clusterInfo);
    document.getElementById("pz-subtitle").after(note);
  }

  function makeHeading(id) {
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
  }

  // A selected hub's connections listed elsewhere in the outline (a network's programmes,
  // its funder: columns away, under the details) are listed under it too, as copies under
  // "Ook verbonden met", so the map shows them beside it; a hub with more than a handful
  // (a national body funding every network) leaves them to its lines and the details.
  var LINKED_HEAD = "groep:verbonden:", LINKED_MOST = 8, linkedOf = {};
  function linkedRows(hub, keep) {
    var own = {};  // (its consortium too: above it, but maybe a column away)
    [membersOf[hub], workOf[hub], childrenOf[hub]].forEach(function (list) {
      (list || []).forEach(function (m) { own[m] = true; });
    });
    var found = neighbours[hub].filter(function (n) { return keep[n] && !own[n] && !headings[n]; });
    if (!found.length || found.length > LINKED_MOST) return [];
    var head = LINKED_HEAD + hub;
    if (!byId[head]) {
      headings[head] = W.linkedGroup;
      makeHeading(head);
      given[head] = true;
      nodes.add([byId[head]]);
    }
    linkedOf[head] = found.sort(function (a, b) { return byId[a].sortKey < byId[b].sortKey ? -1 : 1; });
    return found;
  }

  function opens(id) {  // a click opens or closes it: it has something to list under it
    return Boolean(headings[id] || (childrenOf[id] || []).length || (membersOf[id] || []).length ||
                   (workOf[id] || []).length);
  }

  // What is listed under a hub, its work apart (under a filter: what the filter keeps).
  function keptOf(list) { return (list || []).filter(function (m) { return !lastKeep || lastKeep[m]; }); }
  function countsOf(id) {
    var parts = [], networks = keptOf(childrenOf[id]).length, members = keptOf(membersOf[id]).length;
    if (workHead[id]) return String(keptOf(workOf[workHead[id]]).length);
    if (linkedOf[id]) return String(linkedOf[id].length);
    if (headings[id]) return String(networks + members);
    if (networks) parts.push(say(networks === 1 ? W.networksOne : W.networksMany, { n: networks }));
    if (members) parts.push(say(members === 1 ? W.gatheredOne : W.gathered, { n: members }));
    var work = keptOf(workOf[id]).length;
    if (!parts.length && work) parts.push(work === 1 ? W.workOne : say(W.workMany, { n: work }));
    return parts.join(", ");
  }

  function labelOf(id, open) {
    var node = byId[id];
    if (!opens(id)) return node.text;
    return (open ? "▾ " : "▸ ") + node.text + " · " + countsOf(id);
  }

  // The rows of the outline: [id, depth], what is kept (filters) and opened. A filter lists
  // only what it keeps, and a hub counts only that; "neighbours only" (a handful) lists
  // everything kept, opened or not.
  var lastKeep = null, focused = null;
  // The hub whose connections are listed under it: the selected hub, kept while the
  // selection is in its list (a click on a member leaves the list where it is).
  function focusHub() {
    var sel = state.selected;
    if (!sel) return null;
    if (state.open[sel] && opens(sel) && !headings[sel]) return sel;
    var under = listedUnder[sel];
    return focused && (under === focused || workHead[under] === focused || has(echoesUnder[sel], focused)) ? focused : null;
  }
  function outlineRows(keep) {
    var every = state.only;
    focused = focusHub();
    lastKeep = every || anyFilter() ? keep : null;
    var rows = [], listed = {};
    listedUnder = {};
    echoesUnder = {};
    function add(id, depth, under) { rows.push([id, depth]); listed[id] = true; if (under) listedUnder[id] = under; }
    // Listed under a hub: the node itself, or its copy where it is listed already.
    function addOnce(id, depth, under, hub) {
      if (!listed[id]) { add(id, depth, under); return; }
      var copy = copyOf(id, hub);
      if (listed[copy]) return;
      add(copy, depth, under);
      (echoesUnder[id] = echoesUnder[id] || []).push(hub);
    }
    function addMembers(hub, depth) {
      if (!every && !state.open[hub]) return;
      if (hub === focused && data.overview) {
        var linked = linkedRows(hub, keep), linkedHead = LINKED_HEAD + hub;
        if (linked.length) {
          add(linkedHead, depth, hub);
          if (state.open[linkedHead]) linked.forEach(function (n) {  // a copy: it keeps its own place
            var copy = copyOf(n, hub);
            byId[copy].home = [];  // beside the hub, not one of its members
            add(copy, depth + 1, hub);
            (echoesUnder[n] = echoesUnder[n] || []).push(hub);
          });
        }
      }
      (membersOf[hub] || []).forEach(function (m) { if (keep[m]) addOnce(m, depth, hub, hub); });
      var work = (workOf[hub] || []).filter(function (w) { return keep[w]; });
      var head = WORK_HEAD + hub;
      // A consortium opened with the page lists its networks; its work once it is clicked.
      if (!work.length || (childrenOf[hub] && !every && !clicked[hub] && !state.open[head])) return;
      add(head, depth, hub);
      if (every || state.open[head]) work.forEach(function (w) { addOnce(w, depth + 1, head, hub); });
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
    var free = container.clientWidth - coveredRight() - 28;
    var high = container.clientHeight - coveredBelow() - 28;
    var widths = rows.map(function (row) { return row[1] * INDENT + textWidth(labelOf(row[0], open[row[0]]), 12) + 14; });
    // Columns of at most `per` rows; a heading never ends a column (it goes to the next), and
    // an opened hub that is selected starts one (its list below it, not split at its top).
    var opened = focused;
    function columns(per) {
      var starts = [0], used = 0;
      for (var k = 0; k < rows.length; k++) {
        var last = used === per - 1 && rows[k][1] < (rows[k + 1] || [0, -1])[1];
        if (used === per || ((last || rows[k][0] === opened) && used > 0)) { starts.push(k); used = 0; }
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

  // Listed under that hub, itself or its copy (the list says the tie; no line is drawn for it).
  function listedBeside(a, hub) {
    return listedUnder[a] === hub || workHead[listedUnder[a]] === hub || has(echoesUnder[a], hub);
  }

  // A member or a project of two hubs (a project run by two networks) is listed under each:
  // under the first as itself, under the others as a copy, a box of its own (a node has one
  // place on the map) that stands for it: a click on the copy selects it, and the copy stays
  // in full colour with it while the rest fades. Made when first listed.
  var COPY = "kopie:", copies = {}, echoesUnder = {};
  function copyOf(id, hub) {
    var key = COPY + hub + "|" + id;
    if (!byId[key]) {
      var node = byId[id];
      var copy = { id: key, kind: node.kind, group: node.kind, shape: "box", full: node.full, text: node.text,
                   label: node.text, shown: node.text, title: node.title, home: [hub], font: { size: 12 },
                   baseFont: 12, hidden: true, x: 0, y: 0 };
      byId[key] = copy;
      neighbours[key] = [];
      edgesOf[key] = [];
      drawables.push(copy);
      copies[key] = id;
    }
    return key;
  }

  function openNow(id, listed) {  // something listed under it
    if (state.open[id]) return true;
    return (childrenOf[id] || []).some(function (c) { return listed[c] && listedUnder[c] === id; }) ||
      (membersOf[id] || []).some(function (m) { return listed[m] && listedUnder[m] === id; }) ||
      (workOf[workHead[id]] || []).some(function (w) { return listed[w] && listedUnder[w] === id; });
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
    Object.keys(copies).forEach(function (id) {
      var hide = !found.listed[id];
      if (Boolean(byId[id].hidden) !== hide) { byId[id].hidden = hide; nodeChanges.push({ id: id, hidden: hide }); }
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
    // (the work without a network last: it opens below if there is room)
    outline.groups.forEach(function (group) { if (group.id !== "groep:werk") state.open[group.id] = true; });
    if (fits()) return;
    // The consortia with their networks first: the headings (national bodies, programmes,
    // work without a network) close before them.
    outline.groups.forEach(function (group) { if (headings[group.id]) delete state.open[group.id]; });
    if (!fits()) {
      outline.groups.forEach(function (group) {
        if (group.children.length + (membersOf[group.id] || []).length > 3) delete state.open[group.id];
      });
      if (!fits()) state.open = {};
    }
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
      if (workHead[WORK_HEAD + home] && WORK_KINDS[byId[id].kind]) state.open[WORK_HEAD + home] = true;
    }
    applyFilters();
  }

  // A topic chosen: every hub whose work is on it opened, with its projects' row.
  function openMatching() {
    var keep = kept();
    data.nodes.forEach(function (node) {
      if (!keep[node.id] || !WORK_KINDS[node.kind]) return;
      (node.home || []).forEach(function (home) {  // each hub that runs it
        openTo(home);
        if (workHead[WORK_HEAD + home]) state.open[WORK_HEAD + home] = true;
      });
    });
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

  var clicked = {};  // hubs opened by the reader
  function toggle(id) {
    // The tooltip of the row clicked would stay where the row was.
    var tip = container.querySelector(".vis-tooltip");
    if (tip) tip.style.visibility = "hidden";
    var opening = !state.open[id];
    if (opening) state.open[id] = true; else delete state.open[id];
    clicked[id] = opening;
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
    Object.keys(copies).forEach(function (key) {  // a copy of the selection: bordered as it
      var copy = byId[key], opacity = near[copies[key]] ? 1 : FADED, border = copies[key] === id ? 3 : 1.5;
      if (copy.opacity !== opacity || copy.borderWidth !== border) {
        copy.opacity = opacity;
        copy.borderWidth = border;
        changes.push({ id: key, opacity: opacity, borderWidth: border });
      }
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
    updateNodes(data.nodes.concat(Object.keys(copies).map(function (key) { return byId[key]; }))
      .filter(function (n) { return (n.opacity !== undefined && n.opacity !== 1) || (copies[n.id] && n.borderWidth === 3); })
      .map(function (n) {
        n.opacity = 1;
        if (copies[n.id]) { n.borderWidth = 1.5; return { id: n.id, opacity: 1, borderWidth: 1.5 }; }
        return { id: n.id, opacity: 1 };
      }));
    updateEdges(data.edges.filter(function (e) { return e.opacity !== undefined && e.opacity !== 0.75; })
      .map(function (e) { e.opacity = 0.75; return { id: e.id, color: { color: e.color.color, opacity: 0.75 } }; }));
    relabel();
  }


  // A hub followed from the details, the search or a link opens as a click on it does: its
  // list and its connections elsewhere ("Ook verbonden met") beside it.
  function follow(id) {
    if (data.overview && byId[id] && opens(id) && !headings[id]) {
      openTo(id);
      clicked[id] = true;
      // a network with no members known (Gooi, Rotterdam): its work is what it lists
      if (!(membersOf[id] || []).length && workHead[WORK_HEAD + id]) state.open[WORK_HEAD + id] = true;
    }
    select(id, true);
  }

  function linkItem(id, text) {
    var li = el("li");
    var button = el("button", "pz-link", text);
    button.type = "button";
    button.dataset.id = id;
    button.addEventListener("click", function () { follow(id); });
    li.appendChild(button);
    return li;
  }

  // Evidence in full: the weakest first (a judgement is why a line is dashed), every
  // judgement shown and marked; quotes past `most` behind a visible "toon alle" button,
  // never cut without a word.
  function weak(item) { return item.judgement || (item.verification && FIRM.indexOf(item.verification) === -1) ? 1 : 0; }
  function evidenceList(parent, items, most) {
    if (!items || !items.length) return;
    most = most || MAX_EVIDENCE;
    var list = el("ul", "pz-evidence"), folded = 0;
    items.map(function (item, i) { return [weak(item), i, item]; })
      .sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; })
      .forEach(function (entry, i) {
        var li = evidenceItem(entry[2]);
        if (i >= most && !entry[0]) { li.hidden = true; folded += 1; }
        list.appendChild(li);
      });
    parent.appendChild(list);
    if (folded) parent.appendChild(unfoldButton(say(W.showAllEvidence, { n: items.length }), list));
  }

  // A button that shows what is folded away in `box` (its hidden children), then goes.
  function unfoldButton(text, box) {
    var button = el("button", "pz-link pz-more-button", text);
    button.type = "button";
    button.addEventListener("click", function () {
      var first = null;
      Array.prototype.forEach.call(box.children, function (child) {
        if (child.hidden) { child.hidden = false; first = first || child; }
      });
      button.remove();
      if (first) { first.tabIndex = -1; first.focus(); }
    });
    return button;
  }

  function evidenceItem(item) {
    var li = el("li");
    if (item.quote) li.appendChild(el("q", "pz-quote", item.quote));
    if (!item.quote && !item.judgement) li.appendChild(el("span", "pz-hint", W.sourceOnly));
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
    return li;
  }

  function fact(parent, heading, text) {
    if (!text) return;
    parent.appendChild(el("dt", null, heading));
    parent.appendChild(el("dd", null, plain(text)));
  }

  // A curator's description may name a thing by its id ("Hospice van AxionContinu
  // (organisatie/axioncontinu)"): the reader gets its name.
  var ID_IN_TEXT = /\b(?:organisatie|netwerk|consortium|project|activiteit|programma|orgaan|post)\/[a-z0-9][a-z0-9-]*/g;
  function plain(text) {
    return String(text).replace(ID_IN_TEXT, function (id) { return nameFor(id); })
      .replace(/(\S[^()]*?) \(\1\)/g, "$1");
  }

  function closeButton() {
    var close = el("button", "pz-close", "×");
    close.type = "button";
    close.title = W.clear;
    close.setAttribute("aria-label", W.clear);
    close.addEventListener("click", clearSelection);
    return close;
  }

  // Which heading a line gets in the details (glossary.CONNECTION_HEADINGS): memberships by
  // their group, other relations by their label ("werkt aan" by the concept's kind too).
  // (Lists in the page data: its JSON keys are sorted.)
  var SIDES = {}, SIDE_KEYS = [], GROUP_ORDER = data.groupOrder || [];
  (data.sides || []).forEach(function (row) { SIDES[row[0]] = [row[1], row[2]]; SIDE_KEYS.push(row[0]); });
  function sideKey(edge) {
    if (edge.group === "penvoerder" || edge.group === "stuurgroep" || edge.group === "lid") return edge.group;
    var relation = edge.relations.filter(function (r) { return r.group === edge.group; })[0] || edge.relations[0];
    var label = relation ? relation.label : edge.rel;
    var kinded = label + "|" + byId[edge.to].kind;  // "werkt aan" a domain, an actielijn, ...
    return SIDES[kinded] ? kinded : label;
  }
  function sideOrder(group, key, out) {
    return GROUP_ORDER.indexOf(group) * 1000 + SIDE_KEYS.indexOf(key) * 2 + (out ? 0 : 1);
  }

  // What a connection's line adds to its heading ("Penvoerder", "Voert uit", ...): the
  // roles of a membership, the relations the heading does not say; the heading says the
  // rest, read from the selected side ("Gefinancierd door: VWS", not "VWS gefinancierd door").
  var MEMBERSHIP = { penvoerder: 1, stuurgroep: 1, lid: 1 };
  function lineWords(edge) {
    if (MEMBERSHIP[edge.group]) {
      return edge.roles.filter(function (role) { return role !== edge.group; }).join(", ");
    }
    var said = sideKey(edge).split("|")[0];
    return edge.relations.map(function (r) { return r.label; })
      .filter(function (label, i, all) { return label !== said && all.indexOf(label) === i; }).join(", ");
  }

  // A relation's name read from the selected side, as the connection headings are.
  function relationHeading(edge, relation, out) {
    var kinded = relation.label + "|" + byId[edge.to].kind;
    var key = MEMBERSHIP[relation.group] ? relation.group : SIDES[kinded] ? kinded : relation.label;
    var side = SIDES[key] ? SIDES[key][out ? 0 : 1] : relation.label;
    return MEMBERSHIP[relation.group] && relation.label !== relation.group ? side + " (" + relation.label + ")" : side;
  }

  // A connection that rests on a curator's judgement: a small mark (the map dashes its
  // line), its reason under the pointer and for a screen reader.
  var JUDGED_MARK = "┄";
  function judgedMark(why) {
    var mark = el("span", "pz-judged-mark", " " + JUDGED_MARK);
    mark.title = say(W.judgedBecause, { why: why });
    mark.appendChild(el("span", "pz-sr", " (" + why + ")"));
    return mark;
  }

  function showNode(node) {
    details.textContent = "";
    details.scrollTop = 0;  // a new selection's details from their top
    details.appendChild(closeButton());
    details.appendChild(el("h2", "pz-details-title", node.full)).id = "pz-details-title";
    var dl = el("dl", "pz-facts");
    fact(dl, W.kind, kindName[node.kind] || node.kind);
    fact(dl, W.sectorLabel, node.sectors.join(", "));
    var nets = node.networks.filter(function (n) { return n !== node.id; });
    if (nets.length > 3) {  // a consortium's networks: a count and a list that wraps
      dl.appendChild(el("dt", null, W.networksLabel));
      var dd = el("dd", null, say(W.networksCount, { n: nets.length }));
      var netList = el("ul", "pz-net-list");
      nets.map(function (n) { return [n, nameFor(n)]; })
        .sort(function (a, b) { return a[1].localeCompare(b[1], "nl"); })
        .forEach(function (pair) { netList.appendChild(linkItem(pair[0], pair[1])); });
      dd.appendChild(netList);
      dl.appendChild(dd);
    } else {
      fact(dl, W.networksLabel, nets.map(nameFor).join("; "));
    }
    (node.info || []).forEach(function (pair) { fact(dl, pair[0], pair[1]); });
    ["domains", "recommendations"].forEach(function (key) {  // why a topic filter keeps it
      var topic = state.filter[key];
      if (topic && has(node.concepts, topic)) fact(dl, W.matches, nameFor(topic));
      else if (topic && !CONCEPT_KINDS[node.kind]) fact(dl, W.matches, W.matchesBeside);
    });
    details.appendChild(dl);
    // Connections grouped by relation, headed from this node's side: "Lid van" for its
    // networks, "Leden" for a network's members, "Uitgevoerd door" for a project's networks.
    var groups = {}, keys = [];
    edgesOf[node.id].forEach(function (edge) {
      var out = edge.from === node.id, other = out ? edge.to : edge.from;
      var key = sideKey(edge), heading = SIDES[key] ? SIDES[key][out ? 0 : 1] : data.groups[edge.group];
      var slot = edge.group + "|" + heading;
      if (!groups[slot]) { groups[slot] = { group: edge.group, heading: heading, order: sideOrder(edge.group, key, out), items: [] }; keys.push(slot); }
      groups[slot].items.push({ id: other, edge: edge });
    });
    keys.sort(function (a, b) { return groups[a].order - groups[b].order || (a < b ? -1 : 1); });
    // One line says what the mark after a connection means (the dashed line on the map).
    var judgedLines = edgesOf[node.id].filter(function (e) { return e.judged; }).length;
    if (judgedLines) {
      var key = el("p", "pz-hint pz-judged-key");
      key.appendChild(el("span", "pz-judged-mark", JUDGED_MARK));
      key.appendChild(document.createTextNode(" " + say(W.judgedLines, { n: judgedLines, total: edgesOf[node.id].length })));
      details.appendChild(key);
    }
    keys.forEach(function (slot) {
      var found = groups[slot];
      var box = el("section", "pz-group");
      box.dataset.group = found.group;
      // Under a filter, what it leaves out apart ("nog 1 buiten het filter", with its
      // networks): a gap of the chosen network is not covered by another network's work.
      var inside = found.items.filter(function (item) { return !filterKeep || filterKeep[item.id]; });
      var outside = found.items.filter(function (item) { return inside.indexOf(item) === -1; });
      box.appendChild(el("h3", null, found.heading + " (" + inside.length + ")"));
      [inside, outside].forEach(function (items, part) {
        if (!items.length) return;
        if (part) box.appendChild(el("p", "pz-hint pz-outside", say(W.outsideFilter, { n: items.length })));
        var list = el("ul", "pz-connections");
        items.sort(function (a, b) { return nameFor(a.id).localeCompare(nameFor(b.id), "nl", { numeric: true }); })
          .forEach(function (item) {
            var li = linkItem(item.id, nameFor(item.id)), words = lineWords(item.edge);
            if (part) words = [words].concat((byId[item.id].networks || []).map(nameFor)).filter(Boolean).join("; ");
            if (words) li.appendChild(el("span", "pz-rel", " " + words));
            if (item.edge.judged) li.appendChild(judgedMark(item.edge.judged));
            list.appendChild(li);
          });
        box.appendChild(list);
      });
      details.appendChild(box);
    });
    // The evidence: the node's own, then of each of its connections, all of it (the
    // connections past the first 12 behind a button that says how many).
    var evidence = node.evidence || [];
    var linkEvidence = edgesOf[node.id].filter(function (e) { return e.relations.some(function (r) { return r.evidence.length; }); });
    details.appendChild(el("h3", null, W.evidence));
    if (!evidence.length && !linkEvidence.length) details.appendChild(el("p", "pz-hint", W.noEvidence));
    evidenceList(details, evidence);
    // (Past the first 12, built when asked: a national body may have thousands of lines.)
    // A judgement that carries three or more of its connections (one reasoning for a whole
    // list of members) is shown once, with the connections it is for.
    var byReason = {}, shared = {};
    linkEvidence.forEach(function (edge) {
      var other = edge.from === node.id ? edge.to : edge.from;
      edge.relations.forEach(function (relation) {
        relation.evidence.forEach(function (item) {
          if (!item.judgement) return;
          var seen = byReason[item.judgement] = byReason[item.judgement] || { item: item, names: [] };
          if (seen.names.indexOf(nameFor(other)) === -1) seen.names.push(nameFor(other));
        });
      });
    });
    Object.keys(byReason).forEach(function (why) {
      var found = byReason[why];
      if (found.names.length < 3) return;
      shared[why] = true;
      details.appendChild(el("p", "pz-relation", say(W.sharedJudgement, { n: found.names.length })));
      evidenceList(details, [found.item]);
      details.appendChild(el("p", "pz-hint pz-shared-for", found.names.sort(function (a, b) {
        return a.localeCompare(b, "nl"); }).join("; ")));
    });
    var links = el("div", "pz-link-evidence");
    function linkPart(edge) {
      var out = edge.from === node.id, other = out ? edge.to : edge.from;
      var part = el("div");
      edge.relations.forEach(function (relation) {
        if (!relation.evidence.length) return;
        part.appendChild(el("p", "pz-relation", relationHeading(edge, relation, out) + " — " + nameFor(other)));
        var own = relation.evidence.filter(function (item) { return !shared[item.judgement]; });
        evidenceList(part, own, 2);
        if (own.length < relation.evidence.length) part.appendChild(el("p", "pz-hint", W.sharedAbove));
      });
      links.appendChild(part);
      return part;
    }
    linkEvidence.slice(0, 12).forEach(linkPart);
    details.appendChild(links);
    if (linkEvidence.length > 12) {
      var more = el("button", "pz-link pz-more-button pz-more-links", say(W.showAllLinks, { n: linkEvidence.length - 12 }));
      more.type = "button";
      more.addEventListener("click", function () {
        var first = linkEvidence.slice(12).map(linkPart)[0];
        more.remove();
        first.tabIndex = -1;
        first.focus();
      });
      details.appendChild(more);
    }
    details.hidden = false;
  }

  function showEdge(edge) {
    details.textContent = "";
    details.scrollTop = 0;
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
    var copy = copies[id] ? id : null;  // a copy in a second hub's list: the node it stands for
    if (copy) id = copies[copy];
    if (!byId[id]) return;
    shortSelection = false;
    if (byId[id].hidden && data.overview) reveal(id);
    if (byId[id].hidden) { reset(true); }
    state.selected = id;
    if (data.overview) state.open[LINKED_HEAD + id] = true;  // its connections listed elsewhere
    if (state.only || data.overview) applyFilters();
    network.selectNodes([id]);
    fade(id);
    showNode(byId[id]);
    var near = [id].concat(neighbours[id].filter(function (n) { return !byId[n].hidden; }));
    if (data.overview) {
      showBlock(copy && !byId[copy].hidden ? copy : id);
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
    if (!data.overview) nameSelection(id);
    writeHash();
    var node = byId[id];
    announce(say(W.selected, { name: node.full, kind: kindName[node.kind] || node.kind, n: neighbours[id].length }));
  }

  // After the fit, names of the selection or of its neighbours in view that are still too
  // small or find no room (a network's whole list, a column of work between the concepts of
  // the coverage map): closer around the selection while all its neighbours stay in view;
  // where that names too little, its own name shortened ("KWF-basisscholin…"); where even
  // that finds no room, closer while half of its neighbours stay in view (its own name
  // whatever it takes). The rest are named in the details.
  function nameSelection(id) {
    if (byId[id].shape !== "box" && neighbours[id].length <= 8) {
      zoomToName(id, true);
      if (!byId[id].shown) { shortSelection = true; relabel(); }
    }
    zoomToName(id, false);
  }

  function zoomToName(id, keepAll) {
    var ids = [id].concat(neighbours[id]);
    function unreadable(n) {
      var node = byId[n];
      return node.shape === "box" ? node.font.size * network.getScale() < 9.5 : !node.shown;
    }
    function inView() {
      var free = freeWidth(), at = network.getPositions(ids);
      return ids.filter(function (n) {
        var p = at[n] && network.canvasToDOM(at[n]);
        return !byId[n].hidden && p && p.x >= 0 && p.x <= free && p.y >= 0 && p.y <= freeHeight();
      });
    }
    for (var round = 0; inView().some(unreadable) && round < 8; round++) {
      var before = { position: network.getViewPosition(), scale: network.getScale() }, seen = inView().length;
      var named = !unreadable(id);
      var boxes = inView().some(function (n) { return byId[n].shape === "box" && unreadable(n); });
      var scale = Math.min(Math.max(before.scale * 1.3, boxes ? 9.6 / 12 : 0), 6), p = network.getPosition(id);
      network.moveTo({ position: { x: p.x + (container.clientWidth - freeWidth()) / 2 / scale, y: p.y + coveredBelow() / 2 / scale },
                       scale: scale, animation: false });
      relabel();
      if ((named || keepAll) && inView().length < (keepAll ? seen : Math.min(seen, Math.ceil(ids.length / 2)))) {
        network.moveTo({ position: before.position, scale: before.scale, animation: false });
        relabel();
        break;
      }
    }
  }

  function freeWidth() { return container.clientWidth - coveredRight(); }
  function freeHeight() { return container.clientHeight - coveredBelow(); }

  function allInView(ids) {
    var free = freeWidth();
    var at = network.getPositions(ids);
    return ids.every(function (id) {
      if (!at[id]) return true;
      var p = network.canvasToDOM(at[id]);
      return p.x >= 0 && p.x <= free && p.y >= 0 && p.y <= freeHeight();
    });
  }

  function keepClearOfDetails(id) {
    var at = network.canvasToDOM(network.getPosition(id));
    var free = container.clientWidth - coveredRight();
    if (at.x > free - 30) {
      var view = network.getViewPosition();
      var shift = (at.x - free / 2) / network.getScale();
      network.moveTo({ position: { x: view.x + shift, y: view.y }, animation: false });
    }
  }

  function clearSelection() {
    var had = state.selected;
    state.selected = null;
    network.unselectAll();
    unfade();
    details.hidden = true;
    details.textContent = "";
    if (state.only || data.overview) applyFilters();
    writeHash();
    if (had) announce(W.cleared);
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
    writeHash();  // a reload or a copied link opens without the filters too
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
  network.on("zoom", function () { offView.hidden = true; });
  network.on("dragStart", function () { offView.hidden = true; });
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

  // Nothing found: the names nearest to what was typed ("Rijnhovn" → De Rijnhoven), by the
  // fewest letters to change, add or drop to find it inside a name (at most one in four).
  function nearestNames(query) {
    var q = fold(query).trim();
    if (q.length < 4) return [];
    var most = Math.max(1, Math.floor(q.length / 4)), found = [];
    haystack.forEach(function (entry) {
      var best = Infinity, via = null;
      entry.names.forEach(function (name, i) {
        var d = insideDistance(q, name.folded, most);
        if (d < best) { best = d; via = i === 0 ? null : name.name; }
      });
      if (best <= most) found.push({ id: entry.node.id, label: entry.node.full, kind: entry.node.kind, via: via, d: best });
    });
    found.sort(function (a, b) { return a.d - b.d || kindRank(a.kind) - kindRank(b.kind) || a.label.localeCompare(b.label, "nl"); });
    return found.slice(0, 5);
  }
  // Edits to find q anywhere inside text (a substring edit distance); stops past `most`.
  function insideDistance(q, text, most) {
    var previous = new Array(text.length + 1).fill(0), current = new Array(text.length + 1);
    for (var i = 1; i <= q.length; i++) {
      current[0] = i;
      var low = i;
      for (var j = 1; j <= text.length; j++) {
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (q[i - 1] === text[j - 1] ? 0 : 1));
        if (current[j] < low) low = current[j];
      }
      if (low > most) return Infinity;
      var swap = previous; previous = current; current = swap;
    }
    return Math.min.apply(null, previous);
  }

  var results = document.getElementById("pz-results");
  var input = document.getElementById("pz-search");
  document.querySelector(".pz-search-label").textContent = W.search;
  input.placeholder = W.searchHint;

  function resultItems() { return Array.prototype.slice.call(results.querySelectorAll("li[data-id]")); }

  function showResults() {
    results.textContent = "";
    var found = search(input.value), guessed = false;
    if (!found.length) { found = nearestNames(input.value); guessed = found.length > 0; }
    if (guessed) results.appendChild(el("li", "pz-more", W.nothingFound + ". " + W.didYouMean));
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
    if (input.value.trim()) {
      announce(guessed ? W.nothingFound + "; " + W.didYouMean + " " + found.map(function (h) { return h.label; }).join(", ")
        : found.length ? say(W.found, { n: found.length }) : W.nothingFound);
    }
  }

  function closeResults() {
    results.textContent = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  // A result chosen: the list closes and the focus goes to the details of what was chosen.
  function choose(id) {
    closeResults();
    showPanel(false);
    follow(id);
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
  var ARROWS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
  // From the details' title (where Enter in the results puts the focus) the arrows walk on,
  // and the focus stays on the new title.
  details.addEventListener("keydown", function (event) {
    if (!(event.key in ARROWS) || event.target.id !== "pz-details-title") return;
    event.preventDefault();
    stepping = true;
    try { step(ARROWS[event.key]); } finally { stepping = false; }
    var title = document.getElementById("pz-details-title");
    if (title) { title.tabIndex = -1; title.focus(); }
  });
  container.addEventListener("keydown", function (event) {
    var arrows = ARROWS;
    if (!(event.key in arrows)) return;
    event.preventDefault();
    // A step with the arrows is no new place in the browser's history: Back returns to
    // the selection before the walk, not through every key press.
    stepping = true;
    try { step(arrows[event.key]); } finally { stepping = false; }
  });
  function step(direction) {
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
    var next = ring[(at + direction + ring.length) % ring.length];
    state.anchor = anchor;
    select(next, false);
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
    if (event.key === "Escape" && !typing) {
      clearSelection();
      state.anchor = null;
      // The focus goes back to the search box (on a narrow screen, folded away: the map).
      var search = document.getElementById("pz-search");
      (search.offsetParent ? search : container).focus();
      return;
    }
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

  // On screen as on paper: what the filters keep (every node without a filter, gathered
  // ones included), with the count; rebuilt when a filter changes while it is open.
  var textFor;  // the filters' keep the table was built for (null: none; undefined: not built)
  function showText() {
    var box = text.querySelector("div");
    if (!text.open || textFor === filterKeep) return;
    textFor = filterKeep;
    var list = data.nodes.filter(function (n) { return !filterKeep || filterKeep[n.id]; });
    box.textContent = "";
    box.appendChild(el("p", "pz-hint pz-text-count", shownText(list.length, data.nodes.length)));
    box.appendChild(tableOf(list, true));
  }
  text.addEventListener("toggle", showText);

  // On paper: the title, the legend and, as a table, what the map shows now (the selection
  // and its neighbours, or what the filters leave), rebuilt just before printing.
  var printBox = document.getElementById("pz-print");
  // A picture of the map as shown, kept a moment after each drawing (when printing starts the
  // map may already be hidden): on paper before the table.
  var picture = null, pictureSoon = null;
  function takePicture() {
    var canvas = container.querySelector("canvas");
    if (!canvas || !canvas.width || !canvas.clientWidth) return;
    try { picture = canvas.toDataURL("image/png"); } catch (error) { picture = null; }
  }
  network.on("afterDrawing", function () { clearTimeout(pictureSoon); pictureSoon = setTimeout(takePicture, 400); });

  function printTable() {
    takePicture();
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
    if (picture) {
      var image = el("img", "pz-map-image");
      image.src = picture;
      image.alt = W.mapImage + ": " + what;
      printBox.appendChild(image);
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

  // The address says what is shown: #netwerk=…&id=… (the filter and the selection). Each
  // change the reader makes is a step in the browser's history, so Back returns to the
  // previous selection; a step taken back (or a link) is applied, not written again.
  var applying = false, stepping = false, appliedHash = null;
  // The filters a link carries, by the word in the address.
  var HASH_KEYS = { netwerk: "networks", domein: "domains", aanbeveling: "recommendations" };
  function hashOf() {
    var parts = [];
    Object.keys(HASH_KEYS).forEach(function (word) {
      var value = state.filter[HASH_KEYS[word]];
      if (value) parts.push(word + "=" + encodeURIComponent(shortId(value)));
    });
    if (state.selected) parts.push("id=" + encodeURIComponent(state.selected));
    return parts.length ? "#" + parts.join("&") : "";
  }
  function writeHash() {
    if (applying) return;
    var hash = hashOf();
    if (hash === location.hash || (!hash && !location.hash)) return;
    appliedHash = hash;
    history[stepping ? "replaceState" : "pushState"](null, "", hash || location.pathname + location.search);
  }

  var notice = el("div", "pz-notice");
  notice.setAttribute("role", "alert");
  notice.hidden = true;
  document.getElementById("pz-main").appendChild(notice);
  function warn(text, suggestions) {
    notice.textContent = "";
    notice.appendChild(el("span", null, text));
    (suggestions || []).forEach(function (id) {
      var button = el("button", "pz-link", nameFor(id));
      button.type = "button";
      button.addEventListener("click", function () { notice.hidden = true; select(id, true); });
      notice.appendChild(document.createTextNode(" "));
      notice.appendChild(button);
    });
    var close = el("button", "pz-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", W.clear);
    close.addEventListener("click", function () { notice.hidden = true; });
    notice.appendChild(close);
    notice.hidden = false;
    announce(text + (suggestions && suggestions.length ? " " + suggestions.map(nameFor).join(", ") : ""));
  }

  // The nodes a wrong link may have meant: the same id or short id but for case and spaces.
  function nearly(given) {
    var folded = fold(given).trim();
    return data.nodes.filter(function (n) {
      return fold(n.id) === folded || fold(shortId(n.id)) === folded;
    }).map(function (n) { return n.id; }).slice(0, 3);
  }

  function fromHash() {
    if (location.hash === appliedHash) return;
    appliedHash = location.hash;
    notice.hidden = true;
    var params = {}, raw = location.hash.slice(1);
    try {
      // A link whose '=' and '&' were encoded as well ("#netwerk%3Dutrecht-zuid"): read whole.
      if (raw.indexOf("=") === -1 && /%3d/i.test(raw)) raw = decodeURIComponent(raw);
      raw.split("&").forEach(function (part) {
        var at = part.indexOf("=");
        if (at > 0) params[decodeURIComponent(part.slice(0, at))] = decodeURIComponent(part.slice(at + 1));
      });
    } catch (error) {  // "%E0%A4%A": no text; said so, the map stays as it is
      warn(W.badLinkMalformed);
      return;
    }
    var known = Object.keys(params).filter(function (key) {
      return key === "id" || Object.prototype.hasOwnProperty.call(HASH_KEYS, key);
    });
    if (raw && !known.length) { warn(say(W.badLink, { given: raw })); return; }
    applying = true;
    try {
      Object.keys(HASH_KEYS).forEach(function (word) {  // the filters: network, domain, recommendation
        var facet = HASH_KEYS[word];
        if (!selects[facet] || (params[word] === undefined && !state.filter[facet])) return;
        var given = params[word] || "";
        var value = Array.prototype.map.call(selects[facet].options, function (o) { return o.value; })
          .filter(function (v) { return v && (v === given || shortId(v) === given); })[0];
        if (given && !value) warn(say(facet === "networks" ? W.badNetwork : W.badLink, { given: given }));
        else if ((value || "") !== (state.filter[facet] || "")) setFilter(facet, value || "");
      });
      if (params.id !== undefined) {
        var id = resolve(params.id);
        if (id) follow(id);
        else {
          var maybe = nearly(params.id);
          warn(say(maybe.length ? W.badLinkCase : W.badLink, { given: params.id }), maybe);
        }
      } else if (state.selected) {
        clearSelection();
      }
    } finally {
      applying = false;
    }
  }
  window.addEventListener("hashchange", fromHash);
  window.addEventListener("popstate", fromHash);
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
