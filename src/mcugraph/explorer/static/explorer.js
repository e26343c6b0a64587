/* mcugraph explorer: search, filters, focus, info panel and the spoiler shield.
 *
 * All data comes from the JSON element #mcugraph-data and is put into the page as text
 * only (textContent, vis-network's plain-text tooltips and canvas labels), never as HTML.
 */
(function () {
  "use strict";

  function mark(name) { if (window.performance && performance.mark) { performance.mark("mcugraph:" + name); } }
  mark("start");
  var DATA = JSON.parse(document.getElementById("mcugraph-data").textContent);
  mark("parsed");
  var N = DATA.nodes.length;

  var KINDS = {
    character: { label: "Characters", colour: "#2563eb", shape: "dot" },
    person: { label: "People (cast)", colour: "#8b5cf6", shape: "diamond" },
    work: { label: "Works", colour: "#16a34a", shape: "square" },
    event: { label: "Events", colour: "#ea580c", shape: "triangle" },
    organization: { label: "Organizations", colour: "#92400e", shape: "hexagon" },
    location: { label: "Locations", colour: "#64748b", shape: "triangleDown" }
  };
  var WORK_SHAPES = { film: "star", special: "star", series: "square", season: "square", episode: "square" };
  var WORK_COLOURS = { film: "#15803d", special: "#15803d", series: "#166534", season: "#16a34a", episode: "#4ade80" };
  var CATEGORIES = {
    structure: { label: "Part of, within, based in", colour: "#b8bec7", width: 1 },
    appearance: { label: "Appears in", colour: "#93b4ea", width: 1 },
    portrayal: { label: "Portrayed by", colour: "#b79be6", width: 1.5, dashes: true },
    crew: { label: "Directed or written by", colour: "#c4b5a0", width: 1, dashes: true },
    event: { label: "Events (depicted, took part, place)", colour: "#f2a15f", width: 1.2 },
    family: { label: "Family", colour: "#15803d", width: 2.5 },
    romance: { label: "Romance", colour: "#db2777", width: 2.5 },
    friendship: { label: "Friends and allies", colour: "#0d9488", width: 2.5 },
    enmity: { label: "Enemies", colour: "#dc2626", width: 2.5 },
    work: { label: "Work (employs, lawyer, mentor)", colour: "#a16207", width: 2 },
    membership: { label: "Membership", colour: "#475569", width: 2 }
  };

  // ---- state ------------------------------------------------------------------
  var ALL = Infinity;
  var cut = DATA.order.cut;
  var state = {
    step: ALL,
    kinds: {},
    categories: {},
    top: -1,
    focus: null,
    depth: Math.max(1, Math.min(3, DATA.start.depth || 1)),
    physics: false
  };
  Object.keys(KINDS).forEach(function (k) { state.kinds[k] = true; });
  Object.keys(CATEGORIES).forEach(function (c) { state.categories[c] = true; });

  function revealed(step) {
    if (state.step === ALL) { return true; }
    return step !== null && step <= state.step;
  }

  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/\u2019/g, "'").split(/\s+/).filter(Boolean).join(" ");
  }

  // ---- adjacency --------------------------------------------------------------
  var incident = [];
  for (var i = 0; i < N; i++) { incident.push([]); }
  DATA.edges.forEach(function (e, idx) {
    incident[e[0]].push(idx);
    if (e[1] !== e[0]) { incident[e[1]].push(idx); }
  });
  var topSets = DATA.nodes.map(function (n) { return new Set(n.tops); });
  var byLink = Object.create(null);
  DATA.nodes.forEach(function (n, idx) { byLink[n.link] = idx; byLink[n.key] = idx; });

  // ---- vis data ---------------------------------------------------------------
  function nodeStyle(n) {
    var kind = KINDS[n.kind] || KINDS.work;
    var shape = n.kind === "work" ? (WORK_SHAPES[n.type] || "square") : kind.shape;
    var colour = n.kind === "work" ? (WORK_COLOURS[n.type] || kind.colour) : kind.colour;
    // importance is the number of links, square-rooted so the hubs do not dwarf everything
    var value = Math.sqrt(n.weight + 1);
    if (n.kind === "work" && n.type === "episode") { value = Math.min(value, 1.5); }
    return { shape: shape, colour: colour, value: value };
  }

  var big = N > 1500;
  var nodeItems = DATA.nodes.map(function (n, idx) {
    var st = nodeStyle(n);
    var kindWord = n.kind === "work" ? n.type : n.kind;
    return {
      id: idx, label: n.label, x: n.x, y: n.y, shape: st.shape, value: st.value,
      title: n.label + "\n" + kindWord + " · " + n.degree + (n.degree === 1 ? " link" : " links"),
      color: { background: st.colour, border: "#1f2937", highlight: { background: "#facc15", border: "#111827" },
               hover: { background: st.colour, border: "#111827" } },
      borderWidth: 1
    };
  });
  var edgeItems = DATA.edges.map(function (e, idx) {
    var rel = DATA.relations[e[2]] || { label: e[2], inverse: e[2], category: "structure", directed: true };
    var cat = CATEGORIES[rel.category] || CATEGORIES.structure;
    return {
      id: idx, from: e[0], to: e[1],
      title: DATA.nodes[e[0]].label + " — " + rel.label + " → " + DATA.nodes[e[1]].label,
      color: { color: cat.colour, highlight: cat.colour, hover: cat.colour, opacity: 0.9 },
      width: cat.width, dashes: !!cat.dashes,
      // thousands of arrow heads cost more to draw than they tell at that zoom; the tooltip
      // and the info panel still give the direction
      arrows: rel.directed && !big ? { to: { enabled: true, scaleFactor: 0.45 } } : undefined
    };
  });

  mark("styled");
  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var nodeOn = new Uint8Array(N);
  var edgeOn = new Uint8Array(DATA.edges.length);
  var nodeView = new vis.DataView(nodes, { filter: function (item) { return nodeOn[item.id] === 1; } });
  var edgeView = new vis.DataView(edges, { filter: function (item) { return edgeOn[item.id] === 1; } });

  var container = document.getElementById("graph");
  var network = null;  // created once the first view is known, so the first draw is the real one
  function createNetwork() {
    return new vis.Network(container, { nodes: nodeView, edges: edgeView }, {
      autoResize: true,
      physics: { enabled: false, solver: "forceAtlas2Based", stabilization: { enabled: false } },
      layout: { improvedLayout: false, randomSeed: 1 },
      interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                     keyboard: false, multiselect: false, navigationButtons: false },
      nodes: { font: { size: 14, color: "#111827", strokeWidth: 3, strokeColor: "#ffffff" },
               // size by importance; the labels of big nodes grow with them, so the hubs stay
               // readable on the whole map while the small ones appear as you zoom in
               scaling: { min: 9, max: 50, label: { enabled: true, min: 13, max: 56, drawThreshold: 7, maxVisible: 40 } } },
      edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0.8 }
    });
  }
  var drawn = false;

  // ---- visibility ---------------------------------------------------------------
  function nodePasses(idx) {
    var n = DATA.nodes[idx];
    if (!revealed(n.step) || !state.kinds[n.kind]) { return false; }
    return state.top < 0 || topSets[idx].has(state.top);
  }
  function edgeRevealed(idx) {
    return revealed(DATA.edges[idx][3]);
  }
  function edgePasses(idx) {
    var e = DATA.edges[idx];
    var rel = DATA.relations[e[2]];
    return edgeRevealed(idx) && (!rel || state.categories[rel.category] !== false);
  }

  var moved = new Map();  // node -> original position, while the focus view has moved it

  function restorePositions() {
    if (!moved.size) { return; }
    var updates = [];
    moved.forEach(function (pos, idx) { updates.push({ id: idx, x: pos[0], y: pos[1] }); });
    moved.clear();
    nodes.update(updates);
  }

  function neighbourhood(start, depth) {
    var layers = [[start]];
    var seen = new Map([[start, null]]);
    for (var d = 0; d < depth; d++) {
      var next = [];
      layers[d].forEach(function (u) {
        incident[u].forEach(function (eidx) {
          if (!edgePasses(eidx)) { return; }
          var e = DATA.edges[eidx];
          var v = e[0] === u ? e[1] : e[0];
          if (seen.has(v) || !nodePasses(v)) { return; }
          seen.set(v, u);
          next.push(v);
        });
      });
      if (!next.length) { break; }
      layers.push(next);
    }
    return { layers: layers, parent: seen };
  }

  function byKindAndLabel(a, b) {
    var na = DATA.nodes[a], nb = DATA.nodes[b];
    if (na.kind !== nb.kind) { return na.kind < nb.kind ? -1 : 1; }
    return na.label.localeCompare(nb.label);
  }

  // a readable ego view: the focus in the middle, each further step on a wider ring,
  // every node placed just outside the neighbour that reached it
  function radial(hood, centre) {
    var angle = new Map([[hood.layers[0][0], 0]]);
    var updates = [];
    var cx = centre[0], cy = centre[1];
    var radius = 0;
    hood.layers.forEach(function (layer, d) {
      if (d === 0) { updates.push([layer[0], cx, cy]); return; }
      layer.sort(function (a, b) {
        var pa = angle.get(hood.parent.get(a)), pb = angle.get(hood.parent.get(b));
        return pa !== pb ? pa - pb : byKindAndLabel(a, b);
      });
      // crowded rings alternate between two radii so neighbouring labels do not collide
      var stagger = layer.length > 16;
      radius = Math.max(radius + 260, layer.length * (stagger ? 40 : 64) / (2 * Math.PI));
      layer.forEach(function (v, k) {
        var a = (2 * Math.PI * k) / layer.length - Math.PI / 2;
        var r = stagger && k % 2 ? radius + 110 : radius;
        angle.set(v, a);
        updates.push([v, cx + r * Math.cos(a), cy + r * Math.sin(a)]);
      });
      if (stagger) { radius += 110; }
    });
    var items = updates.map(function (u) {
      if (!moved.has(u[0])) { moved.set(u[0], [DATA.nodes[u[0]].x, DATA.nodes[u[0]].y]); }
      return { id: u[0], x: u[1], y: u[2] };
    });
    nodes.update(items);
  }

  function refresh() {
    computeVisibility();
    nodeView.refresh();
    edgeView.refresh();
  }

  function computeVisibility() {
    var i;
    if (state.focus !== null) {
      var hood = neighbourhood(state.focus, state.depth);
      nodeOn.fill(0);
      hood.parent.forEach(function (_, idx) { nodeOn[idx] = 1; });
      restorePositions();
      var f = DATA.nodes[state.focus];
      radial(hood, [f.x, f.y]);
    } else {
      restorePositions();
      for (i = 0; i < N; i++) { nodeOn[i] = nodePasses(i) ? 1 : 0; }
    }
    for (i = 0; i < DATA.edges.length; i++) {
      var e = DATA.edges[i];
      edgeOn[i] = nodeOn[e[0]] && nodeOn[e[1]] && edgePasses(i) ? 1 : 0;
    }
  }

  function visibleIds() {
    var ids = [];
    for (var i = 0; i < N; i++) { if (nodeOn[i]) { ids.push(i); } }
    return ids;
  }

  function fit(animate) {
    var ids = visibleIds();
    if (!ids.length) { return; }
    network.fit({ nodes: ids, animation: animate ? { duration: 350, easingFunction: "easeInOutQuad" } : false });
  }

  // ---- focus and overview ---------------------------------------------------------
  function setHash(link) {
    var target = "#" + link;
    if (location.hash === target) { return; }
    try { history.replaceState(null, "", target); } catch (err) { /* file: URLs on some browsers */ }
  }

  function focus(idx, options) {
    options = options || {};
    if (idx === null || idx === undefined || !revealed(DATA.nodes[idx].step)) { return false; }
    state.focus = idx;
    var n = DATA.nodes[idx];
    if (!state.kinds[n.kind]) { state.kinds[n.kind] = true; syncLegend(); }
    if (state.top >= 0 && !topSets[idx].has(state.top)) { state.top = -1; syncTopFilter(); }
    refresh();
    network.selectNodes([idx]);
    showInfo(idx);
    fit(options.animate !== false);
    if (options.hash !== false) { setHash(n.link); }
    return true;
  }

  function overview(options) {
    options = options || {};
    state.focus = null;
    refresh();
    fit(options.animate !== false);
    if (options.hash !== false) { setHash("view=all"); }
  }

  // ---- info panel -------------------------------------------------------------------
  var info = document.getElementById("info");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function nodeButton(idx) {
    var b = el("button", { type: "button", "class": "link", "data-node": String(idx) }, DATA.nodes[idx].label);
    b.addEventListener("click", function () { focus(idx); });
    return b;
  }

  var panelNeighbours = [];

  function showInfo(idx) {
    var n = DATA.nodes[idx];
    var data = DATA.info[idx];
    info.textContent = "";
    info.appendChild(el("h2", null, n.label));
    var kindWord = n.kind === "work" ? n.type : n.kind;
    var line = el("p", { "class": "kindline" }, kindWord + " · ");
    line.appendChild(el("a", { "class": "permalink", href: "#" + n.link, title: "Link straight to this entity" }, "permalink"));
    info.appendChild(line);

    var facts = data.facts.filter(function (f) { return revealed(f[2]); });
    if (facts.length) {
      var dl = el("dl");
      facts.forEach(function (f) { dl.appendChild(el("dt", null, f[0])); dl.appendChild(el("dd", null, f[1])); });
      info.appendChild(dl);
    }
    if (data.note && revealed(data.note[1])) { info.appendChild(el("p", { "class": "note" }, data.note[0])); }

    // neighbours grouped by the words of their relation, appearances and portrayals first
    var groups = new Map();
    panelNeighbours = [];
    incident[idx].forEach(function (eidx) {
      if (!edgeRevealed(eidx)) { return; }
      var e = DATA.edges[eidx];
      var other = e[0] === idx ? e[1] : e[0];
      if (!revealed(DATA.nodes[other].step)) { return; }
      var rel = DATA.relations[e[2]] || { label: e[2], inverse: e[2], category: "structure" };
      var words = e[0] === idx ? rel.label : rel.inverse;
      var rank = { appearance: 0, portrayal: 1 }[rel.category];
      var keyName = (rank === undefined ? 2 : rank) + "\u0000" + words;
      if (!groups.has(keyName)) { groups.set(keyName, { words: words, items: [] }); }
      var detail = e[4].filter(function (d) { return revealed(d[1]); }).map(function (d) { return d[0]; });
      groups.get(keyName).items.push({ node: other, detail: detail });
    });
    var keys = Array.from(groups.keys()).sort();
    if (keys.length) {
      keys.forEach(function (keyName) {
        var g = groups.get(keyName);
        info.appendChild(el("h3", null, g.words + " (" + g.items.length + ")"));
        var ul = el("ul");
        g.items.sort(function (a, b) { return DATA.nodes[a.node].label.localeCompare(DATA.nodes[b.node].label); });
        g.items.forEach(function (item) {
          var li = el("li");
          li.appendChild(nodeButton(item.node));
          panelNeighbours.push(item.node);
          if (item.detail.length) { li.appendChild(el("span", { "class": "detail" }, " — " + item.detail.join("; "))); }
          ul.appendChild(li);
        });
        info.appendChild(ul);
      });
    } else {
      info.appendChild(el("p", { "class": "empty" }, "No links shown."));
    }

    var sources = data.sources.filter(function (s) { return revealed(s[1]); });
    if (sources.length) {
      info.appendChild(el("h3", null, "Sources (" + sources.length + ")"));
      var su = el("ul", { "class": "sources" });
      sources.forEach(function (s) { su.appendChild(el("li", null, s[0])); });
      info.appendChild(su);
    }
    info.appendChild(el("p", { "class": "where" }, "IRI: " + data.iri));
    if (data.mark) { info.appendChild(el("p", { "class": "where" }, "Defined at " + data.mark)); }
  }

  function showWelcome() {
    info.textContent = "";
    info.appendChild(el("h2", null, DATA.universe.name));
    info.appendChild(el("p", { "class": "kindline" }, N + " entities, " + DATA.edges.length + " links"));
    info.appendChild(el("p", null, "Click a node, or search a name, to see its facts, appearances, relationships and sources here."));
  }

  // ---- search -------------------------------------------------------------------------
  var search = document.getElementById("search");
  var results = document.getElementById("results");
  var active = -1;
  var found = [];

  function match(query) {
    var q = fold(query);
    if (!q) { return []; }
    var out = [];
    DATA.nodes.forEach(function (n, idx) {
      if (!revealed(n.step)) { return; }
      var best = null;
      n.names.forEach(function (entry) {
        if (!revealed(entry[2])) { return; }
        var at = entry[1].indexOf(q);
        if (at < 0) { return; }
        var score = at === 0 ? (entry[1].length === q.length ? 0 : 1) : (entry[1].charAt(at - 1) === " " ? 2 : 3);
        if (best === null || score < best.score) { best = { score: score, name: entry[0] }; }
      });
      if (best !== null) { out.push({ node: idx, score: best.score, name: best.name }); }
    });
    out.sort(function (a, b) {
      return a.score - b.score || DATA.nodes[b.node].degree - DATA.nodes[a.node].degree ||
        DATA.nodes[a.node].label.localeCompare(DATA.nodes[b.node].label);
    });
    return out.slice(0, 12);
  }

  function closeResults() {
    results.hidden = true;
    search.setAttribute("aria-expanded", "false");
    search.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function markActive() {
    Array.prototype.forEach.call(results.children, function (li, k) {
      li.setAttribute("aria-selected", k === active ? "true" : "false");
    });
    if (active >= 0 && results.children[active]) {
      search.setAttribute("aria-activedescendant", results.children[active].id);
      results.children[active].scrollIntoView({ block: "nearest" });
    }
  }

  function pick(k) {
    var hit = found[k];
    if (!hit) { return; }
    closeResults();
    search.value = DATA.nodes[hit.node].label;
    focus(hit.node);
  }

  function renderResults() {
    found = match(search.value);
    results.textContent = "";
    active = found.length ? 0 : -1;
    if (!search.value.trim()) { closeResults(); return; }
    if (!found.length) {
      results.appendChild(el("li", { "class": "none", role: "option", "aria-disabled": "true" }, "Nothing matches"));
    }
    found.forEach(function (hit, k) {
      var n = DATA.nodes[hit.node];
      var li = el("li", { role: "option", id: "result-" + k, "data-node": String(hit.node) });
      li.appendChild(el("span", null, n.label));
      if (hit.name !== n.label) { li.appendChild(el("span", { "class": "alias" }, hit.name)); }
      li.appendChild(el("span", { "class": "kind" }, n.kind === "work" ? n.type : n.kind));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(k); });
      results.appendChild(li);
    });
    results.hidden = false;
    search.setAttribute("aria-expanded", "true");
    markActive();
  }

  search.addEventListener("input", renderResults);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" && found.length) { active = (active + 1) % found.length; markActive(); ev.preventDefault(); }
    else if (ev.key === "ArrowUp" && found.length) { active = (active - 1 + found.length) % found.length; markActive(); ev.preventDefault(); }
    else if (ev.key === "Enter") { if (!results.hidden || search.value.trim()) { if (results.hidden) { renderResults(); } pick(Math.max(active, 0)); } ev.preventDefault(); }
    else if (ev.key === "Escape") { if (!results.hidden) { closeResults(); } else { search.value = ""; search.blur(); } ev.preventDefault(); ev.stopPropagation(); }
  });
  search.addEventListener("blur", function () { setTimeout(closeResults, 100); });

  // ---- legend and filters ---------------------------------------------------------------
  var legendKinds = document.getElementById("legend-kinds");
  var legendRelations = document.getElementById("legend-relations");
  var kindCounts = {};
  DATA.nodes.forEach(function (n) { kindCounts[n.kind] = (kindCounts[n.kind] || 0) + 1; });

  function checkbox(label, swatch, checked, onChange, count) {
    var row = el("label");
    var box = el("input", { type: "checkbox" });
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    row.appendChild(box);
    row.appendChild(swatch);
    row.appendChild(el("span", null, label));
    if (count !== undefined) { row.appendChild(el("span", { "class": "count" }, count)); }
    return row;
  }

  function shapeSwatch(shape, colour) {
    var s = el("span", { "class": "swatch " + shape, "aria-hidden": "true" });
    s.style.background = colour;
    return s;
  }

  function syncLegend() {
    Array.prototype.forEach.call(legendKinds.querySelectorAll("input"), function (box) {
      box.checked = !!state.kinds[box.getAttribute("data-kind")];
    });
  }

  Object.keys(KINDS).forEach(function (kind) {
    if (!kindCounts[kind]) { return; }
    var k = KINDS[kind];
    var swatch = shapeSwatch(k.shape, k.colour);
    var row = checkbox(k.label, swatch, true, function (on) {
      state.kinds[kind] = on;
      refresh();
      if (state.focus === null) { fit(true); }
    }, kindCounts[kind]);
    row.querySelector("input").setAttribute("data-kind", kind);
    legendKinds.appendChild(row);
    if (kind === "work") {
      var sub = el("div", { "class": "legend-sub" });
      [["film", "films and specials"], ["series", "series, seasons, episodes"]].forEach(function (t) {
        var line = el("label");
        line.appendChild(el("span", { "class": "swatch", "aria-hidden": "true" }));
        line.appendChild(shapeSwatch(WORK_SHAPES[t[0]], WORK_COLOURS[t[0]]));
        line.appendChild(el("span", { "class": "detail" }, t[1]));
        sub.appendChild(line);
      });
      legendKinds.appendChild(sub);
    }
  });

  var usedCategories = {};
  DATA.edges.forEach(function (e) {
    var rel = DATA.relations[e[2]];
    if (rel) { usedCategories[rel.category] = (usedCategories[rel.category] || 0) + 1; }
  });
  Object.keys(CATEGORIES).forEach(function (cat) {
    if (!usedCategories[cat]) { return; }
    var c = CATEGORIES[cat];
    var swatch = el("span", { "class": "swatch line" + (c.dashes ? " dashed" : ""), "aria-hidden": "true" });
    swatch.style.borderTopColor = c.colour;
    var row = checkbox(c.label, swatch, true, function (on) {
      state.categories[cat] = on;
      refresh();
    }, usedCategories[cat]);
    row.querySelector("input").setAttribute("data-category", cat);
    legendRelations.appendChild(row);
  });

  var topFilter = document.getElementById("top-filter");
  DATA.tops.forEach(function (t, k) { topFilter.appendChild(el("option", { value: String(k) }, t[1] + " (" + t[2] + ")")); });
  function syncTopFilter() { topFilter.value = String(state.top); }
  topFilter.addEventListener("change", function () {
    state.top = parseInt(topFilter.value, 10);
    if (state.focus !== null && !nodePasses(state.focus)) { state.focus = null; }
    refresh();
    fit(true);
  });

  var depthSelect = document.getElementById("depth");
  depthSelect.value = String(state.depth);
  depthSelect.addEventListener("change", function () {
    state.depth = parseInt(depthSelect.value, 10);
    if (state.focus !== null) { focus(state.focus, { hash: false }); }
  });

  // ---- the spoiler shield in the page ---------------------------------------------------
  var watched = document.getElementById("watched");
  (function buildWatched() {
    var all = el("option", { value: "all" }, cut === null ? "Everything (no spoiler shield)" : "Everything in this file");
    watched.appendChild(all);
    var group = null, groupName = null;
    DATA.order.steps.forEach(function (s, k) {
      var option = el("option", { value: String(k) }, s[0]);
      if (s[1]) {
        if (groupName !== s[1]) { group = el("optgroup", { label: s[1] }); groupName = s[1]; watched.appendChild(group); }
        group.appendChild(option);
      } else {
        group = null; groupName = null;
        watched.appendChild(option);
      }
    });
    if (!DATA.order.steps.length) { watched.disabled = true; }
    watched.title = "Watch order: " + DATA.order.name;
  })();

  function setStep(value) {
    state.step = value === "all" || value === null ? ALL : Number(value);
    watched.value = state.step === ALL ? "all" : String(state.step);
    if (state.focus !== null && !revealed(DATA.nodes[state.focus].step)) {
      state.focus = null;
      network.unselectAll();
      showWelcome();
      setHash("view=all");
    }
    refresh();
    if (state.focus !== null) { showInfo(state.focus); }
    if (search.value) { renderResults(); closeResults(); }
  }
  watched.addEventListener("change", function () { setStep(watched.value); fit(true); });

  // ---- buttons, hint and keys -------------------------------------------------------------
  var physicsButton = document.getElementById("physics");
  function setPhysics(on) {
    state.physics = on;
    physicsButton.setAttribute("aria-pressed", on ? "true" : "false");
    physicsButton.textContent = "Physics: " + (on ? "on" : "off");
    network.setOptions({ physics: { enabled: on } });
  }
  physicsButton.addEventListener("click", function () { setPhysics(!state.physics); });
  document.getElementById("overview").addEventListener("click", function () { overview(); });

  var hint = document.getElementById("hint");
  var hintText = document.getElementById("hint-text");
  document.getElementById("hint-close").addEventListener("click", function () { hint.hidden = true; container.focus(); });
  document.getElementById("help-button").addEventListener("click", function () { hint.hidden = !hint.hidden; });

  function stepNeighbour(delta) {
    if (!panelNeighbours.length) { return; }
    var current = panelNeighbours.indexOf(state.focus);
    var list = panelNeighbours.slice();
    var k = (Math.max(0, current) + delta + list.length) % list.length;
    var target = list[k];
    var buttons = info.querySelectorAll("button.link[data-node='" + target + "']");
    if (buttons.length) { buttons[0].focus(); }
  }

  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target && ev.target.tagName) || "";
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    switch (ev.key) {
      case "/": search.focus(); search.select(); ev.preventDefault(); break;
      case "Escape": hint.hidden = true; overview(); break;
      case "f": fit(true); break;
      case "p": setPhysics(!state.physics); break;
      case "+": case "=": network.moveTo({ scale: network.getScale() * 1.25 }); break;
      case "-": case "_": network.moveTo({ scale: network.getScale() / 1.25 }); break;
      case "[": stepNeighbour(-1); break;
      case "]": stepNeighbour(1); break;
      case "?": hint.hidden = !hint.hidden; break;
      default: return;
    }
  });

  window.addEventListener("hashchange", function () {
    var target = fromHash();
    if (target === "all") { overview({ hash: false }); showWelcome(); }
    else if (target !== null) { focus(target, { hash: false }); }
  });

  // what the address asks for: a node index, "all", or null (nothing, or nothing usable)
  function fromHash() {
    var raw = location.hash.replace(/^#/, "");
    var wanted;
    try { wanted = decodeURIComponent(raw); } catch (err) { wanted = raw; }
    if (!wanted) { return null; }
    if (wanted === "view=all") { return "all"; }
    var idx = Object.prototype.hasOwnProperty.call(byLink, wanted) ? byLink[wanted] : undefined;
    if (idx === undefined) {
      hintText.textContent = "Nothing called \u201c" + wanted + "\u201d is in this page" +
        (cut !== null ? " (it may be hidden by the spoiler shield)." : ".");
      hint.hidden = false;
      return null;
    }
    if (!revealed(DATA.nodes[idx].step)) {
      hintText.textContent = "\u201c" + wanted + "\u201d is hidden by the spoiler shield.";
      hint.hidden = false;
      return null;
    }
    return idx;
  }

  // ---- start --------------------------------------------------------------------------------
  var start = DATA.start.focus;
  var hintFor = start !== null ? DATA.nodes[start].label : null;
  hintText.textContent = N ? (hintFor ? "You are looking at " + hintFor + " and what it links to. " : "") +
    "Search a name or alias above, click any node to focus on it and open its facts on the right, " +
    "or press Esc for the whole map." + (DATA.order.steps.length ? " Use \u201cWatched up to\u201d to hide spoilers." : "")
    : "This universe has no entities to draw yet.";
  var first = N ? fromHash() : null;
  if (first === null && start !== null) { first = start; }
  state.focus = typeof first === "number" ? first : null;
  computeVisibility();
  mark("datasets");
  network = createNetwork();
  mark("network");
  network.once("afterDrawing", function () {
    drawn = true;
    mark("drawn");
    window.mcugraphDrawnAt = performance.now();
    document.body.setAttribute("data-ready", "1");
  });
  network.on("click", function (params) {
    if (params.nodes && params.nodes.length) {
      var idx = params.nodes[0];
      if (idx === state.focus) { showInfo(idx); return; }
      focus(idx);
    }
  });
  network.on("doubleClick", function (params) {
    if (!params.nodes || !params.nodes.length) { overview(); }
  });
  if (state.focus !== null) {
    network.selectNodes([state.focus]);
    showInfo(state.focus);
  } else {
    showWelcome();
  }
  fit(false);

  window.mcugraph = {
    network: network, nodes: nodes, edges: edges, data: DATA, state: state,
    focus: focus, overview: overview, setStep: setStep, setPhysics: setPhysics,
    visibleNodes: visibleIds, byLink: byLink,
    visibleEdges: function () {
      var ids = [];
      for (var i = 0; i < edgeOn.length; i++) { if (edgeOn[i]) { ids.push(i); } }
      return ids;
    },
    isDrawn: function () { return drawn; }
  };
})();
