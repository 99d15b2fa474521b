// The theme's only script: progressive enhancement, never needed to read a page.
// Without it every time shows in the event's own zone, the static topic/type/partner pages
// serve as filters, and recordings on YouTube or Vimeo are plain links.
(function () {
  "use strict";
  var STORE = "cem-zone";
  var root = (document.querySelector('link[rel="stylesheet"]') || {}).getAttribute
    ? document.querySelector('link[rel="stylesheet"]').getAttribute("href").replace(/assets\/style\.css$/, "")
    : "/";

  // ---- Recordings: a YouTube or Vimeo player loads only when the reader presses "Play here". ----
  document.querySelectorAll(".embed[data-embed]").forEach(function (box) {
    var button = box.querySelector(".embed-play");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = box.getAttribute("data-embed");
      frame.title = box.getAttribute("data-title") || "Recording";
      frame.allow = "autoplay; fullscreen; picture-in-picture";
      frame.setAttribute("allowfullscreen", "");
      frame.className = "embed-frame";
      box.replaceChildren(frame);
      frame.focus();
    });
  });
  var player = document.querySelector("video.recording, audio.recording");
  if (player) {
    document.querySelectorAll("a.cue-time[data-start]").forEach(function (link) {
      link.addEventListener("click", function () {
        player.currentTime = parseFloat(link.getAttribute("data-start")) || 0;
      });
    });
  }

  // ---- Times in the reader's zone ----
  var detected = "UTC";
  try { detected = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch (e) { /* keep UTC */ }
  function chosen() {
    var value = null;
    try { value = localStorage.getItem(STORE); } catch (e) { /* private mode */ }
    return value || "auto";
  }
  function zoneFor(own) {  // the zone to show an event in, given the event's own zone
    var choice = chosen();
    if (choice === "event") return own;
    return choice === "auto" ? detected : choice;
  }
  function parts(date, zone) {
    var out = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone, weekday: "short", day: "numeric", month: "short", year: "numeric",
      hour: "numeric", minute: "2-digit", hour12: true, timeZoneName: "short"
    }).formatToParts(date).forEach(function (p) { out[p.type] = p.value; });
    out.dayText = out.weekday + " " + out.day + " " + out.month + " " + out.year;
    out.clock = out.hour + ":" + out.minute;
    out.period = (out.dayPeriod || "").toUpperCase();
    return out;
  }
  function spanText(start, end, zone) {
    var a = parts(start, zone), b = parts(end, zone);
    if (a.dayText !== b.dayText) {
      return a.dayText + ", " + a.clock + " " + a.period + " " + a.timeZoneName + " – " + b.dayText + ", " +
        b.clock + " " + b.period + " " + b.timeZoneName + ", " + zone;
    }
    var times = a.period === b.period ? a.clock + "–" + b.clock + " " + b.period
      : a.clock + " " + a.period + "–" + b.clock + " " + b.period;
    return a.dayText + ", " + times + " " + a.timeZoneName + ", " + zone;
  }
  function localHour(date, zone) {
    return parseInt(new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", hour12: false })
      .format(date), 10) % 24;
  }
  function rewriteTimes() {
    document.querySelectorAll("[data-when]").forEach(function (element) {
      if (!element.hasAttribute("data-original")) element.setAttribute("data-original", element.textContent);
      if (element.hasAttribute("data-all-day")) return;
      var zone = zoneFor(element.getAttribute("data-zone"));
      try {
        var text = spanText(new Date(element.getAttribute("data-start")), new Date(element.getAttribute("data-end")), zone);
        element.textContent = element.classList.contains("visually-hidden") ? ", " + text : text;
      } catch (e) {
        element.textContent = element.getAttribute("data-original");
      }
    });
    var note = document.getElementById("zone-note");
    if (note) {
      var choice = chosen();
      note.textContent = choice === "event" ? "Times are shown in each event's own time zone."
        : "Times are shown in " + (choice === "auto" ? detected + " (your time zone)" : choice) + ".";
    }
  }
  function zonePicker() {
    var header = document.querySelector(".site-header .wrap");
    if (!header || !window.Intl) return;
    var box = document.createElement("div");
    box.className = "zone-picker";
    var label = document.createElement("label");
    label.htmlFor = "zone-select";
    label.textContent = "Show times in";
    var select = document.createElement("select");
    select.id = "zone-select";
    var zones = [];
    try { zones = Intl.supportedValuesOf("timeZone"); } catch (e) { zones = [detected, "UTC"]; }
    [["auto", "my time zone (" + detected + ")"], ["event", "each event's own zone"]].concat(
      zones.map(function (z) { return [z, z.replace(/_/g, " ")]; })
    ).forEach(function (pair) {
      var option = document.createElement("option");
      option.value = pair[0];
      option.textContent = pair[1];
      select.appendChild(option);
    });
    select.value = chosen();
    if (select.value !== chosen()) select.value = "auto";
    select.addEventListener("change", function () {
      try { localStorage.setItem(STORE, select.value); } catch (e) { /* not remembered */ }
      rewriteTimes();
      applyFilters();
    });
    var note = document.createElement("p");
    note.id = "zone-note";
    note.className = "zone-note";
    note.setAttribute("aria-live", "polite");
    box.appendChild(label);
    box.appendChild(select);
    box.appendChild(note);
    header.appendChild(box);
  }

  // ---- Happening now, starting soon, past: from the reader's clock, never the build's ----
  var SOON = 60 * 60 * 1000;
  function liveStatus() {
    var now = Date.now();
    document.querySelectorAll("[data-start-utc]").forEach(function (item) {
      var start = Date.parse(item.getAttribute("data-start-utc"));
      var end = Date.parse(item.getAttribute("data-end-utc"));
      var state = end <= now ? "past" : start <= now ? "now" : start - now <= SOON ? "soon" : "";
      if (item.getAttribute("data-live") === state) return;
      item.setAttribute("data-live", state);
      var badge = item.querySelector(".live");
      if (!badge) {
        badge = document.createElement("span");
        badge.className = "live";
        var anchor = item.querySelector(".event-when") || item;
        anchor.insertBefore(badge, anchor.firstChild);
      }
      badge.textContent = { past: "Past", now: "Happening now", soon: "Starting soon", "": "" }[state];
      badge.className = "live" + (state ? " live-" + state : "");
    });
  }
  function openAtToday() {
    var today = new Date();
    var iso = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") + "-" +
      String(today.getDate()).padStart(2, "0");
    document.querySelectorAll('[data-date="' + iso + '"]').forEach(function (cell) {
      cell.classList.add("today");
      cell.setAttribute("aria-current", "date");
      if (!location.hash && cell.offsetParent) cell.scrollIntoView({ block: "center" });
    });
  }

  // A result in a list: a heading with the link, then a line of text; built as nodes, never as HTML.
  function listItem(href, title, text, level, headingClass) {
    var item = document.createElement("li"), heading = document.createElement(level);
    var link = document.createElement("a"), line = document.createElement("p");
    link.href = href;
    link.textContent = title;
    heading.className = headingClass;
    heading.appendChild(link);
    line.textContent = text;
    item.appendChild(heading);
    item.appendChild(line);
    return item;
  }

  // ---- Filters, reflected in the URL so a filtered view can be shared ----
  function slugify(text) {  // as the builder's, for ASCII names
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  }
  var form = document.querySelector("form[data-filters]");
  var eventsIndex = null;
  function wanted() {
    var params = new URLSearchParams(location.search), out = {};
    ["type", "topic", "audience", "partner", "time"].forEach(function (key) {
      if (params.get(key)) out[key] = params.get(key);
    });
    return out;
  }
  function matches(item, want) {
    var zone = zoneFor(item.zone);
    if (want.type && item.type !== want.type) return false;
    if (want.topic && item.topics.indexOf(want.topic) < 0) return false;
    if (want.audience && item.audience.indexOf(want.audience) < 0) return false;
    if (want.partner && item.partner !== want.partner) return false;
    if (want.time && item.start) {
      var hour = localHour(new Date(item.start), zone || detected);
      var slot = hour < 12 ? "morning" : hour < 17 ? "afternoon" : "evening";
      if (slot !== want.time) return false;
    }
    return true;
  }
  function fromElement(element) {
    return {
      element: element, type: element.getAttribute("data-type"), partner: element.getAttribute("data-partner"),
      topics: (element.getAttribute("data-topics") || "").split(" "),
      audience: (element.getAttribute("data-audience") || "").split(" "),
      start: element.getAttribute("data-all-day") === null ? element.getAttribute("data-start-utc") : null,
      zone: (element.querySelector("[data-when]") || element).getAttribute("data-zone")
    };
  }
  function applyFilters() {
    if (!form) return;
    var want = wanted(), active = Object.keys(want).length > 0;
    var status = form.querySelector(".filter-count");
    var lists = document.querySelectorAll("li.event-item[data-type]");
    var shown = 0;
    lists.forEach(function (element) {
      var ok = !active || matches(fromElement(element), want);
      element.hidden = !ok;
      if (ok) shown += 1;
    });
    var results = document.getElementById("filter-results");
    if (results) {
      results.hidden = !active;
      if (active) return renderResults(want, results, status);
    }
    if (status) status.textContent = active ? shown + " of " + lists.length + " events match." : "";
  }
  function renderResults(want, results, status) {
    function draw(events) {
      var list = results.querySelector("ol");
      list.replaceChildren();
      var count = 0;
      events.forEach(function (event) {
        var item = {
          type: event.type, partner: event.partner.slug, topics: event.topics.map(function (t) { return t.slug; }),
          audience: (event.audience || []).map(slugify), start: event.all_day ? null : event.start_utc,
          zone: event.timezone
        };
        if (!matches(item, want)) return;
        count += 1;
        var li = listItem(event.url.replace(/^https?:\/\/[^/]+\//, root), event.title, event.all_day
          ? event.start + " (all day)"
          : spanText(new Date(event.start_utc), new Date(event.end_utc), zoneFor(event.timezone)), "h3", "event-title");
        li.className = "event-item";
        li.lastChild.className = "event-when";
        list.appendChild(li);
      });
      if (status) status.textContent = count + " of " + events.length + " events match.";
    }
    if (eventsIndex) return draw(eventsIndex);
    fetch(root + "events.json").then(function (r) { return r.json(); }).then(function (data) {
      eventsIndex = data.events;
      draw(eventsIndex);
    }).catch(function () { if (status) status.textContent = "The filter could not load the events."; });
  }
  if (form) {
    form.hidden = false;
    var initial = wanted();
    Object.keys(initial).forEach(function (key) { if (form.elements[key]) form.elements[key].value = initial[key]; });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var params = new URLSearchParams();
      ["type", "topic", "audience", "partner", "time"].forEach(function (key) {
        if (form.elements[key] && form.elements[key].value) params.set(key, form.elements[key].value);
      });
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
      applyFilters();
    });
    form.addEventListener("reset", function () {
      setTimeout(function () { history.replaceState(null, "", location.pathname); applyFilters(); }, 0);
    });
  }

  // ---- Search: the Pagefind index built with the site, queried in the browser; no server ----
  var search = document.querySelector("form[data-search]");
  if (search) {
    var bundle = search.getAttribute("data-bundle"), engine = null, timer = null;
    var count = search.querySelector(".search-count"), list = search.querySelector(".search-results");
    search.hidden = false;
    document.querySelectorAll("[data-search-fallback]").forEach(function (note) { note.hidden = true; });
    var params = new URLSearchParams(location.search);
    ["q", "type", "topic"].forEach(function (key) { if (params.get(key)) search.elements[key].value = params.get(key); });
    // Large sites split the index into shards (pagefind/shards.json lists them); Pagefind merges them.
    var loadIndex = function () {
      return import(bundle + "pagefind.js").then(function (pagefind) {
        return fetch(bundle + "shards.json").then(function (r) { return r.ok ? r.json() : []; })
          .catch(function () { return []; })
          .then(function (shards) { return Promise.all(shards.map(function (s) { return pagefind.mergeIndex(bundle + s); })); })
          .then(function () { engine = pagefind; return pagefind; });
      });
    };
    var run = function () {
      var query = search.elements.q.value.trim(), type = search.elements.type.value, topic = search.elements.topic.value;
      var shared = new URLSearchParams();
      if (query) shared.set("q", query);
      if (type) shared.set("type", type);
      if (topic) shared.set("topic", topic);
      history.replaceState(null, "", location.pathname + (shared.toString() ? "?" + shared : ""));
      list.replaceChildren();
      if (!query) { count.textContent = ""; return; }
      (engine ? Promise.resolve(engine) : loadIndex())
        .then(function (pagefind) { return pagefind.search(query); })
        .then(function (found) { return Promise.all(found.results.slice(0, 50).map(function (r) { return r.data(); })); })
        .then(function (pages) {
          var shown = pages.filter(function (page) {
            var meta = page.meta || {};
            return (!type || meta.type === type) && (!topic || (meta.topics || "").split(" ").indexOf(topic) >= 0);
          });
          shown.forEach(function (page) {
            var excerpt = new DOMParser().parseFromString(page.excerpt || "", "text/html").body.textContent;
            list.appendChild(listItem(page.url, (page.meta && page.meta.title) || page.url, excerpt, "h2", "search-title"));
          });
          count.textContent = shown.length === 1 ? "1 result" : shown.length + " results";
        })
        .catch(function () { count.textContent = "Search could not load its index."; });
    };
    search.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 300); });
    search.addEventListener("change", run);
    if (params.get("q")) run();
  }

  zonePicker();
  rewriteTimes();
  liveStatus();
  setInterval(liveStatus, 60 * 1000);
  openAtToday();
  applyFilters();
})();
