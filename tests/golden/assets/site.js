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
  var FILTERS = ["type", "topic", "audience", "partner", "grade", "language", "accessibility", "cost", "time"];
  var eventsIndex = null;
  function wanted() {
    var params = new URLSearchParams(location.search), out = {};
    FILTERS.forEach(function (key) {
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
    if (want.grade && item.grades.indexOf(want.grade) < 0) return false;
    if (want.language && item.language !== want.language) return false;
    if (want.accessibility && item.accessibility.indexOf(want.accessibility) < 0) return false;
    if (want.cost === "free" && item.cost !== "free") return false;
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
      grades: (element.getAttribute("data-grades") || "").split(" "),
      accessibility: (element.getAttribute("data-accessibility") || "").split(" "),
      language: element.getAttribute("data-language"), cost: element.getAttribute("data-cost"),
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
          grades: event.grades || [], accessibility: event.accessibility || [], language: event.language,
          cost: event.cost === "free" ? "free" : event.cost ? "paid" : null,
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
    Object.keys(initial).forEach(function (key) {
      var field = form.elements[key];
      if (field && field.type === "checkbox") field.checked = field.value === initial[key];
      else if (field) field.value = initial[key];
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var params = new URLSearchParams();
      FILTERS.forEach(function (key) {
        var field = form.elements[key];
        if (field && field.value && (field.type !== "checkbox" || field.checked)) params.set(key, field.value);
      });
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
      applyFilters();
    });
    form.addEventListener("reset", function () {
      setTimeout(function () { history.replaceState(null, "", location.pathname); applyFilters(); }, 0);
    });
  }

  // ---- Search: the word index built with the site (builder/search.py), read in the browser ----
  var search = document.querySelector("form[data-search]");
  if (search) {
    var base = search.getAttribute("data-index"), root = base.replace(/search-index\/$/, "");
    var count = search.querySelector(".search-count"), list = search.querySelector(".search-results");
    var timer = null, asked = 0, fetched = {};
    search.hidden = false;
    document.querySelectorAll("[data-search-fallback]").forEach(function (note) { note.hidden = true; });
    var params = new URLSearchParams(location.search);
    ["q", "type", "topic"].forEach(function (key) { if (params.get(key)) search.elements[key].value = params.get(key); });
    var load = function (path) {  // each index file is fetched once, when a query first needs it
      if (!fetched[path]) {
        fetched[path] = fetch(base + path).then(function (r) { if (!r.ok) throw new Error(path); return r.json(); });
      }
      return fetched[path];
    };
    var words = function (text) {  // as words() in builder/search.py: lower case, no accents, letters and digits
      var found = text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
      return found.filter(function (word, i) { return Array.from(word).length <= 40 && found.indexOf(word) === i; });
    };
    var chunkOf = function (word) {  // as chunk_of(): the first two characters' UTF-8, in hex
      return Array.from(new TextEncoder().encode(Array.from(word).slice(0, 2).join("")))
        .map(function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
    };
    var hitsOf = function (shard, term) {  // page number -> weight, for the words the term starts
      var chunk = chunkOf(term);
      if (shard.words.split(" ").indexOf(chunk) < 0) return Promise.resolve({});
      return load(shard.path + "w-" + chunk + ".json").then(function (found) {
        var hits = {}, whole = Array.from(term).length < 2;  // a single letter matches only itself
        Object.keys(found).forEach(function (word) {
          if (word !== term && (whole || word.indexOf(term) !== 0)) return;
          var postings = found[word], factor = word === term ? 1 : 0.5;
          for (var i = 0; i < postings.length; i += 2) {
            hits[postings[i]] = Math.max(hits[postings[i]] || 0, postings[i + 1] * factor);
          }
        });
        return hits;
      });
    };
    var allowed = function (filters, type, topic) {  // page number -> true, or null for no filter
      var sets = [];
      if (type) sets.push(filters.type[type] || []);
      if (topic) sets.push(filters.topics[topic] || []);
      if (!sets.length) return null;
      var kept = {};
      sets[0].forEach(function (page) {
        if (sets.every(function (set) { return set.indexOf(page) >= 0; })) kept[page] = true;
      });
      return kept;
    };
    var find = function (terms, type, topic) {  // every page with every term, best first (BM25-like)
      return load("index.json").then(function (index) {
        return Promise.all(index.shards.map(function (shard) {
          var asks = terms.map(function (term) { return hitsOf(shard, term); });
          asks.push(type || topic ? load(shard.path + "filters.json") : Promise.resolve(null));
          return Promise.all(asks);
        })).then(function (perShard) {
          var idf = terms.map(function (_, t) {
            var often = perShard.reduce(function (n, found) { return n + Object.keys(found[t]).length; }, 0);
            return Math.log(1 + (index.pages - often + 0.5) / (often + 0.5));
          });
          var results = [];
          perShard.forEach(function (found, s) {
            var filters = found[terms.length], kept = filters && allowed(filters, type, topic);
            Object.keys(found[0]).forEach(function (page) {
              if (kept && !kept[page]) return;
              var score = 0;
              for (var t = 0; t < terms.length; t++) {
                var weight = found[t][page] / 2;  // stored in halves
                if (isNaN(weight)) return;
                score += idf[t] * weight * 2.2 / (weight + 1.2);
              }
              results.push({ shard: index.shards[s], s: s, page: Number(page), score: score, perFile: index.per_file });
            });
          });
          results.sort(function (a, b) { return b.score - a.score || a.s - b.s || a.page - b.page; });
          return results;
        });
      });
    };
    var more = search.querySelector(".search-more"), found = [], PAGE = 20;
    var show = function (mine) {  // the next PAGE results: each needs its page's record, fetched in small files
      var next = found.slice(list.children.length, list.children.length + PAGE);
      return Promise.all(next.map(function (r) {
        return load(r.shard.path + "p-" + Math.floor(r.page / r.perFile) + ".json")
          .then(function (records) { return records[r.page % r.perFile]; });
      })).then(function (records) {
        if (mine !== asked) return;  // a newer query is on its way
        records.forEach(function (record) {
          list.appendChild(listItem(root + record[0], record[1], record[2], "h2", "search-title"));
        });
        var shown = list.children.length, total = found.length === 1 ? "1 result" : found.length + " results";
        count.textContent = shown < found.length ? total + ", the best " + shown + " listed" : total;
        more.hidden = shown >= found.length;
        return records.length;
      });
    };
    var run = function () {
      var query = search.elements.q.value.trim(), type = search.elements.type.value, topic = search.elements.topic.value;
      var shared = new URLSearchParams(), mine = ++asked;
      clearTimeout(timer);  // a search asked for now replaces the one typing had scheduled
      if (query) shared.set("q", query);
      if (type) shared.set("type", type);
      if (topic) shared.set("topic", topic);
      history.replaceState(null, "", location.pathname + (shared.toString() ? "?" + shared : ""));
      var terms = words(query).slice(0, 10);  // a pasted paragraph must not fetch the whole index
      if (!terms.length) { found = []; list.replaceChildren(); count.textContent = ""; more.hidden = true; return; }
      find(terms, type, topic).then(function (results) {
        if (mine !== asked) return;
        found = results;
        list.replaceChildren();
        return show(mine);
      }).catch(function () { if (mine === asked) count.textContent = "Search could not load its index."; });
    };
    more.addEventListener("click", function () {
      var before = list.children.length, mine = asked;
      show(mine).then(function (added) {  // to the first new result, so a keyboard or screen reader goes on from there
        var first = added && list.children[before] && list.children[before].querySelector("a");
        if (first) first.focus();
      }).catch(function () { count.textContent = "Search could not load its index."; });
    });
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
