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
    person: { label: "People (cast and crew)", colour: "#8b5cf6", shape: "diamond" },
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
  // the watch orders the page offers (a shielded file: only its own); a step in the data is
  // a number, or one number per order where the orders disagree
  var orders = DATA.orders || [DATA.order];
  var steps = orders[0].steps;
  var state = {
    order: 0,
    step: ALL,
    kinds: {},
    categories: {},
    top: -1,
    focus: null,
    depth: Math.max(1, Math.min(3, DATA.start.depth || 1))
  };
  Object.keys(KINDS).forEach(function (k) { state.kinds[k] = true; });
  Object.keys(CATEGORIES).forEach(function (c) { state.categories[c] = true; });

  // one rule for everything the page shows, counts, finds or opens: a step at or before
  // the watched point ("Everything" shows all that the file holds)
  function stepIn(step) { return Array.isArray(step) ? step[state.order] : step; }
  function revealed(step) {
    if (state.step === ALL) { return true; }
    step = stepIn(step);
    return step !== null && step <= state.step;
  }

  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/\u2019/g, "'").split(/\s+/).filter(Boolean).join(" ");
  }

  // labels on the canvas and in lists stay short; the panel's heading shows the name whole
  var LONGEST = 48;
  function short(text) {
    var chars = Array.from(text);
    return chars.length > LONGEST ? chars.slice(0, LONGEST - 1).join("") + "\u2026" : text;
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
    return { shape: shape, colour: colour };
  }
  function kindWord(n) { return n.kind === "work" ? n.type : n.kind; }

  // links and size as the fan at the watched point sees them: revealed neighbours only
  function seenDegree(idx) {
    var others = new Set();
    incident[idx].forEach(function (eidx) {
      var e = DATA.edges[eidx];
      var other = e[0] === idx ? e[1] : e[0];
      if (revealed(e[3]) && revealed(DATA.nodes[other].step)) { others.add(other); }
    });
    return others.size;
  }
  function nodeLook(idx) {
    var n = DATA.nodes[idx];
    var degree = seenDegree(idx);
    var weight = degree;
    if (n.cast) { n.cast.forEach(function (c) { if (revealed(c[1]) && revealed(DATA.nodes[c[0]].step)) { weight += 1; } }); }
    // importance is the number of links, square-rooted so the hubs do not dwarf everything
    var value = Math.sqrt(weight + 1);
    if (n.kind === "work" && n.type === "episode") { value = Math.min(value, 1.5); }
    return {
      id: idx, value: value,
      title: n.label + "\n" + kindWord(n) + " \u00b7 " + degree + (degree === 1 ? " link" : " links")
    };
  }

  var big = N > 1500;
  var lookStep = "0:" + state.step;  // the order and watched point the nodes' sizes and tooltips were made for
  var nodeItems = DATA.nodes.map(function (n, idx) {
    var st = nodeStyle(n);
    var look = nodeLook(idx);
    return {
      id: idx, label: short(n.label), x: n.x, y: n.y, shape: st.shape, value: look.value, title: look.title,
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
      title: short(DATA.nodes[e[0]].label) + " \u2014 " + rel.label + " \u2192 " + short(DATA.nodes[e[1]].label),
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
  // labels drawn smaller than this on screen are not drawn at all (they appear as you zoom in)
  var SMALLEST_LABEL = 11;
  var LARGEST_LABEL = 30;
  var LABEL_LINE = LARGEST_LABEL * 1.25;
  function createNetwork() {
    return new vis.Network(container, { nodes: nodeView, edges: edgeView }, {
      autoResize: true,
      physics: { enabled: false },
      layout: { improvedLayout: false, randomSeed: 1 },
      interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                     keyboard: false, multiselect: false, navigationButtons: false },
      nodes: { font: { size: 14, color: "#111827", strokeWidth: 3, strokeColor: "#ffffff" },
               // size by importance; the labels of big nodes grow with them, so the hubs stay
               // readable on the whole map while the small ones appear as you zoom in
               scaling: { min: 9, max: 50, label: { enabled: true, min: 13, max: 30, drawThreshold: SMALLEST_LABEL, maxVisible: LARGEST_LABEL } } },
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
    var e = DATA.edges[idx];
    return revealed(e[3]) && revealed(DATA.nodes[e[0]].step) && revealed(DATA.nodes[e[1]].step);
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

  // ---- labels that do not pile up ------------------------------------------------------
  // In a focus view every label is laid out on screen, biggest node first, and a label
  // that would cover one already placed is hidden: its node keeps its tooltip, and zooming
  // in (which spreads the nodes more than it grows the labels) brings it back.
  var hiddenLabels = new Set();
  var labelBox = new Map();  // node -> its box (shape and label) in canvas units, relative to the node
  var labelsDirty = false;
  var placedScale = null;  // the zoom the labels were last placed for
  function placeLabels() {
    if (!network) { return; }
    labelsDirty = false;
    placedScale = network.getScale();
    var ids = state.focus === null ? [] : visibleIds();
    var want = new Set();
    if (ids.length > 1 && ids.length <= 600) {
      var positions = network.getPositions(ids);
      ids.forEach(function (idx) {
        if (hiddenLabels.has(idx) && labelBox.has(idx)) { return; }
        var bb = network.getBoundingBox(idx);
        var p = positions[idx];
        // the label sits below the shape, whose top is as far above the centre as its bottom is below
        if (bb && p) { labelBox.set(idx, [bb.left - p.x, p.y - bb.top, bb.right - p.x, bb.bottom - p.y]); }
      });
      ids.sort(function (a, b) { return (a === state.focus ? -1 : b === state.focus ? 1 : 0) ||
        DATA.nodes[b].weight - DATA.nodes[a].weight || a - b; });
      var placed = [];
      ids.forEach(function (idx) {
        var rel = labelBox.get(idx), p = positions[idx];
        if (!rel || !p) { return; }
        var a = network.canvasToDOM({ x: p.x + rel[0], y: p.y + rel[1] });
        var b = network.canvasToDOM({ x: p.x + rel[2], y: p.y + rel[3] });
        var h = b.y - a.y;
        if (h < SMALLEST_LABEL) { return; }  // too small to be drawn at this zoom
        // labels stop growing at their largest size on screen while the nodes keep spreading
        var grow = Math.min(1, LABEL_LINE / h);
        var mid = (a.x + b.x) / 2, half = (b.x - a.x) / 2 * grow;
        var box = [mid - half, a.y, mid + half, a.y + h * grow];
        var clash = placed.some(function (o) { return box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]; });
        if (clash && idx !== state.focus) { want.add(idx); } else { placed.push(box); }
      });
    }
    var updates = [];
    hiddenLabels.forEach(function (idx) { if (!want.has(idx)) { updates.push({ id: idx, label: short(DATA.nodes[idx].label) }); } });
    want.forEach(function (idx) { if (!hiddenLabels.has(idx)) { updates.push({ id: idx, label: "" }); } });
    hiddenLabels = want;
    if (updates.length) { nodes.update(updates); }
  }
  function labelsLater() { labelsDirty = true; if (network) { network.redraw(); } }

  function fit(animate) {
    var ids = visibleIds();
    if (!ids.length) { return; }
    // fit, then step back a little so the labels of the outermost nodes are not cut off
    network.fit({ nodes: ids, animation: false });
    var target = { position: network.getViewPosition(), scale: network.getScale() * 0.86 };
    if (animate) { target.animation = { duration: 300, easingFunction: "easeInOutQuad" }; }
    network.moveTo(target);
    labelsLater();
  }

  // ---- the watched point, kept in the address and in the browser ------------------------
  function storeKey(what) { return "mcugraph:" + what + ":" + DATA.universe.name + (what === "watched" ? ":" + orders[state.order].id : ""); }
  function stored(what) {
    try { return window.localStorage.getItem(storeKey(what || "watched")); } catch (err) { return null; }
  }
  function store(value, what) {
    try {
      var key = storeKey(what || "watched");
      if (value === null) { window.localStorage.removeItem(key); } else { window.localStorage.setItem(key, value); }
    } catch (err) { /* storage refused (private mode, file: on some browsers): the address still keeps it */ }
  }
  function watchedWord() { return state.step === ALL ? null : String(state.step); }

  // the address: "#link" or "#view=all", with "&watched=K" while the shield is on
  var currentLink = "view=all";
  function setHash(link) {
    if (link !== undefined) { currentLink = link; }
    var w = watchedWord();
    var target = "#" + currentLink + (state.order ? "&order=" + encodeURIComponent(orders[state.order].id) : "") +
      (w !== null ? "&watched=" + w : "");
    if (location.hash === target) { return; }
    try { history.replaceState(null, "", target); } catch (err) { /* file: URLs on some browsers */ }
  }
  function parseHash() {
    var raw = location.hash.replace(/^#/, "");
    var out = { link: null, watched: null, order: null };
    raw.split("&").forEach(function (part) {
      var word;
      try { word = decodeURIComponent(part); } catch (err) { word = part; }
      if (word.indexOf("watched=") === 0) { out.watched = word.slice(8); }
      else if (word.indexOf("order=") === 0) { out.order = word.slice(6); }
      else if (word) { out.link = word; }
    });
    return out;
  }

  // ---- focus and overview ---------------------------------------------------------
  var info = document.getElementById("info");
  var hint = document.getElementById("hint");
  var hintText = document.getElementById("hint-text");
  var helpButton = document.getElementById("help-button");

  function showHint(text) {
    if (text !== undefined) { hintText.textContent = text; }
    hint.hidden = false;
    helpButton.setAttribute("aria-expanded", "true");
  }
  function hideHint() {
    hint.hidden = true;
    helpButton.setAttribute("aria-expanded", "false");
  }
  function usualHint() {
    var here = state.focus !== null ? "You are looking at " + short(DATA.nodes[state.focus].label) + " and what it links to. " : "";
    return N ? here + "Search a name or alias above, click any node to focus on it and open its facts on the right, " +
      "or press Esc for the whole map." + (steps.length ? " Tick what you have watched under \u201cWatch order\u201d (or use \u201cWatched up to\u201d) to hide spoilers." : "")
      : "This universe has no entities to draw yet.";
  }

  function focus(idx, options) {
    options = options || {};
    if (idx === null || idx === undefined || !revealed(DATA.nodes[idx].step)) { return false; }
    state.focus = idx;
    neighbourCursor = -1;
    var n = DATA.nodes[idx];
    if (!state.kinds[n.kind]) { state.kinds[n.kind] = true; syncLegend(); }
    if (state.top >= 0 && !topSets[idx].has(state.top)) { state.top = -1; syncTopFilter(); }
    refresh();
    network.selectNodes([idx]);
    showInfo(idx);
    hintText.textContent = usualHint();
    fit(options.animate !== false);
    if (options.hash !== false) { setHash(n.link); }
    return true;
  }

  function overview(options) {
    options = options || {};
    state.focus = null;
    neighbourCursor = -1;
    refresh();
    if (network) { network.unselectAll(); }
    showWelcome();
    hintText.textContent = usualHint();
    fit(options.animate !== false);
    if (options.hash !== false) { setHash("view=all"); }
  }

  // ---- info panel -------------------------------------------------------------------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  // text from the data, isolated so a right-to-left name cannot reorder what is around it
  function bdi(text) { return el("bdi", null, text); }

  function nodeButton(idx) {
    var b = el("button", { type: "button", "class": "link", "data-node": String(idx), title: DATA.nodes[idx].label });
    b.appendChild(bdi(short(DATA.nodes[idx].label)));
    b.addEventListener("click", function () { focus(idx); });
    return b;
  }

  var panelNeighbours = [];
  var neighbourCursor = -1;

  function neighbourItem(item) {
    var li = el("li");
    li.appendChild(nodeButton(item.node));
    panelNeighbours.push(item.node);
    if (item.detail.length) {
      var d = el("span", { "class": "detail", dir: "auto" }, " \u2014 ");
      d.appendChild(bdi(item.detail.join("; ")));
      li.appendChild(d);
    }
    return li;
  }

  // a character's works, by season (collapsed) after the films and whole series
  function worksBySeason(items) {
    var box = el("div", { "class": "by-season" });
    var loose = el("ul");
    var seasons = new Map();
    items.forEach(function (item) {
      var n = DATA.nodes[item.node];
      var parent = n.type === "episode" && n.parent !== undefined ? n.parent : null;
      if (parent === null) { loose.appendChild(neighbourItem(item)); return; }
      if (!seasons.has(parent)) { seasons.set(parent, []); }
      seasons.get(parent).push(item);
    });
    if (loose.children.length) { box.appendChild(loose); }
    Array.from(seasons.keys()).sort(function (a, b) { return (stepIn(DATA.nodes[a].at) || 0) - (stepIn(DATA.nodes[b].at) || 0) || a - b; })
      .forEach(function (season) {
        var details = el("details");
        var summary = el("summary");
        summary.appendChild(bdi(short(DATA.nodes[season].label)));
        summary.appendChild(document.createTextNode(" (" + seasons.get(season).length + (seasons.get(season).length === 1 ? " episode)" : " episodes)")));
        details.appendChild(summary);
        var ul = el("ul");
        seasons.get(season).sort(function (a, b) { return (stepIn(DATA.nodes[a.node].at) || 0) - (stepIn(DATA.nodes[b.node].at) || 0); })
          .forEach(function (item) { ul.appendChild(neighbourItem(item)); });
        details.appendChild(ul);
        box.appendChild(details);
      });
    return box;
  }

  function showInfo(idx) {
    var n = DATA.nodes[idx];
    var data = DATA.info[idx];
    info.textContent = "";
    var h2 = el("h2", { dir: "auto" });
    h2.appendChild(bdi(n.label));
    info.appendChild(h2);
    var line = el("p", { "class": "kindline" }, kindWord(n) + " \u00b7 ");
    line.appendChild(el("a", { "class": "permalink", href: "#" + n.link, title: "Link straight to this entity" }, "permalink"));
    info.appendChild(line);

    var facts = data.facts.filter(function (f) { return revealed(f[2]); });
    if (facts.length) {
      var dl = el("dl");
      facts.forEach(function (f) {
        dl.appendChild(el("dt", null, f[0]));
        var dd = el("dd", { dir: "auto" });
        dd.appendChild(bdi(f[1]));
        dl.appendChild(dd);
      });
      info.appendChild(dl);
    }
    if (data.note && revealed(data.note[1])) {
      var note = el("p", { "class": "note", dir: "auto" });
      note.appendChild(bdi(data.note[0]));
      info.appendChild(note);
    }

    // neighbours grouped by the words of their relation, appearances and portrayals first
    var groups = new Map();
    panelNeighbours = [];
    incident[idx].forEach(function (eidx) {
      if (!edgeRevealed(eidx)) { return; }
      var e = DATA.edges[eidx];
      var other = e[0] === idx ? e[1] : e[0];
      var rel = DATA.relations[e[2]] || { label: e[2], inverse: e[2], category: "structure" };
      var words = e[0] === idx ? rel.label : rel.inverse;
      var rank = { appearance: 0, portrayal: 1 }[rel.category];
      var keyName = (rank === undefined ? 2 : rank) + "\u0000" + words;
      if (!groups.has(keyName)) { groups.set(keyName, { words: words, items: [], appears: e[2] === "appears_in" && e[0] === idx }); }
      var detail = e[4].filter(function (d) { return revealed(d[1]); }).map(function (d) { return d[0]; });
      groups.get(keyName).items.push({ node: other, detail: detail });
    });
    var keys = Array.from(groups.keys()).sort();
    if (keys.length) {
      keys.forEach(function (keyName) {
        var g = groups.get(keyName);
        info.appendChild(el("h3", null, g.words + " (" + g.items.length + ")"));
        g.items.sort(function (a, b) { return DATA.nodes[a.node].label.localeCompare(DATA.nodes[b.node].label); });
        if (g.appears && n.kind === "character") { info.appendChild(worksBySeason(g.items)); return; }
        var ul = el("ul");
        g.items.forEach(function (item) { ul.appendChild(neighbourItem(item)); });
        info.appendChild(ul);
      });
    } else {
      info.appendChild(el("p", { "class": "empty" }, "No links shown."));
    }

    // a source in full once nothing in it is news; by its publisher alone until then
    var sources = [];
    data.sources.forEach(function (s) {
      if (revealed(s[1])) { sources.push(s[0]); }
      else if (s[2] && revealed(s[3])) { sources.push(s[2] + " (title hidden until you have watched further)"); }
    });
    if (sources.length) {
      info.appendChild(el("h3", null, "Sources (" + sources.length + ")"));
      var su = el("ul", { "class": "sources" });
      sources.forEach(function (s) { var li = el("li", { dir: "auto" }); li.appendChild(bdi(s)); su.appendChild(li); });
      info.appendChild(su);
    }
    info.appendChild(el("p", { "class": "where" }, "IRI: " + data.iri));
    if (data.mark) { info.appendChild(el("p", { "class": "where" }, "Defined at " + data.mark)); }
  }

  function shownCount() {
    var count = 0;
    for (var i = 0; i < N; i++) { if (revealed(DATA.nodes[i].step)) { count++; } }
    return count;
  }
  function shownLinks() {
    var count = 0;
    for (var i = 0; i < DATA.edges.length; i++) { if (edgeRevealed(i)) { count++; } }
    return count;
  }

  function showWelcome() {
    info.textContent = "";
    info.appendChild(el("h2", null, DATA.universe.name));
    info.appendChild(el("p", { "class": "kindline" }, shownCount() + " entities, " + shownLinks() + " links"));
    info.appendChild(el("p", null, "Click a node, or search a name, to see its facts, appearances, relationships and sources here."));
  }

  // ---- search -------------------------------------------------------------------------
  var search = document.getElementById("search");
  var results = document.getElementById("results");
  var active = -1;
  var found = [];
  var noteWords = [];  // folded notes, made when first searched

  // where a query matches a folded name: 0 the whole name, 1 its start, 2 the start of a
  // later word; a match inside a word does not count ("igh" does not find "Righteous")
  function wordStart(name, q) {
    if (name === q) { return 0; }
    if (name.indexOf(q) === 0) { return 1; }
    var at = name.indexOf(" " + q);
    if (at >= 0) { return 2; }
    var m = name.search(new RegExp("[^\\p{L}\\p{N}]" + q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "u"));
    return m >= 0 ? 2 : -1;
  }
  // series and films first, then who and what, seasons, and episodes last
  var KIND_RANK = { series: 0, film: 0, special: 0, character: 1, person: 2, event: 3, organization: 3, location: 3, season: 4, episode: 5 };

  function atOrder(n) {
    if (n.at === undefined) { return 0; }
    var at = stepIn(n.at);
    return at === null ? Infinity : at;
  }

  function match(query) {
    var q = fold(query);
    if (!q) { return []; }
    var out = [];
    DATA.nodes.forEach(function (n, idx) {
      if (!revealed(n.step)) { return; }
      var best = null;
      n.names.forEach(function (entry) {
        if (!revealed(entry[2])) { return; }
        var score = wordStart(entry[1], q);
        if (score < 0) { return; }
        if (best === null || score < best.score) { best = { score: score, name: entry[0] }; }
      });
      if (best === null) {
        var note = DATA.info[idx].note;
        if (note && revealed(note[1])) {
          if (noteWords[idx] === undefined) { noteWords[idx] = fold(note[0]); }
          if (wordStart(noteWords[idx], q) >= 0) { best = { score: 3, name: "in its note" }; }
        }
      }
      if (best !== null) { out.push({ node: idx, score: best.score, name: best.name }); }
    });
    out.sort(function (a, b) {
      var na = DATA.nodes[a.node], nb = DATA.nodes[b.node];
      var ra = KIND_RANK[kindWord(na)], rb = KIND_RANK[kindWord(nb)];
      return a.score - b.score || (ra === undefined ? 3 : ra) - (rb === undefined ? 3 : rb) ||
        atOrder(na) - atOrder(nb) ||
        nb.degree - na.degree || na.label.localeCompare(nb.label);
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
    } else {
      search.removeAttribute("aria-activedescendant");
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
    active = -1;  // nothing chosen until an arrow key says so; Enter takes the first
    if (!search.value.trim()) { closeResults(); return; }
    if (!found.length) {
      results.appendChild(el("li", { "class": "none", role: "option", "aria-disabled": "true" }, "Nothing matches"));
    }
    found.forEach(function (hit, k) {
      var n = DATA.nodes[hit.node];
      var li = el("li", { role: "option", id: "result-" + k, "data-node": String(hit.node), "aria-selected": "false" });
      li.appendChild(el("span", { "class": "name" })).appendChild(bdi(short(n.label)));
      if (hit.name !== n.label) { li.appendChild(el("span", { "class": "alias" })).appendChild(bdi(short(hit.name))); }
      li.appendChild(el("span", { "class": "kind" }, kindWord(n)));
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
    else if (ev.key === "ArrowUp" && found.length) { active = active < 0 ? found.length - 1 : active - 1; markActive(); ev.preventDefault(); }
    else if (ev.key === "Enter") {
      if (search.value.trim()) {
        if (results.hidden) { renderResults(); }
        pick(Math.max(active, 0));
      }
      ev.preventDefault();
    }
    else if (ev.key === "Escape") { if (!results.hidden) { closeResults(); } else { search.value = ""; search.blur(); } ev.preventDefault(); ev.stopPropagation(); }
  });
  search.addEventListener("blur", function () { closeResults(); });

  // ---- legend and filters ---------------------------------------------------------------
  var legendKinds = document.getElementById("legend-kinds");
  var legendRelations = document.getElementById("legend-relations");

  function checkbox(label, swatch, checked, onChange) {
    var row = el("label");
    var box = el("input", { type: "checkbox" });
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    row.appendChild(box);
    row.appendChild(swatch);
    row.appendChild(el("span", null, label));
    row.appendChild(el("span", { "class": "count" }, ""));
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

  var kindRows = {};
  Object.keys(KINDS).forEach(function (kind) {
    if (!DATA.nodes.some(function (n) { return n.kind === kind; })) { return; }
    var k = KINDS[kind];
    var row = checkbox(k.label, shapeSwatch(k.shape, k.colour), true, function (on) {
      state.kinds[kind] = on;
      refresh();
      if (state.focus === null) { fit(true); }
    });
    row.querySelector("input").setAttribute("data-kind", kind);
    legendKinds.appendChild(row);
    kindRows[kind] = row;
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

  var categoryRows = {};
  Object.keys(CATEGORIES).forEach(function (cat) {
    var used = DATA.edges.some(function (e) { var rel = DATA.relations[e[2]]; return rel && rel.category === cat; });
    if (!used) { return; }
    var c = CATEGORIES[cat];
    var swatch = el("span", { "class": "swatch line" + (c.dashes ? " dashed" : ""), "aria-hidden": "true" });
    swatch.style.borderTopColor = c.colour;
    var row = checkbox(c.label, swatch, true, function (on) {
      state.categories[cat] = on;
      refresh();
      labelsLater();
    });
    row.querySelector("input").setAttribute("data-category", cat);
    legendRelations.appendChild(row);
    categoryRows[cat] = row;
  });

  var topFilter = document.getElementById("top-filter");
  function syncTopFilter() {
    // only the series and films the fan has started are offered
    while (topFilter.options.length > 1) { topFilter.remove(1); }
    DATA.tops.forEach(function (t, k) {
      if (revealed(t[3])) { topFilter.appendChild(el("option", { value: String(k) }, short(t[1]) + " (" + t[2] + ")")); }
    });
    if (state.top >= 0 && !revealed(DATA.tops[state.top][3])) { state.top = -1; }
    topFilter.value = String(state.top);
  }
  topFilter.addEventListener("change", function () {
    state.top = parseInt(topFilter.value, 10);
    if (state.focus !== null && !nodePasses(state.focus)) { state.focus = null; showWelcome(); setHash("view=all"); }
    refresh();
    fit(true);
  });

  var depthSelect = document.getElementById("depth");
  depthSelect.value = String(state.depth);
  depthSelect.addEventListener("change", function () {
    state.depth = parseInt(depthSelect.value, 10);
    if (state.focus !== null) { focus(state.focus, { hash: false }); }
  });

  // counts, sizes, tooltips and the description as the fan at the watched point sees them
  var countLine = document.getElementById("count");
  var about = document.getElementById("about");
  var aboutText = document.getElementById("about-text");
  function syncCounts() {
    var kinds = {}, cats = {};
    var i;
    for (i = 0; i < N; i++) {
      if (revealed(DATA.nodes[i].step)) { kinds[DATA.nodes[i].kind] = (kinds[DATA.nodes[i].kind] || 0) + 1; }
    }
    for (i = 0; i < DATA.edges.length; i++) {
      if (!edgeRevealed(i)) { continue; }
      var rel = DATA.relations[DATA.edges[i][2]];
      if (rel) { cats[rel.category] = (cats[rel.category] || 0) + 1; }
    }
    Object.keys(kindRows).forEach(function (k) {
      kindRows[k].hidden = !kinds[k];
      kindRows[k].querySelector(".count").textContent = String(kinds[k] || 0);
    });
    Object.keys(categoryRows).forEach(function (c) {
      categoryRows[c].hidden = !cats[c];
      categoryRows[c].querySelector(".count").textContent = String(cats[c] || 0);
    });
    var shown = shownCount();
    countLine.textContent = shown + (shown === 1 ? " entity" : " entities");
    var d = DATA.universe.description;
    var showAbout = !!(d && d[0] && revealed(d[1]));
    about.hidden = !showAbout;
    aboutText.textContent = showAbout ? d[0] : "";
    if (lookStep !== state.order + ":" + state.step) {  // sizes and tooltips were made for another watched point
      lookStep = state.order + ":" + state.step;
      nodes.update(DATA.nodes.map(function (_, idx) { return nodeLook(idx); }));
    }
  }

  // ---- the spoiler shield in the page ---------------------------------------------------
  var watched = document.getElementById("watched");
  var watchList = document.getElementById("watch-list");
  var nextUp = document.getElementById("next-up");

  // how step k is named to a fan at the watched point: in full once watched, by number
  // once its series is started, else by kind and year
  function stepName(k) {
    var s = steps[k];
    if (revealed(k)) { return s[0]; }
    if (s[2] && revealed(s[4])) { return s[2]; }
    return s[3];
  }
  function groupName(k) {
    var s = steps[k];
    if (!s[1]) { return null; }
    if (revealed(k)) { return s[1]; }
    return s[2] && revealed(s[4]) ? s[1] : "a season";
  }

  function syncWatched() {
    watched.textContent = "";
    watched.appendChild(el("option", { value: "all" }, cut === null ? "Everything (no spoiler shield)" : "Everything in this file"));
    var group = null, current = null;
    steps.forEach(function (s, k) {
      var option = el("option", { value: String(k) }, stepName(k));
      var g = groupName(k);
      if (g) {
        if (current !== s[1]) { group = el("optgroup", { label: g }); current = s[1]; watched.appendChild(group); }
        group.appendChild(option);
      } else {
        group = null; current = null;
        watched.appendChild(option);
      }
    });
    watched.disabled = !steps.length;
    watched.title = "Watch order: " + orders[state.order].name;
    watched.value = state.step === ALL ? "all" : String(state.step);

    watchList.textContent = "";
    steps.forEach(function (s, k) {
      var li = el("li");
      var label = el("label");
      var box = el("input", { type: "checkbox", "data-step": String(k) });
      box.checked = state.step === ALL ? cut !== null : k <= state.step;
      box.addEventListener("change", function () {
        // ticking a step means everything before it is watched too; unticking it, that it is not
        setStep(box.checked ? k : k - 1);
        fit(true);
      });
      label.appendChild(box);
      label.appendChild(bdi(stepName(k)));
      li.appendChild(label);
      watchList.appendChild(li);
    });
    var next;
    if (state.step === ALL) { next = cut !== null ? DATA.order.next : null; }
    else if (state.step + 1 < steps.length) { next = stepName(state.step + 1); }
    else { next = cut !== null && DATA.order.next ? DATA.order.next : null; }
    nextUp.textContent = next ? "Next up: " + next :
      (state.step === ALL && cut === null ? "Tick the last thing you watched to hide what comes after it." : "You have watched everything in this order.");
  }

  function setStep(value, options) {
    options = options || {};
    var n = value === "all" || value === null || value === undefined ? ALL : Number(value);
    if (n !== ALL && (!isFinite(n) || n < -1)) { n = ALL; }
    if (n !== ALL && n >= steps.length) { n = steps.length - 1; }
    state.step = n;
    store(state.step === ALL ? null : String(state.step));
    if (state.focus !== null && !revealed(DATA.nodes[state.focus].step)) {
      state.focus = null;
      if (network) { network.unselectAll(); }
      currentLink = "view=all";
    }
    syncWatched();
    syncTopFilter();
    syncCounts();
    if (!network) { return; }
    refresh();
    if (state.focus !== null) { showInfo(state.focus); } else { showWelcome(); }
    if (search.value) { renderResults(); closeResults(); }
    if (options.hash !== false) { setHash(); }
    labelsLater();
  }
  watched.addEventListener("change", function () { setStep(watched.value); fit(true); });

  var orderSelect = document.getElementById("watch-order");
  // "release order" reads "Release order", "order 'The Binge'" reads "The Binge"
  function orderTitle(o) {
    var m = /^order '(.*)'$/.exec(o.name);
    var name = m ? m[1] : o.name;
    return name.charAt(0).toUpperCase() + name.slice(1);
  }
  orders.forEach(function (o, k) { orderSelect.appendChild(el("option", { value: String(k) }, orderTitle(o))); });
  orderSelect.disabled = orders.length < 2;
  function setOrder(k, options) {
    k = Math.max(0, Math.min(orders.length - 1, Number(k) || 0));
    state.order = k;
    steps = orders[k].steps;
    orderSelect.value = String(k);
    store(k ? orders[k].id : null, "order");
    var keep = stored();
    setStep(keep === null ? "all" : keep, options);
  }
  orderSelect.addEventListener("change", function () { setOrder(orderSelect.value); fit(true); });
  function orderIndex(id) {
    for (var k = 0; k < orders.length; k++) { if (orders[k].id === id) { return k; } }
    return 0;
  }

  // ---- drawer, hint and keys -------------------------------------------------------------
  var controls = document.getElementById("controls");
  var drawerButton = document.getElementById("controls-toggle");
  function setDrawer(open) {
    controls.classList.toggle("open", open);
    drawerButton.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { document.getElementById("controls-close").focus(); } else if (document.activeElement && controls.contains(document.activeElement)) { drawerButton.focus(); }
  }
  drawerButton.addEventListener("click", function () { setDrawer(!controls.classList.contains("open")); });
  document.getElementById("controls-close").addEventListener("click", function () { setDrawer(false); });
  document.getElementById("overview").addEventListener("click", function () { overview(); });
  document.getElementById("hint-close").addEventListener("click", function () { hideHint(); container.focus(); });
  helpButton.addEventListener("click", function () { if (hint.hidden) { showHint(usualHint()); } else { hideHint(); } });

  function stepNeighbour(delta) {
    if (!panelNeighbours.length) { return; }
    var list = panelNeighbours;
    var k = neighbourCursor < 0 ? (delta > 0 ? 0 : list.length - 1) : (neighbourCursor + delta + list.length) % list.length;
    neighbourCursor = k;
    var buttons = info.querySelectorAll("button.link");
    var button = buttons[k];
    if (button) {
      var closed = button.closest("details");
      if (closed) { closed.open = true; }
      button.focus();
    }
  }

  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target && ev.target.tagName) || "";
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    switch (ev.key) {
      case "/": search.focus(); search.select(); ev.preventDefault(); break;
      case "Escape":
        if (controls.classList.contains("open")) { setDrawer(false); break; }
        hideHint(); overview(); break;
      case "f": fit(true); break;
      case "+": case "=": network.moveTo({ scale: network.getScale() * 1.25 }); labelsLater(); break;
      case "-": case "_": network.moveTo({ scale: network.getScale() / 1.25 }); labelsLater(); break;
      case "[": stepNeighbour(-1); break;
      case "]": stepNeighbour(1); break;
      case "?": if (hint.hidden) { showHint(usualHint()); } else { hideHint(); } break;
      default: return;
    }
  });
  info.addEventListener("focusin", function (ev) {
    // Tab and clicks move the cursor that [ and ] step from
    var buttons = Array.prototype.slice.call(info.querySelectorAll("button.link"));
    var k = buttons.indexOf(ev.target);
    if (k >= 0) { neighbourCursor = k; }
  });

  // what the address asks for: a node index, "all", or null (nothing, or nothing usable)
  function fromHash(wanted) {
    if (!wanted) { return null; }
    if (wanted === "view=all") { return "all"; }
    var idx = Object.prototype.hasOwnProperty.call(byLink, wanted) ? byLink[wanted] : undefined;
    if (idx === undefined) {
      showHint("Nothing called \u201c" + short(wanted) + "\u201d is in this page" +
        (cut !== null ? " (it may be hidden by the spoiler shield)." : "."));
      return null;
    }
    if (!revealed(DATA.nodes[idx].step)) {
      showHint("That entity is hidden by the spoiler shield: it comes later than what you have watched.");
      return null;
    }
    return idx;
  }

  window.addEventListener("hashchange", function () {
    var asked = parseHash();
    if (asked.order !== null && orderIndex(asked.order) !== state.order) {
      state.order = orderIndex(asked.order); steps = orders[state.order].steps; orderSelect.value = String(state.order);
      setStep(asked.watched !== null ? asked.watched : "all", { hash: false });
    } else if (asked.watched !== null && asked.watched !== watchedWord()) { setStep(asked.watched, { hash: false }); }
    var target = fromHash(asked.link);
    if (target === "all") { overview({ hash: false }); }
    else if (target !== null) { focus(target, { hash: false }); hintText.textContent = usualHint(); }
  });

  // ---- start --------------------------------------------------------------------------------
  var asked = parseHash();
  var chosen = asked.order !== null ? asked.order : stored("order");
  if (chosen) { state.order = orderIndex(chosen); steps = orders[state.order].steps; orderSelect.value = String(state.order); }
  var keep = asked.watched !== null ? asked.watched : stored();
  setStep(keep === null ? "all" : keep, { hash: false });
  var start = DATA.start.focus;
  var first = N ? fromHash(asked.link) : null;
  if (first === null && start !== null && revealed(DATA.nodes[start].step)) { first = start; }
  state.focus = typeof first === "number" ? first : null;
  if (first === "all") { currentLink = "view=all"; } else if (state.focus !== null) { currentLink = DATA.nodes[state.focus].link; }
  if (hint.hidden === false && !hintText.textContent) { hintText.textContent = usualHint(); }
  if (!hintText.textContent) { hintText.textContent = usualHint(); }
  computeVisibility();
  mark("datasets");
  network = createNetwork();
  mark("network");
  network.once("afterDrawing", function () {
    drawn = true;
    mark("drawn");
    // the first draw measures every node and label; before it vis-network counts each at
    // the origin, so the first fit can be off: fit again on what is now known
    fit(false);
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
  network.on("zoom", function () { labelsLater(); });
  // the map's box changes when the hint strip is put away, the drawer or the window moves:
  // fit the view to its new size
  network.on("resize", function () { fit(false); });
  network.on("animationFinished", function () { labelsLater(); });
  network.on("afterDrawing", function () { if (labelsDirty) { placeLabels(); } });
  if (state.focus !== null) {
    network.selectNodes([state.focus]);
    showInfo(state.focus);
  } else {
    showWelcome();
  }
  if (asked.watched !== null || keep !== null) { setHash(); }
  fit(false);

  window.mcugraph = {
    network: network, nodes: nodes, edges: edges, data: DATA, state: state,
    focus: focus, overview: overview, setStep: setStep, setOrder: setOrder,
    visibleNodes: visibleIds, byLink: byLink,
    hiddenLabels: function () { return Array.from(hiddenLabels); },
    // true once the labels have been placed for the view as it is now (tests wait on it)
    labelsSettled: function () { return !labelsDirty && placedScale === network.getScale(); },
    visibleEdges: function () {
      var ids = [];
      for (var i = 0; i < edgeOn.length; i++) { if (edgeOn[i]) { ids.push(i); } }
      return ids;
    },
    isDrawn: function () { return drawn; }
  };
})();
