// Parse .ics files with Mozilla's ical.js and print what a calendar app would see, as JSON.
// Usage: node parse_ics.mjs file.ics [...]  ->  {"file": {"events": [...]}}
// Or, with no file named: one request per line of standard input, a JSON list of files, each
// answered by one line of that JSON, as a process started for those files alone would answer (the
// zones registered for earlier requests are forgotten first): one node for many small calendars.
// Each VEVENT: uid, summary, status, UTC start/end (converted through the file's own VTIMEZONEs),
// whether it is a date (all-day), and the UTC starts of its occurrences (RRULE expanded, max 500).
import fs from "node:fs";
import readline from "node:readline";
import ICAL from "ical.js";

function parse(files) {
  const result = {};
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    const root = new ICAL.Component(ICAL.parse(text));
    for (const zone of root.getAllSubcomponents("vtimezone")) {
      ICAL.TimezoneService.register(new ICAL.Timezone(zone));
    }
    const events = root.getAllSubcomponents("vevent").map((component) => {
      const event = new ICAL.Event(component);
      const occurrences = [];
      const iterator = event.iterator();
      for (let next = iterator.next(); next && occurrences.length < 500; next = iterator.next()) {
        occurrences.push(next.isDate ? next.toString() : next.toJSDate().toISOString());
      }
      const utc = (time) => (time.isDate ? time.toString() : time.toJSDate().toISOString());
      return {
        uid: event.uid,
        summary: event.summary,
        status: component.getFirstPropertyValue("status"),
        sequence: event.sequence,
        start: utc(event.startDate),
        end: utc(event.endDate),
        isDate: event.startDate.isDate,
        tzid: event.startDate.zone ? event.startDate.zone.tzid : null,
        categories: component.getAllProperties("categories").flatMap((p) => p.getValues()),
        description: event.description,
        occurrences,
      };
    });
    result[file] = {
      calname: root.getFirstPropertyValue("x-wr-calname"),
      method: root.getFirstPropertyValue("method"),
      timezones: root.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid")),
      events,
    };
  }
  return result;
}

if (process.argv.length > 2) {
  process.stdout.write(JSON.stringify(parse(process.argv.slice(2))));
} else {
  readline.createInterface({input: process.stdin}).on("line", (line) => {
    ICAL.TimezoneService.reset();
    let answer;
    try {
      answer = parse(JSON.parse(line));
    } catch (error) {
      answer = {error: String(error && error.stack || error)};
    }
    process.stdout.write(JSON.stringify(answer) + "\n");
  });
}
