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

  // Words compared loosely: Pagefind may end a heading's last word with a stop.
  function words(text) {
    return (text.match(/\S+/g) || []).map(function (w) { return w.replace(/[.,:;!?]+$/, "").toLowerCase(); });
  }

  function beginsWith(list, prefix) {
    if (!prefix.length || prefix.length > list.length) return false;
    for (var i = 0; i < prefix.length; i++) if (list[i] !== prefix[i]) return false;
    return true;
  }

  // Remove the first `count` characters of an element's text, across <mark>s.
  function dropText(element, count) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var node;
    var emptied = [];
    while (count > 0 && (node = walker.nextNode())) {
      var cut = Math.min(count, node.data.length);
      node.data = node.data.slice(cut);
      count -= cut;
      if (!node.data) emptied.push(node);
    }
    emptied.forEach(function (n) {
      var parent = n.parentNode;
      parent.removeChild(n);
      if (parent !== element && !parent.textContent) parent.parentNode.removeChild(parent);
    });
  }

  // Where in the page's words the excerpt's window sits (-1 when not found).
  function offsetOf(all, shown) {
    for (var k = 0; k + shown.length <= all.length; k++) {
      if (beginsWith(all.slice(k, k + shown.length), shown)) return k;
    }
    return -1;
  }

  // Pagefind's excerpt is a window of the page's words. The heading above it
  // shows the title, so the part of the title a window opens on is dropped;
  // an ellipsis says where the window cuts the text.
  function excerptOf(data, title) {
    var excerpt = document.createElement("p");
    // Pagefind escapes the page text and only adds <mark> around matches.
    excerpt.innerHTML = data.excerpt;
    var all = words(data.content || "");
    var shown = words(excerpt.textContent);
    var at = offsetOf(all, shown);
    var atEnd = at >= 0 && at + shown.length === all.length;
    var titleWords = words(title);
    var repeated = beginsWith(all, titleWords) && at >= 0 && at < titleWords.length
      ? Math.min(titleWords.length - at, shown.length) : 0;
    if (repeated) {
      var tokens = /\S+/g;
      var match = null;
      for (var i = 0; i < repeated; i++) match = tokens.exec(excerpt.textContent);
      dropText(excerpt, match.index + match[0].length);
      var rest = excerpt.textContent;
      dropText(excerpt, rest.length - rest.replace(/^\s+/, "").length);
    }
    if (!excerpt.textContent.trim()) return null;
    if (at !== 0 && !repeated) excerpt.insertBefore(document.createTextNode("… "), excerpt.firstChild);
    if (!atEnd) excerpt.appendChild(document.createTextNode(" …"));
    return excerpt;
  }

  function item(data) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    var title = (data.meta && data.meta.title) || "";
    link.href = data.url;
    link.textContent = title || data.url;
    var heading = document.createElement("h2");
    heading.appendChild(link);
    li.appendChild(heading);
    var excerpt = excerptOf(data, title);
    if (excerpt) li.appendChild(excerpt);
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
