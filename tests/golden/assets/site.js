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

  // ---- Times: each event's own, and the reader's (zone detected, or chosen and remembered) ----
  // Chromium's list of zones still holds some old names (Asia/Calcutta); readers know the current ones.
  var CURRENT = {
    "Asia/Calcutta": "Asia/Kolkata", "Asia/Katmandu": "Asia/Kathmandu", "Asia/Saigon": "Asia/Ho_Chi_Minh",
    "Asia/Rangoon": "Asia/Yangon", "Europe/Kiev": "Europe/Kyiv", "Atlantic/Faeroe": "Atlantic/Faroe",
    "America/Godthab": "America/Nuuk", "Pacific/Truk": "Pacific/Chuuk", "Pacific/Ponape": "Pacific/Pohnpei",
    "Pacific/Enderbury": "Pacific/Kanton", "Asia/Dacca": "Asia/Dhaka", "Asia/Thimbu": "Asia/Thimphu",
    "Asia/Ulan_Bator": "Asia/Ulaanbaatar", "Asia/Macao": "Asia/Macau", "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
    "America/Catamarca": "America/Argentina/Catamarca", "America/Cordoba": "America/Argentina/Cordoba",
    "America/Jujuy": "America/Argentina/Jujuy", "America/Mendoza": "America/Argentina/Mendoza",
    "America/Indianapolis": "America/Indiana/Indianapolis", "America/Louisville": "America/Kentucky/Louisville"
  };
  function known(zone) {
    try { new Intl.DateTimeFormat("en-US", { timeZone: zone }); return true; } catch (e) { return false; }
  }
  function current(zone) { return CURRENT[zone] && known(CURRENT[zone]) ? CURRENT[zone] : zone; }
  var detected = "UTC";
  try { detected = current(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"); } catch (e) { /* keep UTC */ }
  function readerZone() {
    var value = null;
    try { value = localStorage.getItem(STORE); } catch (e) { /* private mode */ }
    return value && value !== "auto" && value !== "event" && known(value) ? current(value) : detected;
  }
  var formats = {};
  function parts(date, zone) {
    var format = formats[zone] || (formats[zone] = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, weekday: "short", day: "numeric", month: "short", year: "numeric",
      hour: "numeric", minute: "2-digit", hour12: true, timeZoneName: "short"
    }));
    var out = {};
    format.formatToParts(date).forEach(function (p) { out[p.type] = p.value; });
    out.dayText = out.weekday + " " + out.day + " " + out.month + " " + out.year;
    out.shortDay = out.weekday + " " + out.day + " " + out.month;
    out.clock = out.hour + ":" + out.minute;
    out.period = (out.dayPeriod || "").toUpperCase();
    return out;
  }
  function isoDay(date, zone) {  // YYYY-MM-DD of `date` in `zone`
    var p = parts(date, zone), months = "JanFebMarAprMayJunJulAugSepOctNovDec";
    return p.year + "-" + String(months.indexOf(p.month) / 3 + 1).padStart(2, "0") + "-" + String(p.day).padStart(2, "0");
  }
  function nextDay(iso, step) {
    var d = new Date(iso + "T12:00:00Z");
    d.setUTCDate(d.getUTCDate() + (step || 1));
    return d.toISOString().slice(0, 10);
  }
  function longDay(iso) {  // "Tuesday 14 October"
    var p = {};
    new Intl.DateTimeFormat("en-US", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long" })
      .formatToParts(new Date(iso + "T12:00:00Z")).forEach(function (x) { p[x.type] = x.value; });
    return p.weekday + " " + p.day + " " + p.month;
  }
  function range(a, b, sameDay) {  // "10:00–11:15 AM", "11:00 PM–12:15 AM", "11:00 PM – Thu 2 Oct, 1:00 AM"
    if (!sameDay) return a.clock + " " + a.period + " – " + b.shortDay + ", " + b.clock + " " + b.period;
    return a.period === b.period ? a.clock + "–" + b.clock + " " + b.period : a.clock + " " + a.period + "–" + b.clock + " " + b.period;
  }
  function spanText(start, end, zone) {  // the whole when, in `zone`, as the builder writes it
    var a = parts(start, zone), b = parts(end, zone);
    if (a.dayText !== b.dayText) {
      return a.dayText + ", " + a.clock + " " + a.period + " " + a.timeZoneName + " – " + b.dayText + ", " +
        b.clock + " " + b.period + " " + b.timeZoneName + ", " + zone;
    }
    return a.dayText + ", " + range(a, b, true) + " " + a.timeZoneName + ", " + zone;
  }
  // The reader's side of a time: "" when the reader's clock reads as the event's, else
  // "11:30 PM–12:45 AM your time", with the reader's day when it is not the event's.
  function yourTime(start, end, own, zone) {
    var a = parts(start, zone), b = parts(end, zone), oa = parts(start, own), ob = parts(end, own);
    if (a.dayText + a.clock + a.period === oa.dayText + oa.clock + oa.period &&
        b.dayText + b.clock + b.period === ob.dayText + ob.clock + ob.period) return "";
    return (a.dayText !== oa.dayText ? a.shortDay + ", " : "") + range(a, b, a.dayText === b.dayText) + " your time";
  }
  function whenText(start, end, own) {
    var mine = yourTime(start, end, own, readerZone());
    return spanText(start, end, own) + (mine ? " · " + mine : "");
  }
  function localHour(date, zone) {
    return parseInt(new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", hour12: false })
      .format(date), 10) % 24;
  }
  function rewriteTimes() {
    var zone = readerZone();
    document.querySelectorAll("[data-when]").forEach(function (element) {
      if (!element.hasAttribute("data-original")) element.setAttribute("data-original", element.textContent);
      var original = element.getAttribute("data-original");
      if (element.hasAttribute("data-all-day")) return;
      try {
        var mine = yourTime(new Date(element.getAttribute("data-start")), new Date(element.getAttribute("data-end")),
          element.getAttribute("data-zone"), zone);
        element.textContent = original + (mine ? " · " + mine : "");
      } catch (e) {
        element.textContent = original;
      }
    });
    document.querySelectorAll("[data-cell-time]").forEach(function (element) {  // the month grid: the reader's clock
      var p = parts(new Date(element.getAttribute("data-start")), zone);
      element.textContent = p.clock + " " + p.period;
    });
    var note = document.getElementById("zone-note");
    if (note) note.textContent = "Times are in each event's own time zone, and in yours: " + zone.replace(/_/g, " ") + ".";
  }
  function zoneLabel(zone) {  // "Asia · Kolkata", "America · Argentina · Buenos Aires"
    return zone.replace(/_/g, " ").split("/").join(" · ");
  }
  function zonePicker() {
    var form = document.querySelector("form[data-zone-picker]");
    if (!form || !window.Intl) return;
    var input = form.querySelector("input"), list = form.querySelector("datalist"), help = form.querySelector(".zone-help");
    var zones = null;
    function all() {
      if (zones) return zones;
      var names = [];
      try { names = Intl.supportedValuesOf("timeZone"); } catch (e) { names = ["UTC"]; }
      names = names.map(current).filter(function (z, i, a) { return a.indexOf(z) === i; });
      names.sort(function (a, b) { return a < b ? -1 : a > b ? 1 : 0; });  // by region, then city
      zones = [detected].concat(names.filter(function (z) { return z !== detected; }));
      zones.forEach(function (z, i) {
        var option = document.createElement("option");
        option.value = z;
        option.label = (i === 0 ? "Detected: " : "") + zoneLabel(z);
        list.appendChild(option);
      });
      return zones;
    }
    function find(text) {  // a zone name, or its city, in any case, with spaces or underscores
      var want = text.trim().replace(/\s+/g, "_").toLowerCase();
      if (!want) return null;
      var names = all();
      for (var i = 0; i < names.length; i++) if (names[i].toLowerCase() === want) return names[i];
      for (i = 0; i < names.length; i++) {
        if (names[i].toLowerCase().split("/").pop() === want.split("/").pop()) return names[i];
      }
      return known(text.trim()) ? current(text.trim()) : null;
    }
    form.hidden = false;
    input.value = readerZone();
    input.addEventListener("focus", all);
    var menu = form.closest("details");
    if (menu) menu.addEventListener("toggle", function () { if (menu.open) all(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var zone = find(input.value);
      if (!zone) {
        input.setAttribute("aria-invalid", "true");
        help.textContent = "No time zone matches \u201c" + input.value + "\u201d. Type a city, e.g. Kolkata or Sydney.";
        return;
      }
      input.removeAttribute("aria-invalid");
      input.value = zone;
      help.textContent = "Times now show in " + zone.replace(/_/g, " ") + ".";
      try { localStorage.setItem(STORE, zone); } catch (e) { /* not remembered */ }
      everything();
    });
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
    var iso = isoDay(new Date(), readerZone());
    document.querySelectorAll('[data-date="' + iso + '"]').forEach(function (cell) {
      cell.classList.add("today");
      cell.setAttribute("aria-current", "date");
    });
  }

  // ---- The reader's days: the home page's list, day pages and the month grid, by the reader's date ----
  function occurrenceDays(start, end, zone) {  // every reader's date an occurrence touches
    var first = isoDay(start, zone), last = isoDay(new Date(Math.max(start.getTime(), end.getTime() - 1)), zone);
    var days = [first];
    while (days[days.length - 1] < last && days.length < 400) days.push(nextDay(days[days.length - 1]));
    return days;
  }
  var agendaItems = null;
  function agenda() {
    var box = document.querySelector("[data-agenda]");
    if (!box) return;
    var holder = box.querySelector("[data-agenda-days]");
    if (!agendaItems) {  // read once from the static list: one entry per occurrence, with its static days
      var seen = {};
      agendaItems = [];
      holder.querySelectorAll("li[data-s]").forEach(function (li) {
        var link = li.querySelector("a"), key = link.getAttribute("href") + li.getAttribute("data-s");
        var day = li.closest(".agenda-day").querySelector("time").getAttribute("datetime");
        if (seen[key]) { seen[key].staticDays.push(day); return; }
        seen[key] = {
          href: link.getAttribute("href"), title: link.textContent, status: li.getAttribute("data-status"),
          start: new Date(li.getAttribute("data-s")), end: new Date(li.getAttribute("data-e")),
          zone: li.getAttribute("data-zone"), allDay: li.hasAttribute("data-all-day"), staticDays: [day]
        };
        agendaItems.push(seen[key]);
      });
    }
    var zone = readerZone(), now = Date.now(), today = isoDay(new Date(now), zone), weekEnd = nextDay(today, 6);
    var happening = [], later = [], week = {}, rest = {};
    agendaItems.forEach(function (item) {
      var days = item.allDay ? item.staticDays : occurrenceDays(item.start, item.end, zone);
      var running = item.start.getTime() <= now && now < item.end.getTime();
      days.forEach(function (day, i) {
        if (day === today && running) happening.push([item, i > 0]);
        else if (day === today && item.start.getTime() > now) later.push([item, false]);
        else if (day > today && day <= weekEnd) (week[day] = week[day] || []).push([item, i > 0]);
        else (rest[day] = rest[day] || []).push([item, i > 0]);
      });
    });
    function entry(pair) {
      var item = pair[0], li = document.createElement("li"), link = document.createElement("a");
      var time = document.createElement("span");
      link.href = item.href;
      link.textContent = item.title;
      time.className = "agenda-time";
      if (item.allDay) time.textContent = "All day";
      else if (pair[1] || occurrenceDays(item.start, item.end, zone).length > 1) {  // runs over several days
        var until = parts(item.end, zone);
        time.textContent = (pair[1] ? "Continues" : "Runs") + " until " + until.shortDay + ", " + until.clock + " " +
          until.period + (zone === item.zone ? " " + until.timeZoneName : " your time");
      }
      else {
        var own = parts(item.start, item.zone), ownEnd = parts(item.end, item.zone);
        var mine = yourTime(item.start, item.end, item.zone, zone);
        time.textContent = range(own, ownEnd, own.dayText === ownEnd.dayText) + " " + own.timeZoneName + (mine ? " · " + mine : "");
      }
      if (item.status) li.setAttribute("data-status", item.status);
      li.appendChild(link);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(time);
      return li;
    }
    function group(id, title, pairs, level) {
      var section = document.createElement("section"), heading = document.createElement(level || "h3");
      var list = document.createElement("ol");
      section.className = "agenda-day";
      section.setAttribute("aria-labelledby", id);
      heading.id = id;
      heading.textContent = title;
      list.className = "agenda-list";
      pairs.forEach(function (pair) { list.appendChild(entry(pair)); });
      section.appendChild(heading);
      section.appendChild(list);
      return section;
    }
    function byDay(id, title, days) {
      var section = document.createElement("section"), heading = document.createElement("h3");
      section.className = "agenda-group";
      section.setAttribute("aria-labelledby", id);
      heading.id = id;
      heading.textContent = title;
      section.appendChild(heading);
      Object.keys(days).sort().forEach(function (day) {
        section.appendChild(group("day-" + day, longDay(day), days[day], "h4"));
      });
      return section;
    }
    var out = document.createDocumentFragment();
    if (happening.length) out.appendChild(group("agenda-now", "Happening now", happening));
    if (later.length) out.appendChild(group("agenda-later", "Later today", later));
    if (Object.keys(week).length) out.appendChild(byDay("agenda-week", "This week", week));
    if (Object.keys(rest).length) out.appendChild(byDay("agenda-rest", "Other days", rest));
    holder.replaceChildren(out);
    box.querySelector("[data-agenda-note]").textContent = "By day, with times in your time zone, " + zone.replace(/_/g, " ") + ".";
  }
  function dayPage() {  // a day page lists what falls on the reader's date; the neighbours' events wait hidden
    var main = document.querySelector("main[data-day]");
    if (!main) return;
    var day = main.getAttribute("data-day"), zone = readerZone(), listed = {};
    main.querySelectorAll("li.event-item[data-start-utc]").forEach(function (li) {
      var near = li.closest("[data-nearby]"), key = li.querySelector("a").getAttribute("href") + li.getAttribute("data-start-utc");
      var on = li.hasAttribute("data-all-day") ? !near
        : occurrenceDays(new Date(li.getAttribute("data-start-utc")), new Date(li.getAttribute("data-end-utc")), zone).indexOf(day) >= 0;
      if (near && listed[key]) on = false;  // already in this day's own lists (a multi-day event)
      if (on) listed[key] = true;
      if (on) li.removeAttribute("data-offday"); else li.setAttribute("data-offday", "");
    });
    main.querySelectorAll("[data-nearby]").forEach(function (section) {
      section.hidden = !section.querySelector("li.event-item:not([data-offday])");
    });
    var note = main.querySelector("[data-day-note]");
    if (note) note.textContent = "Events on this day in your time zone, " + zone.replace(/_/g, " ") + ".";
  }
  function monthGrid() {  // each event in the cell of the reader's date, when the month has that day
    var zone = readerZone();
    document.querySelectorAll(".month-grid td[data-date] li").forEach(function (li) {
      var when = li.querySelector("[data-when]");
      if (!when) return;
      var day = when.hasAttribute("data-all-day") ? null : isoDay(new Date(when.getAttribute("data-start")), zone);
      var cell = li.closest("td"), target = day && document.querySelector('.month-grid td[data-date="' + day + '"]');
      if (!target || target === cell) return;
      var list = target.querySelector("ul");
      if (!list) {
        list = document.createElement("ul");
        target.insertBefore(list, target.querySelector(".more"));
      }
      list.appendChild(li);
    });
  }

  // ---- An event page that knows where it is in time, from the reader's clock ----
  function eventPhase() {
    var article = document.querySelector("article.event[data-status=scheduled]");
    if (!article) return;
    var times = article.querySelectorAll("[data-sessions] time[data-start]");
    if (!times.length) times = article.querySelectorAll(".when time[data-start]");
    var now = Date.now(), running = null, next = null;
    times.forEach(function (t) {
      var start = Date.parse(t.getAttribute("data-start")), end = Date.parse(t.getAttribute("data-end"));
      var li = t.closest("li");
      if (li) li.classList.toggle("session-past", end <= now);
      if (start <= now && now < end && !running) running = t;
      if (start > now && !next) next = t;
    });
    var phase = running ? "now" : next ? "upcoming" : "past";
    article.setAttribute("data-phase", phase);
    var header = article.querySelector(".event-header"), note = article.querySelector("[data-phase-note]");
    var actions = article.querySelector("[data-actions]"), join = article.querySelector("[data-join]");
    var add = article.querySelector(".add-to-calendar"), archive = article.querySelector(".archive");
    var lead = article.querySelector(".lead") || header;
    var text = "";
    if (phase === "now") {
      text = "Happening now.";
      if (join && actions) actions.insertBefore(join, actions.firstChild);
    } else if (phase === "upcoming") {
      if (times.length > 1) text = "Next session: " + whenText(new Date(next.getAttribute("data-start")),
        new Date(next.getAttribute("data-end")), next.getAttribute("data-zone")) + ".";
      if (add) header.after(add);
    } else {
      text = "This event has ended." + (archive ? " Its recording and materials are below." : "");
      if (actions) actions.hidden = true;
      if (add) add.hidden = true;
      if (archive) lead.after(archive);
    }
    if (note) { note.textContent = text; note.hidden = !text; }
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
    var zone = readerZone();
    if (want.type && item.type !== want.type) return false;
    if (want.topic && item.topics.indexOf(want.topic) < 0) return false;
    if (want.audience && item.audience.indexOf(want.audience) < 0) return false;
    if (want.partner && item.partner !== want.partner) return false;
    if (want.grade && item.grades.indexOf(want.grade) < 0) return false;
    if (want.language && item.language !== want.language) return false;
    if (want.accessibility && item.accessibility.indexOf(want.accessibility) < 0) return false;
    if (want.cost === "free" && item.cost !== "free") return false;
    if (want.time && item.start) {
      var hour = localHour(new Date(item.start), zone);
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
          : whenText(new Date(event.start_utc), new Date(event.end_utc), event.timezone), "h3", "event-title");
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
    if (Object.keys(initial).length) form.closest("details").open = true;
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
    // Dates: an event's day as the reader sees it, in the reader's zone, as the home list and day pages group it
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
    var eventDay = function (start) {
      return start.length === 10 ? start : dayIn(startDate(start), readerZone());
    };
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
              starts.shift();  // "zone start start ...": the event's own zone; its days are the reader's
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
                  var day = eventDay(one);
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
    // Named apart from the page's whenText, which a `var` of the same name here would replace.
    var startText = function (start) {  // the start in the reader's zone, the zone the search's dates are in
      if (start.length === 10) return parts(startDate(start), "UTC").dayText;
      var p = parts(startDate(start), readerZone());
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
            facts.textContent = [typeName(record[5]), startText(r.start || record[3]), record[6]]
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

  function everything() {  // all that depends on the reader's zone, again after they choose another
    rewriteTimes();
    agenda();
    dayPage();
    monthGrid();
    applyFilters();
  }
  zonePicker();
  everything();
  eventPhase();
  liveStatus();
  setInterval(liveStatus, 60 * 1000);
  openAtToday();
})();
