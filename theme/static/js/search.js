/* Common Ground search: progressive enhancement of the plain GET form on /search/.
   Loads the Pagefind bundle only when someone searches; no third-party requests. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-search-bundle]");
  if (!form || !window.URL || !window.history) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var bundle = new URL(form.getAttribute("data-search-bundle"), document.baseURI);
  var engine = null;
  var latest = 0;
  var timer = 0;

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
        // Result URLs are root-relative to the indexed folder; keep them so when
        // the site lives below a path prefix.
        var baseUrl = new URL("..", bundle).pathname;
        return Promise.resolve(pagefind.options({ baseUrl: baseUrl })).then(function () {
          return pagefind;
        });
      });
    }
    return engine;
  }

  function item(data) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    var heading = document.createElement("h2");
    heading.appendChild(link);
    var excerpt = document.createElement("p");
    // Pagefind escapes the page text and only adds <mark> around matches.
    excerpt.innerHTML = data.excerpt;
    li.appendChild(heading);
    li.appendChild(excerpt);
    return li;
  }

  function search(query) {
    var ticket = ++latest;
    query = query.trim();
    list.replaceChildren();
    if (!query) {
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    load()
      .then(function (pagefind) { return pagefind.search(query); })
      .then(function (found) {
        return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); }));
      })
      .then(function (pages) {
        if (ticket !== latest) return;
        status.textContent = pages.length
          ? pages.length + (pages.length === 1 ? " post matches" : " posts match") + " “" + query + "”."
          : "No posts match “" + query + "”. Try fewer or different words, or browse below.";
        pages.forEach(function (data) { list.appendChild(item(data)); });
      })
      .catch(function () {
        if (ticket !== latest) return;
        status.textContent = "Search is not available right now. The archives below list every post.";
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    // The typing that came before needs no search of its own any more: running
    // it later would clear the results this one shows.
    window.clearTimeout(timer);
    search(input.value);
  });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { search(input.value); }, 250);
  });

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();
