// The peer the issue names: Eleventy building the same events as the project, with every event
// page, an index, a page per topic and one RSS feed. bench/run.py copies site/ and the corpus's
// events/ into one input folder and runs `eleventy --input=<it> --output=<out>`.
import { feedPlugin } from "@11ty/eleventy-plugin-rss";

export default function (config) {
  config.addGlobalData("layout", "event.njk");
  const byStart = (a, b) => a.data.start - b.data.start || a.fileSlug.localeCompare(b.fileSlug);
  const events = (api) => api.getAll().filter((item) => item.inputPath.includes("/events/")).sort(byStart);
  config.addCollection("events", events);
  config.addCollection("topics", (api) => {
    const topics = new Map();
    for (const event of events(api)) {
      for (const name of event.data.topics || []) {
        if (!topics.has(name)) topics.set(name, []);
        topics.get(name).push(event);
      }
    }
    return [...topics.keys()].sort().map((name) => ({ name, events: topics.get(name) }));
  });
  config.addPlugin(feedPlugin, {
    type: "rss",
    outputPath: "/feed.xml",
    collection: { name: "events", limit: 0 },
    metadata: { language: "en", title: "Connected Educator Month", subtitle: "Events", base: "https://example.org/" },
  });
}
