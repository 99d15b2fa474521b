/* The partner's embeddable list (partner-embed.html): each event's time in the reader's own zone,
   and the events that have ended, by the reader's clock, hidden. Without it the page lists every
   event with its time in the site's zone. */
(function () {
  "use strict";
  var items = document.querySelectorAll("[data-partner-list] li[data-start-utc]");
  if (!items.length || !window.Intl) return;
  var now = Date.now(), shown = 0, zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* keep the site's */ }
  var f = new Intl.DateTimeFormat("en-US", { weekday: "short", day: "numeric", month: "short", year: "numeric",
                                            hour: "numeric", minute: "2-digit", timeZoneName: "short" });
  function format(start, end) {
    return f.formatRange ? f.formatRange(start, end) : f.format(start) + " – " + f.format(end);
  }
  items.forEach(function (li) {
    var start = new Date(li.getAttribute("data-start-utc")), end = new Date(li.getAttribute("data-end-utc"));
    if (end.getTime() <= now) { li.hidden = true; return; }
    shown += 1;
    var time = li.querySelector("time");
    if (time && !li.hasAttribute("data-all-day")) time.textContent = format(start, end);  /* a day is a day in every zone */
  });
  var none = document.querySelector("[data-none]");
  if (none) none.hidden = shown > 0;
  var note = document.querySelector("[data-zone-note]");
  if (note && zone) note.textContent = "Upcoming events, times in your time zone (" + zone + "). Links open in a new tab.";
}());
