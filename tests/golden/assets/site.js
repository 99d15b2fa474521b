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

  // ---- Search: the word index built with the site (builder/outputs/search.py), read in the browser ----
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
    var words = function (text) {  // as words() in builder/outputs/search.py: lower case, no accents, letters and digits
      var found = text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
      return found.filter(function (word, i) { return Array.from(word).length <= 40 && found.indexOf(word) === i; });
    };
    var chunkOf = function (word) {  // as chunk_of(): the first two characters' UTF-8, in hex
      return Array.from(new TextEncoder().encode(Array.from(word).slice(0, 2).join("")))
        .map(function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
    };
    var typos = function (word) {  // how many typing slips a word may hold and still be found
      var n = Array.from(word).length;
      return n < 4 ? 0 : n <= 7 ? 1 : 2;
    };
    var distance = function (a, b, most) {  // Damerau-Levenshtein (adjacent swaps), or most + 1 when over most
      a = Array.from(a); b = Array.from(b);
      if (Math.abs(a.length - b.length) > most) return most + 1;
      var before = null, last = [], row, i, j;
      for (j = 0; j <= b.length; j++) last.push(j);
      for (i = 1; i <= a.length; i++) {
        row = [i];
        var least = i;
        for (j = 1; j <= b.length; j++) {
          var cost = Math.min(last[j] + 1, row[j - 1] + 1, last[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cost = Math.min(cost, before[j - 2] + 1);
          row.push(cost);
          least = Math.min(least, cost);
        }
        if (least > most) return most + 1;
        before = last; last = row;
      }
      return last[b.length];
    };
    var EXACT = 2, START = 1, TYPO = 0;  // how a page matched a word: ranked in this order
    var ENDINGS = ["s", "es", "ed", "ing", "ly", "er", "ers", "ness"];
    var stemOf = function (chunk, word) {  // as the index filed the word: "w" maps a word to its stem (or its length)
      var found = chunk.w[word];
      return typeof found === "number" ? word.slice(0, found) : found || word;
    };
    var stemsOf = function (chunks, term, fuzzy) {  // stem -> [how, factor]: the index's stems the reader's word stands for
      var stems = {}, add = function (chunk, stem, how, factor) {
        if (chunk.s[stem] && (!stems[stem] || stems[stem][0] < how)) stems[stem] = [how, factor, chunk];
      };
      chunks.forEach(function (chunk) {
        var vocabulary = Object.keys(chunk.w).concat(Object.keys(chunk.s)), most = typos(term);
        if (fuzzy) {
          vocabulary.forEach(function (word) {
            if (distance(term, word, most) <= most) add(chunk, stemOf(chunk, word), TYPO, 0.4);
          });
          return;
        }
        if (chunk.w[term] !== undefined || chunk.s[term]) add(chunk, stemOf(chunk, term), EXACT, 1);
        if (Array.from(term).length < 2) return;  // a single letter matches only itself
        vocabulary.forEach(function (word) {  // "brainst" -> "brainstorming", as it is typed
          if (word !== term && word.indexOf(term) === 0) add(chunk, stemOf(chunk, word), START, 0.5);
        });
        ENDINGS.forEach(function (ending) {  // "brains" -> "brain": a word of the pages with an ending added
          var word = term.slice(0, -ending.length);
          if (word.length >= 3 && term.slice(-ending.length) === ending && (chunk.w[word] !== undefined || chunk.s[word])) {
            add(chunk, stemOf(chunk, word), START, 0.8);
          }
        });
        if (Object.keys(stems).length) return;
        vocabulary.forEach(function (word) {  // "mindfulness" -> "mindful": an ending no page has
          if (word.length >= 4 && term.length - word.length <= 4 && term.indexOf(word) === 0) {
            add(chunk, stemOf(chunk, word), START, 0.8);
          }
        });
      });
      return stems;
    };
    var hitsOf = function (shard, term, fuzzy) {  // page number -> {weight, how, title}, for the stems the term stands for
      var names = [chunkOf(term)], listed = shard.words.split(" ");
      if (fuzzy && term.length > 1) names.push(chunkOf(term[1] + term[0]));  // a swap of the first two letters
      names = names.filter(function (name, i) { return listed.indexOf(name) >= 0 && names.indexOf(name) === i; });
      return Promise.all(names.map(function (name) { return load(shard.path + "w-" + name + ".json"); })).then(function (chunks) {
        var hits = {}, stems = stemsOf(chunks, term, fuzzy);
        Object.keys(stems).forEach(function (stem) {
          var how = stems[stem][0], factor = stems[stem][1], postings = stems[stem][2].s[stem];
          for (var i = 0; i < postings.length; i += 2) {
            var page = postings[i], weight = Math.abs(postings[i + 1]) * factor, had = hits[page];
            if (!had || had.how < how || (had.how === how && had.weight < weight)) {
              hits[page] = { weight: weight, how: how, title: postings[i + 1] < 0 || Boolean(had && had.title && had.how === how) };
            } else if (had.how === how && postings[i + 1] < 0) {
              had.title = true;
            }
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
    // Dates: an event's day as the reader sees it, in the zone its times are shown in (site.js's choice)
    var dayFormats = {};
    var dayIn = function (date, zone) {  // "2025-10-14"
      if (!dayFormats[zone]) {
        var options = { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" };
        try { dayFormats[zone] = new Intl.DateTimeFormat("en-CA", options); } catch (e) {  // a zone this browser lacks
          options.timeZone = "UTC";
          dayFormats[zone] = new Intl.DateTimeFormat("en-CA", options);
        }
      }
      var out = {};
      dayFormats[zone].formatToParts(date).forEach(function (p) { out[p.type] = p.value; });
      return out.year + "-" + out.month + "-" + out.day;
    };
    var startDate = function (start) {  // a start as the index writes it: UTC to the minute, or an all-day event's date
      return new Date(start.length === 10 ? start + "T12:00:00Z" : start.replace(/Z$/, ":00Z"));
    };
    var eventDay = function (start, zone) {
      return start.length === 10 ? start : dayIn(startDate(start), zoneFor(zone));
    };
    var readerZone = function () { var choice = chosen(); return choice === "auto" || choice === "event" ? detected : choice; };
    var shiftDay = function (day, days) {  // a "YYYY-MM-DD" day moved by whole days
      var date = new Date(day + "T12:00:00Z");
      date.setUTCDate(date.getUTCDate() + days);
      return date.toISOString().slice(0, 10);
    };
    var MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
      "november", "december"];
    var monthOf = function (word, alone) {  // 1-12 for a month's name or its first three letters or more; 0 if none
      if (word.length < 3 || (alone && (word === "may" || word === "march"))) return 0;
      for (var m = 0; m < 12; m++) if (MONTHS[m].indexOf(word) === 0 || (m === 8 && word === "sept")) return m + 1;
      return 0;
    };
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var understood = function (query) {  // the dates and event types a query names, and its other words
      var text = " " + query.toLowerCase() + " ", days = [], named = [], today = dayIn(new Date(), readerZone());
      var take = function (pattern, made) {
        text = text.replace(pattern, function () {
          var found = made.apply(null, arguments);
          if (!found) return arguments[0];
          days.push(found.test);
          named.push(found.name);
          return " ";
        });
      };
      var on = function (month, day, year) {  // a day of a month, in any year unless one is given
        if (month < 1 || month > 12 || day < 1 || day > 31) return null;
        var tail = "-" + pad(month) + "-" + pad(day);
        return { name: MONTHS[month - 1].slice(0, 3).replace(/^./, function (c) { return c.toUpperCase(); }) + " " + day,
          test: function (d) { return year ? d === year + tail : d.slice(4) === tail; } };
      };
      var between = function (name, from, to) { return { name: name, test: function (d) { return d >= from && d <= to; } }; };
      take(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g, function (_, y, m, d) { return on(+m, +d, y); });
      take(/\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?\b/g, function (_, m, d, y) { return on(+m, +d, y); });
      take(/\b(today|tonight)\b/g, function (_, w) { return between(w, today, today); });
      take(/\btomorrow\b/g, function () { var d = shiftDay(today, 1); return between("tomorrow", d, d); });
      take(/\b(this|next) week\b/g, function (_, which) {  // Monday to Sunday
        var monday = shiftDay(today, -((new Date(today + "T12:00:00Z").getUTCDay() + 6) % 7) + (which === "next" ? 7 : 0));
        return between(which + " week", monday, shiftDay(monday, 6));
      });
      take(/\b([a-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?\b/g, function (_, m, d) { return monthOf(m) && on(monthOf(m), +d); });
      take(/\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]{3,9})\b/g, function (_, d, m) { return monthOf(m) && on(monthOf(m), +d); });
      take(/\b([a-z]{3,9})\b/g, function (_, m) {
        var month = monthOf(m, true);
        return month && MONTHS[month - 1].indexOf(m) === 0 && (m.length === 3 || m === MONTHS[month - 1] || m === "sept") &&
          { name: MONTHS[month - 1], test: function (d) { return d.slice(5, 7) === pad(month); } };
      });
      var rest = words(text), type = "";
      if (!search.elements.type.value) {  // an event type named in the query: "webinar", "book clubs"
        var types = Array.from(search.elements.type.options).filter(function (o) {
          return o.value && o.value !== "other";  // "other teachers" asks for no type
        }).map(function (o) {
          return { slug: o.value, name: o.textContent, words: words(o.textContent) };
        }).sort(function (a, b) { return b.words.length - a.words.length; });
        types.some(function (t) {
          for (var i = 0; i + t.words.length <= rest.length; i++) {
            var same = t.words.every(function (w, k) {
              var said = rest[i + k];
              return said === w || (k === t.words.length - 1 && (said === w + "s" || said === w + "es"));
            });
            if (same) {
              rest.splice(i, t.words.length);
              type = t.slug;
              named.unshift(t.name);
              return true;
            }
          }
          return false;
        });
      }
      return { terms: rest, type: type, days: days, named: named };
    };
    var find = function (terms, type, topic, days) {  // every page with every term (or every event, for dates or a type alone), best first
      return load("index.json").then(function (index) {
        var lookup = function (fuzzy) {
          return Promise.all(index.shards.map(function (shard) {
            var asks = terms.map(function (term, t) { return fuzzy && !fuzzy[t] ? Promise.resolve(null) : hitsOf(shard, term, Boolean(fuzzy)); });
            asks.push(load(shard.path + "filters.json"));
            return Promise.all(asks);
          }));
        };
        return lookup(null).then(function (perShard) {  // a word no page holds: then words a slip or two away
          var missing = terms.map(function (_, t) { return perShard.every(function (found) { return !Object.keys(found[t]).length; }); });
          if (!missing.some(Boolean)) return perShard;
          return lookup(missing).then(function (slipped) {
            return perShard.map(function (found, s) { return found.map(function (hits, t) { return missing[t] ? slipped[s][t] : hits; }); });
          });
        }).then(function (perShard) {
          var idf = terms.map(function (_, t) {
            var often = perShard.reduce(function (n, found) { return n + Object.keys(found[t]).length; }, 0);
            return Math.log(1 + (index.pages - often + 0.5) / (often + 0.5));
          });
          var results = [];
          perShard.forEach(function (found, s) {
            var filters = found[terms.length], kept = allowed(filters, type || "", topic), when = filters.when || {};
            Object.keys(terms.length ? found[0] : when).forEach(function (page) {
              if (kept && !kept[page]) return;
              var score = 0, how = EXACT, title = true, starts = when[page] ? when[page].split(" ") : [];
              var zone = filters.zones[starts.shift()];  // "zone start start ...", the zone by its number
              for (var t = 0; t < terms.length; t++) {
                var hit = found[t][page];
                if (!hit) return;
                var weight = hit.weight / 2;  // stored in halves
                score += idf[t] * weight * 2.2 / (weight + 1.2);
                how = Math.min(how, hit.how);
                title = title && hit.title;
              }
              var start = starts[0] || "";
              if (days.length) {  // the first session on a day the query names
                start = starts.filter(function (one) {
                  var day = eventDay(one, zone);
                  return days.every(function (test) { return test(day); });
                })[0];
                if (!start) return;
              }
              results.push({ shard: index.shards[s], s: s, page: Number(page), score: score, how: how, title: title,
                event: starts.length > 0, start: start, perFile: index.per_file });
            });
          });
          results.sort(function (a, b) {  // found as typed, every word in the title, events, soonest, best score
            return b.how - a.how || b.title - a.title || b.event - a.event ||
              (a.start < b.start ? -1 : a.start > b.start ? 1 : 0) || b.score - a.score || a.s - b.s || a.page - b.page;
          });
          return results;
        });
      });
    };
    var typeName = function (slug) {
      var option = Array.from(search.elements.type.options).filter(function (o) { return o.value === slug; })[0];
      return option ? option.textContent : slug;
    };
    var whenText = function (start, zone) {  // the start in the reader's zone, as the site's pages show times
      if (start.length === 10) return parts(startDate(start), "UTC").dayText;
      var shownZone = zoneFor(zone), p = parts(startDate(start), shownZone);
      return p.dayText + ", " + p.clock + " " + p.period + " " + p.timeZoneName;
    };
    var more = search.querySelector(".search-more"), found = [], PAGE = 20;
    var show = function (mine) {  // the next PAGE results: each needs its page's record, fetched in small files
      var next = found.slice(list.children.length, list.children.length + PAGE);
      return Promise.all(next.map(function (r) {
        return load(r.shard.path + "p-" + Math.floor(r.page / r.perFile) + ".json")
          .then(function (records) { return [r, records[r.page % r.perFile]]; });
      })).then(function (shown) {
        if (mine !== asked) return;  // a newer query is on its way
        shown.forEach(function (pair) {
          var r = pair[0], record = pair[1], item = listItem(root + record[0], record[1], record[2], "h2", "search-title");
          if (record.length > 3) {  // an event: its type, when (in the reader's zone) and partner
            var facts = document.createElement("p");
            facts.className = "search-facts";
            facts.textContent = [typeName(record[5]), whenText(r.start || record[3], record[4]), record[6]]
              .filter(Boolean).join(" · ");
            item.insertBefore(facts, item.lastChild);
          }
          list.appendChild(item);
        });
        var listed = list.children.length, total = found.length === 1 ? "1 result" : found.length + " results";
        count.textContent = (listed < found.length ? total + ", the best " + listed + " listed" : total) +
          (found.named && found.named.length ? " (" + found.named.join(", ") + ")" : "");
        more.hidden = listed >= found.length;
        return shown.length;
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
      var asking = understood(query), plain = words(query).slice(0, 10);  // a pasted paragraph must not fetch the whole index
      asking.terms = asking.terms.slice(0, 10);
      if (!plain.length) { found = []; list.replaceChildren(); count.textContent = ""; more.hidden = true; return; }
      var filtered = asking.type || asking.days.length;
      var searched = filtered
        ? find(asking.terms, asking.type || type, topic, asking.days).then(function (results) {
          results.named = asking.named;  // no event of a type the words name ("forum"): the words as words
          return results.length || asking.days.length ? results : find(plain, type, topic, []);
        })
        : find(plain, type, topic, []);
      searched.then(function (results) {
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
