// pzgraph map page: draws the embedded graph with vis-network and adds the legend, the
// filters, search and the tooltips. Every name from the data is put on the page with
// textContent, never as HTML: a name is text, whatever characters it holds.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pz-data").textContent);
  var MAX_EVIDENCE = 6;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // --- tooltips: DOM elements built from text, handed to vis-network as `title` ---------

  function lines(parent, info) {
    (info || []).forEach(function (pair) {
      var line = el("div", "pz-line");
      line.appendChild(el("span", "pz-h", pair[0] + ": "));
      line.appendChild(el("span", null, pair[1]));
      parent.appendChild(line);
    });
  }

  function evidence(parent, items) {
    if (!items || !items.length) return;
    parent.appendChild(el("div", "pz-h pz-evidence-head", "Bewijs"));
    var list = el("ul", "pz-evidence");
    items.slice(0, MAX_EVIDENCE).forEach(function (item) {
      var li = el("li");
      if (item.quote) {
        li.appendChild(el("q", "pz-quote", item.quote));
      }
      if (item.judgement) {
        li.appendChild(el("span", "pz-judgement-label", "Oordeel van de curator (geen citaat): "));
        li.appendChild(el("span", "pz-judgement", item.judgement));
      }
      var where = [item.source, item.locator].filter(Boolean).join(", ");
      if (where) li.appendChild(el("span", "pz-source", " — " + where));
      if (item.verification === "onbevestigd") li.appendChild(el("span", "pz-unverified", " (niet geverifieerd)"));
      list.appendChild(li);
    });
    parent.appendChild(list);
    if (items.length > MAX_EVIDENCE) {
      parent.appendChild(el("div", "pz-more", "… en nog " + (items.length - MAX_EVIDENCE) + " bewijsstukken"));
    }
  }

  function nodeTip(node) {
    var tip = el("div", "pz-tip");
    tip.appendChild(el("div", "pz-tip-title", node.full));
    lines(tip, node.info);
    evidence(tip, node.evidence);
    return tip;
  }

  function edgeTip(edge) {
    var tip = el("div", "pz-tip");
    tip.appendChild(el("div", "pz-tip-title", edge.fromLabel + " → " + edge.toLabel));
    edge.relations.forEach(function (relation) {
      tip.appendChild(el("div", "pz-relation", relation.label));
      lines(tip, relation.info);
      evidence(tip, relation.evidence);
    });
    return tip;
  }

  // --- the network -------------------------------------------------------------------------

  data.nodes.forEach(function (node) { node.title = nodeTip(node); });
  data.edges.forEach(function (edge) { edge.title = edgeTip(edge); });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var byId = {};
  data.nodes.forEach(function (node) { byId[node.id] = node; });
  var container = document.getElementById("pz-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  document.getElementById("pz-title").textContent = data.title;
  document.getElementById("pz-subtitle").textContent = data.subtitle;
  document.title = data.title;

  // --- legend with the kind filter, then the other filters ---------------------------------

  var unchecked = { kind: {}, networks: {}, roles: {}, sectors: {} };

  function checkbox(group, value, onChange) {
    var input = el("input");
    input.type = "checkbox";
    input.checked = true;
    input.dataset.group = group;
    input.value = value;
    input.addEventListener("change", function () {
      if (input.checked) delete unchecked[group][value]; else unchecked[group][value] = true;
      onChange();
    });
    return input;
  }

  var legend = document.getElementById("pz-legend");
  data.legend.kinds.forEach(function (kind) {
    var row = el("label", "pz-legend-row");
    row.appendChild(checkbox("kind", kind.kind, applyFilters));
    var swatch = el("span", "pz-swatch pz-shape-" + kind.shape);
    swatch.style.background = kind.colour;
    row.appendChild(swatch);
    row.appendChild(el("span", "pz-legend-name", kind.name));
    row.appendChild(el("span", "pz-count", kind.count));
    row.dataset.kind = kind.kind;
    legend.appendChild(row);
  });
  data.legend.edges.forEach(function (item) {
    var row = el("div", "pz-legend-row pz-legend-edge");
    row.appendChild(el("span", "pz-swatch pz-line-swatch"));
    row.appendChild(el("span", "pz-legend-name", item.name));
    row.appendChild(el("span", "pz-count", item.count));
    legend.appendChild(row);
  });
  if (data.legend.gap) {
    var gap = el("div", "pz-legend-row pz-legend-gap");
    gap.appendChild(el("span", "pz-swatch pz-gap-swatch"));
    gap.appendChild(el("span", "pz-legend-name", "gap: niet geadresseerd"));
    gap.appendChild(el("span", "pz-count", data.legend.gap.count));
    legend.appendChild(gap);
    legend.appendChild(el("div", "pz-gap-detail", data.legend.gap.detail));
  }

  var filters = document.getElementById("pz-filters");
  data.filters.forEach(function (facet) {
    var box = el("fieldset", "pz-facet");
    box.dataset.facet = facet.key;
    box.appendChild(el("legend", null, facet.title));
    var inputs = [];
    var all = el("button", "pz-all", "alle");
    var none = el("button", "pz-none", "geen");
    all.type = none.type = "button";
    function setAll(checked) {
      inputs.forEach(function (input) {
        input.checked = checked;
        if (checked) delete unchecked[facet.key][input.value]; else unchecked[facet.key][input.value] = true;
      });
      applyFilters();
    }
    all.addEventListener("click", function () { setAll(true); });
    none.addEventListener("click", function () { setAll(false); });
    box.appendChild(all);
    box.appendChild(none);
    var list = el("div", "pz-facet-values");
    facet.values.forEach(function (value) {
      var row = el("label", "pz-facet-row");
      var input = checkbox(facet.key, value[0], applyFilters);
      inputs.push(input);
      row.appendChild(input);
      row.appendChild(el("span", null, value[0]));
      row.appendChild(el("span", "pz-count", value[1]));
      list.appendChild(row);
    });
    box.appendChild(list);
    filters.appendChild(box);
  });

  function passes(values, group) {
    // A node without values for a facet is not about it, and stays; otherwise one of its
    // values must still be ticked.
    if (!values || !values.length) return true;
    return values.some(function (value) { return !unchecked[group][value]; });
  }

  function visible(node) {
    return !unchecked.kind[node.kind] && passes(node.networks, "networks") &&
      passes(node.roles, "roles") && passes(node.sectors, "sectors");
  }

  function applyFilters() {
    var shown = {};
    var nodeChanges = [];
    data.nodes.forEach(function (node) {
      var hide = !visible(node);
      shown[node.id] = !hide;
      if (Boolean(node.hidden) !== hide) {
        node.hidden = hide;
        nodeChanges.push({ id: node.id, hidden: hide });
      }
    });
    var edgeChanges = [];
    data.edges.forEach(function (edge) {
      var hide = !shown[edge.from] || !shown[edge.to] || !passes(edge.roles, "roles");
      if (Boolean(edge.hidden) !== hide) {
        edge.hidden = hide;
        edgeChanges.push({ id: edge.id, hidden: hide });
      }
    });
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
  }

  // --- search by name and other names -------------------------------------------------------

  var haystack = data.nodes.map(function (node) {
    return { node: node, names: [node.full].concat(node.alt || []).map(function (name) {
      return { name: name, folded: fold(name) };
    }) };
  });

  function search(query) {
    var q = fold(query).trim();
    if (!q) return [];
    var found = [];
    haystack.forEach(function (entry) {
      for (var i = 0; i < entry.names.length; i++) {
        if (entry.names[i].folded.indexOf(q) !== -1) {
          found.push({ id: entry.node.id, label: entry.node.full, kind: entry.node.kind,
                       via: i === 0 ? null : entry.names[i].name });
          return;
        }
      }
    });
    return found;
  }

  var results = document.getElementById("pz-results");
  var input = document.getElementById("pz-search");

  function showResults() {
    results.textContent = "";
    var found = search(input.value);
    found.slice(0, 30).forEach(function (hit) {
      var li = el("li", "pz-result");
      li.dataset.id = hit.id;
      li.appendChild(el("span", "pz-result-name", hit.label));
      if (hit.via) li.appendChild(el("span", "pz-result-via", " (ook: " + hit.via + ")"));
      li.tabIndex = 0;
      li.addEventListener("click", function () { focusNode(hit.id); });
      li.addEventListener("keydown", function (event) { if (event.key === "Enter") focusNode(hit.id); });
      results.appendChild(li);
    });
    if (found.length > 30) results.appendChild(el("li", "pz-more", "… en nog " + (found.length - 30)));
    if (input.value.trim() && !found.length) results.appendChild(el("li", "pz-more", "niets gevonden"));
  }

  input.addEventListener("input", showResults);
  input.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var found = search(input.value);
    if (found.length) focusNode(found[0].id);
  });

  // --- selection: the details panel holds what the tooltip shows, for touch and print ------

  var details = document.getElementById("pz-details");
  function showDetails(tip) {
    while (details.childNodes.length > 1) details.removeChild(details.lastChild);
    details.appendChild(tip);
  }

  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: 1.1, animation: false });
    showDetails(nodeTip(byId[id]));
  }

  network.on("click", function (params) {
    if (params.nodes.length) showDetails(nodeTip(byId[params.nodes[0]]));
    else if (params.edges.length) showDetails(edgeTip(edges.get(params.edges[0])));
  });

  window.pzMap = { network: network, nodes: nodes, edges: edges, search: search,
                   focus: focusNode, applyFilters: applyFilters, ready: false };
  network.once("afterDrawing", function () {
    window.pzMap.ready = true;
    window.pzMap.readyAt = performance.now();
    document.body.dataset.ready = "true";
  });
})();
