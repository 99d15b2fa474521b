// The site search: the word index built with the site (builder/outputs/search.py), read in the
// browser. Loaded by the search page alone, after site.js, which has already shown the form with the
// query of the address in it (before the first paint) and lends its time helpers as window.CEM.
(function () {
  "use strict";
  var search = document.querySelector("form[data-search]");
  if (!search || !window.CEM) return;
  var parts = window.CEM.parts, readerZone = window.CEM.readerZone, listItem = window.CEM.listItem;
  var base = search.getAttribute("data-index"), root = base.replace(/search-index\/$/, "");
  var count = search.querySelector(".search-count"), list = search.querySelector(".search-results");
  var timer = null, asked = 0, fetched = {};
  var params = new URLSearchParams(location.search);
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
  // Named apart from site.js's whenText, which does not know the index's form of a start.
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
})();
