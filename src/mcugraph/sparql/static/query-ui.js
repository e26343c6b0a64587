// The query page of `mcugraph serve`: YASGUI on this server's own endpoint, nothing fetched
// from elsewhere (no endpoint catalogue, no prefix.cc, no LOV autocompletion), and the
// curated queries as examples that open in a new tab.
(function () {
  "use strict";
  var examples = JSON.parse(document.getElementById("examples").textContent);
  var endpoint = new URL("/sparql", window.location.href).toString();
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: endpoint }]; },
      keys: [],
    },
    persistenceId: "mcugraph-query-ui",
    yasqe: { autocompleters: ["prefixes", "variables"], prefixCcApi: null },
  });
  // every tab, restored ones included, asks this server
  Object.keys(yasgui._tabs || {}).forEach(function (id) { yasgui.getTab(id).setEndpoint(endpoint); });

  function open(example) {
    var tab = yasgui.addTab(true, { name: example.title });
    tab.setEndpoint(endpoint);
    tab.setQuery(example.text);
    document.body.dataset.example = example.name;
    return tab;
  }

  document.querySelectorAll("button[data-example]").forEach(function (button) {
    button.addEventListener("click", function () {
      var name = button.getAttribute("data-example");
      var example = examples.find(function (e) { return e.name === name; });
      if (example) { open(example); }
    });
  });
  yasgui.on("queryResponse", function () { document.body.dataset.answered = String(Date.now()); });
  window.mcugraphQueryUI = { yasgui: yasgui, open: open, endpoint: endpoint };
  document.body.dataset.ready = "yes";
  document.dispatchEvent(new Event("mcugraph-query-ui-ready"));
})();
