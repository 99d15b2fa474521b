// The reader's own schedule (stars, /my/), the conference programme in the reader's zone and the
// home page's "Announced this week". Everything stays in this browser (localStorage); text goes
// into the page through textContent only. Without JavaScript the stars stay hidden.
(function () {
  "use strict";
  var STARS = "cem-stars";
  var DAY = 864e5;

  function load(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function starred() {
    return (load(STARS) || "").split(",").filter(function (s) { return /^[a-z0-9-]+$/.test(s); });
  }
  function save(list) {
    try { localStorage.setItem(STARS, list.join(",")); } catch (e) { /* not remembered */ }
  }
  // The reader's zone as site.js decides it (their choice, old names made current, else the detected
  // one): one answer on every page. site.js runs first; should it have failed, the detected zone.
  function readerZone() {
    if (window.CEM) return window.CEM.readerZone();
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch (e) { return "UTC"; }
  }
  function make(tag, text, className) {
    var element = document.createElement(tag);
    if (text) element.textContent = text;
    if (className) element.className = className;
    return element;
  }
  function fmt(date, zone, options) {
    options.timeZone = zone;
    try { return new Intl.DateTimeFormat("en-US", options).format(date); } catch (e) {
      options.timeZone = "UTC";
      return new Intl.DateTimeFormat("en-US", options).format(date);
    }
  }
  function dayText(date, zone) {
    return fmt(date, zone, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
  }
  function timeText(date, zone) {
    return fmt(date, zone, { hour: "numeric", minute: "2-digit", timeZoneName: "short" });
  }

  // ---- Stars ----
  function showStars() {
    var list = starred();
    document.querySelectorAll("button[data-star]").forEach(function (button) {
      button.hidden = false;
      button.setAttribute("aria-pressed", String(list.indexOf(button.getAttribute("data-star")) >= 0));
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-star]");
    if (!button) return;
    var slug = button.getAttribute("data-star"), list = starred(), at = list.indexOf(slug);
    if (at >= 0) list.splice(at, 1); else list.push(slug);
    save(list);
    showStars();
    if (my) showMine();
  });
  window.addEventListener("storage", function (event) {  // starred in another tab
    if (event.key !== STARS) return;
    showStars();
    if (my) showMine();
  });
  showStars();

  // ---- The conference programme, regrouped by day and time in the reader's zone ----
  var programme = document.querySelector("[data-programme]");
  function regroup() {
    var zone = readerZone();
    var sessions = Array.prototype.slice.call(programme.querySelectorAll("li.session"));
    sessions.sort(function (a, b) {
      return Date.parse(a.getAttribute("data-start-utc")) - Date.parse(b.getAttribute("data-start-utc")) ||
        a.style.getPropertyValue("--column") - b.style.getPropertyValue("--column");
    });
    var days = [], slots = null, lastDay = null, lastTime = null;
    sessions.forEach(function (session) {
      var start = new Date(session.getAttribute("data-start-utc"));
      var day = dayText(start, zone), time = timeText(start, zone);
      if (day !== lastDay) {
        var section = make("section", "", "programme-day"), heading = make("h2", day);
        heading.id = "pday-" + (days.length + 1);
        section.setAttribute("aria-labelledby", heading.id);
        slots = make("ol", "", "programme-slots");
        section.appendChild(heading);
        section.appendChild(slots);
        days.push(section);
        lastDay = day;
        lastTime = null;
      }
      if (time !== lastTime) {
        var slot = make("li", "", "programme-slot"), label = make("h3", "", "slot-time"), at = make("time", time);
        at.setAttribute("datetime", session.getAttribute("data-start-utc"));
        label.appendChild(at);
        slot.appendChild(label);
        slot.appendChild(make("ul", "", "slot-sessions"));
        slots.appendChild(slot);
        lastTime = time;
      }
      slots.lastChild.lastChild.appendChild(session);
    });
    programme.replaceChildren.apply(programme, days);
    var note = document.querySelector("[data-programme-zone]");
    if (note) note.textContent = "Times are in " + zone + " time.";
    var starts = sessions.map(function (s) { return Date.parse(s.getAttribute("data-start-utc")); });
    var ends = sessions.map(function (s) { return Date.parse(s.getAttribute("data-end-utc")); });
    var first = Math.min.apply(null, starts), last = Math.max.apply(null, ends), now = Date.now();
    var state = document.querySelector("[data-conference-state]");
    if (state && sessions.length) {
      state.textContent = now < first ? "The conference begins " + dayText(new Date(first), zone) + " at " +
          timeText(new Date(first), zone) + "."
        : now < last ? "The conference is on now: sessions happening now are marked."
        : "The conference is over: recordings and takeaways are in its proceedings.";
    }
  }
  if (programme) {
    regroup();
    document.addEventListener("cem:zone", regroup);  // the reader chose another zone (site.js)
  }

  // ---- Announced this week: from the reader's clock, never the build's ----
  var strip = document.querySelector("[data-announced]");
  if (strip) {
    var since = Date.now() - 7 * DAY, kept = 0;
    strip.querySelectorAll("li[data-published]").forEach(function (item) {
      var fresh = Date.parse(item.getAttribute("data-published")) >= since;
      item.hidden = !fresh;
      kept += fresh ? 1 : 0;
    });
    strip.querySelector("h2").textContent = "Announced this week";
    strip.hidden = kept === 0;
  }

  // ---- /my/: the starred events, from /events.json ----
  var my = document.querySelector("[data-my]");
  var events = null, site = null;
  var shared = new URLSearchParams(location.search).get("e");
  function chosen() {
    return shared !== null ? shared.split(",").filter(function (s) { return /^[a-z0-9-]+$/.test(s); }) : starred();
  }
  function mine() {
    var wanted = chosen();
    return events.filter(function (e) { return wanted.indexOf(e.slug) >= 0; }).map(function (e) {
      var all = e.all_day;
      return { e: e, start: Date.parse(all ? e.start + "T00:00:00Z" : e.start_utc),
               end: all ? Date.parse(e.end + "T00:00:00Z") + DAY : Date.parse(e.end_utc) };
    }).sort(function (a, b) { return a.start - b.start || (a.e.slug < b.e.slug ? -1 : 1); });
  }
  function showMine() {
    if (!events) return;
    var items = mine(), list = my.querySelector("[data-my-list]");
    var zone = readerZone();
    list.replaceChildren();
    items.forEach(function (item) {
      var e = item.e, li = make("li", "", "event-item"), heading = make("h2", "", "event-title");
      var link = make("a", e.title);
      link.href = e.url.replace(site.url, my.getAttribute("data-events").replace(/events\.json$/, ""));
      heading.appendChild(link);
      li.appendChild(heading);
      var from = new Date(item.start), to = new Date(item.end);
      var when = e.all_day ? (e.start === e.end ? e.start : e.start + " – " + e.end) + " (all day)"
        : dayText(from, zone) + ", " + fmt(from, zone, { hour: "numeric", minute: "2-digit" }) + " – " +
          (dayText(to, zone) === dayText(from, zone) ? "" : dayText(to, zone) + ", ") + timeText(to, zone);
      li.appendChild(make("p", when, "event-when"));
      li.appendChild(make("p", e.type_name + " · " + e.partner.name + (e.track ? " · " + e.track : ""), "event-meta"));
      if (e.status !== "scheduled") li.appendChild(make("p", e.status === "cancelled" ? "Cancelled" : "Postponed", "badge"));
      var clashes = items.filter(function (other) {
        return other !== item && other.start < item.end && item.start < other.end;
      }).map(function (other) { return other.e.title; });
      if (clashes.length) {
        li.classList.add("overlaps");
        li.appendChild(make("p", "Overlaps with " + clashes.join("; "), "overlap"));
      }
      if (shared === null) {
        var star = make("button", "", "star");
        star.type = "button";
        star.setAttribute("data-star", e.slug);
        star.setAttribute("aria-pressed", "true");
        star.appendChild(make("span", "★")).setAttribute("aria-hidden", "true");
        star.appendChild(make("span", "My schedule: " + e.title, "visually-hidden"));
        li.appendChild(star);
      }
      list.appendChild(li);
    });
    my.querySelector("[data-my-zone]").textContent = "Times are in " + zone + " time.";
    my.querySelector("[data-my-empty]").hidden = items.length > 0;
    my.querySelector("[data-my-actions]").hidden = items.length === 0;
    my.querySelector("[data-my-shared]").hidden = shared === null;
    var share = my.querySelector("[data-my-share]");
    var address = location.origin + location.pathname + "?e=" + items.map(function (i) { return i.e.slug; }).join(",");
    share.href = address;
    share.textContent = address;
  }

  // An .ics of the schedule (RFC 5545): CRLF lines folded at 75 octets, text escaped, UTC times,
  // and each event's published UID, so a calendar that also subscribes to the site keeps one copy.
  function escapeText(text) {
    return String(text || "").replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
      .replace(/\r\n|\r|\n/g, "\\n");
  }
  function fold(line) {
    var out = [], current = "", size = 0, encoder = new TextEncoder();
    Array.from(line).forEach(function (character) {
      var bytes = encoder.encode(character).length;
      if (size + bytes > 75) { out.push(current); current = " "; size = 1; }
      current += character;
      size += bytes;
    });
    out.push(current);
    return out.join("\r\n");
  }
  function utc(ms) { return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, ""); }
  function ics(items) {
    var host = site.url.replace(/^[a-z]+:\/\//, "").replace(/[/:].*$/, "");
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Connected Educator Month//my schedule//EN",
      "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:" + escapeText("My schedule: " + site.title)];
    items.forEach(function (item) {
      var e = item.e;
      lines.push("BEGIN:VEVENT", "UID:" + escapeText(e.slug + "@" + host), "DTSTAMP:" + utc(Date.parse(e.updated)));
      if (e.all_day) {
        lines.push("DTSTART;VALUE=DATE:" + e.start.replace(/-/g, ""),
          "DTEND;VALUE=DATE:" + new Date(item.end).toISOString().slice(0, 10).replace(/-/g, ""));
      } else {
        lines.push("DTSTART:" + utc(item.start), "DTEND:" + utc(item.end));
        var more = e.occurrences.slice(1).map(function (o) { return utc(Date.parse(o.start_utc)); });
        if (more.length) lines.push("RDATE:" + more.join(","));
      }
      lines.push("SUMMARY:" + escapeText(e.title), "DESCRIPTION:" + escapeText(e.summary), "URL:" + e.url,
        "STATUS:" + ({ cancelled: "CANCELLED", postponed: "TENTATIVE" }[e.status] || "CONFIRMED"), "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }
  if (my) {
    my.hidden = false;
    document.querySelectorAll("[data-my-needs-js]").forEach(function (note) { note.hidden = true; });
    my.querySelector("[data-my-keep]").addEventListener("click", function () {
      var list = starred();
      chosen().forEach(function (slug) { if (list.indexOf(slug) < 0) list.push(slug); });
      save(list);
      shared = null;
      history.replaceState(null, "", location.pathname);
      showMine();
      my.querySelector("[data-my-status]").textContent = "Added to your schedule.";
    });
    my.querySelector("[data-my-ics]").addEventListener("click", function () {
      var link = make("a");
      link.href = URL.createObjectURL(new Blob([ics(mine())], { type: "text/calendar" }));
      link.download = "my-schedule.ics";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
    fetch(my.getAttribute("data-events")).then(function (response) { return response.json(); }).then(function (data) {
      events = data.events;
      site = { url: data.site.url, title: data.site.title, timezone: data.site.timezone };
      showMine();
      document.addEventListener("cem:zone", showMine);  // the reader chose another zone (site.js)
    }).catch(function () {
      my.querySelector("[data-my-status]").textContent = "Your schedule could not be loaded; try again later.";
    });
  }
})();
