// The theme's main script (my.js keeps the reader's stars; search.js, on the search page alone, runs
// the search): progressive enhancement, never needed to read a page.
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
  // A time in a transcript, a key moment or a chapter seeks the recording's player on the page (in
  // the proceedings, the player of the same session). A cue's time stays at its cue; the others show
  // the player. A YouTube or Vimeo player the reader has loaded starts again at that second. Without
  // a player, a moment's or chapter's link opens the recording at that second.
  document.querySelectorAll("a.cue-time[data-start], a.moment-time[data-start]").forEach(function (link) {
    var scope = link.closest(".session") || document;
    var player = scope.querySelector("video.recording, audio.recording");
    var seconds = parseFloat(link.getAttribute("data-start")) || 0;
    link.addEventListener("click", function (event) {
      var shown = player;
      if (player) {
        player.currentTime = seconds;
      } else {
        var frame = scope.querySelector(".embed-frame");
        var embed = frame && frame.parentNode.getAttribute("data-embed");
        if (!embed) return;  // nothing loaded here: the link opens the recording at that second
        var whole = Math.floor(seconds);
        frame.src = /youtube/.test(embed) ? embed + "&start=" + whole : embed + "#t=" + whole + "s";
        shown = frame;
      }
      if (link.classList.contains("moment-time")) {
        event.preventDefault();
        shown.scrollIntoView({ block: "nearest" });
        shown.focus();
      }
    });
  });

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
  // Intl's formatToParts is the costly step of a long list (thousands of times in a month), so
  // parts() asks Intl for a zone's offset at both ends of a week, and when it is the same (zones
  // change offsets a few times a year at most) reads the date and clock from the shifted time.
  var formats = {}, weeks = {}, seen = {}, WEEK = 7 * 24 * 60 * 60 * 1000;
  var WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function intlParts(date, zone) {
    var format = formats[zone] || (formats[zone] = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, weekday: "short", day: "numeric", month: "short", year: "numeric",
      hour: "numeric", minute: "2-digit", hour12: true, timeZoneName: "short"
    }));
    var out = {};
    format.formatToParts(date).forEach(function (p) { out[p.type] = p.value; });
    return finish(out);
  }
  function finish(out) {
    out.dayText = out.weekday + " " + out.day + " " + out.month + " " + out.year;
    out.shortDay = out.weekday + " " + out.day + " " + out.month;
    out.clock = out.hour + ":" + out.minute;
    out.period = (out.dayPeriod || "").toUpperCase();
    return out;
  }
  function zoneAt(time, zone) {  // {offset in ms, name} of `zone` at `time` (a whole minute), by Intl
    var p = intlParts(new Date(time), zone), hour = parseInt(p.hour, 10) % 12 + (p.period === "PM" ? 12 : 0);
    var local = Date.UTC(parseInt(p.year, 10), MONTHS.indexOf(p.month), parseInt(p.day, 10), hour, parseInt(p.minute, 10));
    return { offset: local - time, name: p.timeZoneName };
  }
  function steady(time, zone) {  // the zone's {offset, name} all through the week of `time`, or null
    var start = time - (((time % WEEK) + WEEK) % WEEK), key = zone + " " + start;
    if (!(key in weeks)) {
      var first = zoneAt(start, zone), last = zoneAt(start + WEEK, zone);
      weeks[key] = first.offset === last.offset && first.name === last.name && first.offset % 60000 === 0 ? first : null;
    }
    return weeks[key];
  }
  function parts(date, zone) {
    var time = date.getTime(), key = zone + " " + time;
    if (seen[key]) return seen[key];
    var known = isNaN(time) ? null : steady(time, zone);
    if (!known) return intlParts(date, zone);
    var local = new Date(time + known.offset), hour = local.getUTCHours();
    return (seen[key] = finish({
      weekday: WEEKDAYS[local.getUTCDay()], day: String(local.getUTCDate()), month: MONTHS[local.getUTCMonth()],
      year: String(local.getUTCFullYear()), hour: String(hour % 12 || 12), minute: String(local.getUTCMinutes()).padStart(2, "0"),
      dayPeriod: hour < 12 ? "AM" : "PM", timeZoneName: known.name
    }));
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
  var LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December"];
  function longDay(iso) {  // "Tuesday 14 October"
    var d = new Date(iso + "T12:00:00Z");
    return LONG_DAYS[d.getUTCDay()] + " " + d.getUTCDate() + " " + LONG_MONTHS[d.getUTCMonth()];
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
      document.dispatchEvent(new Event("cem:zone"));  // for my.js: the programme and My schedule
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
    if (!agendaItems) {  // read once from the static list: one entry per occurrence, on the day it starts
      agendaItems = [];
      holder.querySelectorAll("li[data-s]").forEach(function (li) {
        var link = li.querySelector("a"), day = li.closest(".agenda-day").querySelector("time").getAttribute("datetime");
        var item = {
          href: link.getAttribute("href"), title: link.textContent, status: li.getAttribute("data-status"),
          start: new Date(li.getAttribute("data-s")), end: new Date(li.getAttribute("data-e")),
          zone: li.getAttribute("data-zone"), allDay: li.hasAttribute("data-all-day"), staticDays: [day]
        };
        var last = li.getAttribute("data-last") || day;  // all-day events keep their own dates
        while (item.staticDays[item.staticDays.length - 1] < last && item.staticDays.length < 400) {
          item.staticDays.push(nextDay(item.staticDays[item.staticDays.length - 1]));
        }
        agendaItems.push(item);
      });
    }
    var zone = readerZone(), now = Date.now(), today = isoDay(new Date(now), zone), weekEnd = nextDay(today, 6);
    var happening = [], later = [], week = {}, rest = {};
    function onDay(days, day) { return days[day] || (days[day] = { starting: [], running: [] }); }
    agendaItems.forEach(function (item) {
      var days = item.allDay ? item.staticDays : occurrenceDays(item.start, item.end, zone);
      var running = item.start.getTime() <= now && now < item.end.getTime();
      item.days = days.length;
      days.forEach(function (day, i) {
        if (day === today && running) happening.push([item, i > 0]);
        else if (day === today && item.start.getTime() > now) later.push([item, false]);
        else onDay(day > today && day <= weekEnd ? week : rest, day)[i > 0 ? "running" : "starting"].push(item);
      });
    });
    function entry(item, continues) {
      var li = document.createElement("li"), link = document.createElement("a");
      var time = document.createElement("span");
      link.href = item.href;
      link.textContent = item.title;
      time.className = "agenda-time";
      if (item.allDay) time.textContent = "All day";
      else if (item.days > 1) {  // runs over several days
        var until = parts(item.end, zone);
        time.textContent = (continues ? "Continues" : "Runs") + " until " + until.shortDay + ", " + until.clock + " " +
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
    function stillRunning(items) {  // one line of links, as the static list has it
      var li = document.createElement("li");
      li.className = "agenda-running";
      li.appendChild(document.createTextNode("Still running: "));
      items.forEach(function (item, i) {
        var link = document.createElement("a");
        link.href = item.href;
        link.textContent = item.title;
        if (i) li.appendChild(document.createTextNode(", "));
        li.appendChild(link);
      });
      return li;
    }
    var firstScreen = parseInt(box.getAttribute("data-first-screen"), 10) || 0, lines = 0;
    function group(id, title, pairs, level, running) {
      var section = document.createElement("section"), heading = document.createElement(level || "h3");
      var list = document.createElement("ol");
      section.className = lines >= firstScreen ? "agenda-day agenda-far" : "agenda-day";  // as the static list
      lines += pairs.length + (running && running.length ? 1 : 0);
      section.setAttribute("aria-labelledby", id);
      heading.id = id;
      heading.textContent = title;
      list.className = "agenda-list";
      pairs.forEach(function (pair) { list.appendChild(entry(pair[0], pair[1])); });
      if (running && running.length) list.appendChild(stillRunning(running));
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
        var pairs = days[day].starting.map(function (item) { return [item, false]; });
        section.appendChild(group("day-" + day, longDay(day), pairs, "h4", days[day].running));
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

  // ---- Search: the form and its query in place before the first paint; search.js, loaded by the
  // search page alone, runs it. ----
  var search = document.querySelector("form[data-search]");
  if (search) {
    search.hidden = false;
    document.querySelectorAll("[data-search-fallback]").forEach(function (note) { note.hidden = true; });
    var asked = new URLSearchParams(location.search);
    ["q", "type", "topic"].forEach(function (key) { if (asked.get(key)) search.elements[key].value = asked.get(key); });
  }

  // ---- Snippets to copy (the partner page's badge and list): a button beside each, where the
  // browser lets a page write to the clipboard; without it, the text is there to select. ----
  if (navigator.clipboard && window.isSecureContext) {
    document.querySelectorAll("pre[data-copy]").forEach(function (pre) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-secondary copy";
      button.textContent = "Copy " + (pre.getAttribute("data-copy") || "");
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(pre.textContent).then(function () { button.textContent = "Copied"; },
                                                             function () { button.textContent = "Select the text to copy"; });
      });
      pre.after(button);
    });
  }

  function everything() {  // all that depends on the reader's zone, again after they choose another
    rewriteTimes();
    agenda();
    dayPage();
    monthGrid();
    applyFilters();
  }
  // What the search page's own script (search.js) borrows, rather than keeping copies.
  window.CEM = { parts: parts, readerZone: readerZone, listItem: listItem };
  zonePicker();
  everything();
  eventPhase();
  liveStatus();
  setInterval(liveStatus, 60 * 1000);
  openAtToday();
})();
