/* The /submit/ page: checks a partner's event (or profile) as they type, with the rules and the
   words of `python -m builder check` (builder/content/schema.py and validation.py), previews it,
   and writes its file: the values quoted as `python -m builder new` quotes them
   (builder/scaffold.py quoted), ready to copy or to open on GitHub as a new file.

   The fields, their kinds, limits and the site's lists come from submit/fields.json, made from the
   one declaration of each field (builder/outputs/submit.py). Each check below mirrors the parser of
   its kind; a rule that needs the whole site or the time zone database (a time that daylight saving
   skips, the Markdown's shape, a name another file uses) is left to the check of the pull request. */
(function () {
  "use strict";
  var root = document.querySelector("[data-submit]");
  if (!root || !window.fetch) { return; }

  var FIELDS = null;
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var WHEN = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
  var UNCARRIED = /[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]/g;

  function Invalid(message) { this.message = message; }

  // -- the checker's words (schema.shown, suggest; Python's len counts code points) --
  function chars(value) { return Array.from(value); }
  function shown(value) {
    var list = chars(value);
    return '"' + (list.length <= 60 ? value : list.slice(0, 57).join("") + "...") + '"';
  }
  function thousands(n) { return n.toLocaleString("en-US"); }
  function pad(n, width) { return String(n).padStart(width || 2, "0"); }

  // difflib.SequenceMatcher(None, word, possibility).ratio() and get_close_matches, as Python has them
  function ratio(a, b) {
    var b2j = {};
    for (var j = 0; j < b.length; j++) { (b2j[b[j]] = b2j[b[j]] || []).push(j); }
    function longest(alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, bestsize = 0, j2len = {};
      for (var i = alo; i < ahi; i++) {
        var next = {}, js = b2j[a[i]] || [];
        for (var k = 0; k < js.length; k++) {
          var jj = js[k];
          if (jj < blo) { continue; }
          if (jj >= bhi) { break; }
          var size = next[jj] = (j2len[jj - 1] || 0) + 1;
          if (size > bestsize) { besti = i - size + 1; bestj = jj - size + 1; bestsize = size; }
        }
        j2len = next;
      }
      return [besti, bestj, bestsize];
    }
    var matches = 0, queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      var q = queue.pop(), found = longest(q[0], q[1], q[2], q[3]), i0 = found[0], j0 = found[1], n = found[2];
      if (n) {
        matches += n;
        if (q[0] < i0 && q[2] < j0) { queue.push([q[0], i0, q[2], j0]); }
        if (i0 + n < q[1] && j0 + n < q[3]) { queue.push([i0 + n, q[1], j0 + n, q[3]]); }
      }
    }
    var total = a.length + b.length;
    return total ? 2.0 * matches / total : 1.0;
  }
  function closeMatch(word, possibilities, cutoff) {
    var best = null;
    possibilities.forEach(function (x) {
      var score = ratio(chars(x), chars(word));
      if (score >= cutoff && (!best || score > best[0] || (score === best[0] && x > best[1]))) { best = [score, x]; }
    });
    return best ? best[1] : null;
  }

  // -- parsers: each returns the value or throws Invalid with the checker's message --
  function clean(value) { return value.replace(/\r\n/g, "\n").replace(/\r/g, "\n").replace(UNCARRIED, ""); }
  function pyStrip(value) { return value.replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/g, ""); }
  function words(value) { return pyStrip(value).split(/[\s\x1c-\x1f\x85]+/).filter(Boolean); }

  function text(raw) {
    var value = pyStrip(clean(raw)), length = chars(value).length;
    if (length > FIELDS.limits.text) {
      throw new Invalid("is " + length + " characters long; keep it under " + FIELDS.limits.text +
                        " and put the rest in the description");
    }
    return value;
  }

  function hiddenIn(value) {  // names.hidden: where, and what, a name may not contain
    var list = chars(value);
    for (var index = 0; index < list.length; index++) {
      var ch = list[index], code = ch.codePointAt(0);
      if (ch === "\t" || ch === "\n" || ch === "\r") { continue; }
      var known = FIELDS.hidden[code.toString(16)];
      if (known) { return [index, known[0], known[1]]; }
      if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff)) {
        return [index, "a control character", "U+" + code.toString(16).toUpperCase().padStart(4, "0")];
      }
    }
    return null;
  }

  function oneLine(raw) {
    var found = hiddenIn(raw);
    if (found) {
      var before = words(chars(raw).slice(0, found[0]).join("")).slice(-3).join(" ");
      var where = before ? "after " + shown(before) : "at its start";
      throw new Invalid("contains " + found[1] + ", " + found[2] + ", " + where + "; delete it (retype the name " +
                        "if you cannot see it): such characters make different names look the same");
    }
    return words(text(raw)).join(" ");
  }

  function printable(value) { return !/[\p{C}\p{Zl}\p{Zp}]|[^\P{Zs} ]/u.test(value); }

  function splitUrl(value) {  // urllib.parse.urlsplit's scheme, hostname and port rules
    var scheme = "", rest = value, match = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value);
    if (match) { scheme = match[1].toLowerCase(); rest = value.slice(match[0].length); }
    var netloc = "";
    if (rest.slice(0, 2) === "//") { netloc = /^[^/?#]*/.exec(rest.slice(2))[0]; }
    if ((netloc.indexOf("[") >= 0) !== (netloc.indexOf("]") >= 0)) { return null; }
    var hostinfo = netloc.slice(netloc.lastIndexOf("@") + 1), host, port;
    if (hostinfo.indexOf("[") >= 0) {
      var inside = hostinfo.split("[")[1];
      host = inside.split("]")[0];
      port = inside.split("]").slice(1).join("]").split(":").slice(1).join(":");
    } else {
      host = hostinfo.split(":")[0];
      port = hostinfo.split(":").slice(1).join(":");
    }
    if (port && (!/^[0-9]+$/.test(port) || Number(port) > 65535)) { return null; }
    return {scheme: scheme, hostname: host ? host.toLowerCase() : null};
  }

  function url(raw) {
    var value = pyStrip(raw), length = chars(value).length;
    if (length > FIELDS.limits.url) {
      throw new Invalid(shown(value) + " is " + thousands(length) + " characters long; a web address may have at most " +
                        thousands(FIELDS.limits.url) + ": link to a shorter address of the same page");
    }
    var parts = printable(value) && value.indexOf(" ") < 0 ? splitUrl(value) : null;
    if (!parts || (parts.scheme !== "http" && parts.scheme !== "https") || !parts.hostname) {
      if (parts && parts.scheme === "" && value.split("/")[0].indexOf(".") >= 0) {
        throw new Invalid(shown(value) + ' is not a full web address; did you mean "https://' + value + '"?');
      }
      throw new Invalid(shown(value) + " is not a web address; write a full web address that starts with https:// " +
                        "(only http and https links are allowed)");
    }
    return value;
  }

  function when(raw) {
    var value = pyStrip(raw), m = WHEN.exec(value);
    if (!m) {
      if (/^.*\d(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
        throw new Invalid(shown(value) + " has a UTC offset; write the local time without it " +
                          "(e.g. 2025-10-14T15:00) and set `timezone:` instead");
      }
      if (/\d\s*(am|pm)\b/i.test(value)) {
        throw new Invalid(shown(value) + " uses AM/PM; write the time on a 24-hour clock, e.g. 2025-10-14T15:00 for 3 PM");
      }
      throw new Invalid(shown(value) + " is not a date and time; write it like 2025-10-14T15:00 (or 2025-10-14 for all day)");
    }
    var y = +m[1], mo = +m[2], d = +m[3];
    if (y < 1900 || y > 2200) { throw new Invalid(shown(value) + " has the year " + y + "; use a year between 1900 and 2200"); }
    var problem = null, last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    if (mo < 1 || mo > 12) { problem = "month must be in 1..12"; }
    else if (d < 1 || d > last) { problem = "day is out of range for month"; }
    else if (m[4] !== undefined && +m[4] > 23) { problem = "hour must be in 0..23"; }
    else if (m[4] !== undefined && +m[5] > 59) { problem = "minute must be in 0..59"; }
    else if (m[6] !== undefined && +m[6] > 59) { problem = "second must be in 0..59"; }
    if (problem) { throw new Invalid(shown(value) + " is not a real date or time (" + problem + ")"); }
    return {y: y, m: mo, d: d, time: m[4] !== undefined, H: +(m[4] || 0), M: +(m[5] || 0), S: +(m[6] || 0)};
  }

  function day(raw) {
    var value = when(raw);
    if (value.time) { throw new Invalid(shown(raw) + " must be a date without a time, like 2025-10-31"); }
    return value;
  }

  function zone(raw) {  // zones.check_zone
    var value = pyStrip(raw), zones = FIELDS.zones;
    if (zones.indexOf(value) >= 0) { return value; }
    var meant = FIELDS.common_zones[pyStrip(value.toLowerCase().replace(/ time/g, "").replace(/ /g, ""))];
    if (!meant) {
      var byLower = {}, byCity = {};
      zones.forEach(function (z) { byLower[z.toLowerCase()] = z; });
      zones.slice().sort().forEach(function (z) { byCity[z.split("/").pop().toLowerCase().replace(/_/g, " ")] = z; });
      var key = pyStrip(value.toLowerCase());
      meant = byLower[key] || byCity[key.replace(/_/g, " ")];
      if (!meant) {
        var close = closeMatch(key, Object.keys(byLower), 0.75) ||
                    closeMatch(key.replace(/_/g, " "), Object.keys(byCity), 0.75);
        if (close) { meant = byLower[close] || byCity[close]; }
      }
    }
    throw new Invalid(shown(value) + " is not an IANA time zone" + (meant ? '; did you mean "' + meant + '"?' :
                      " (write a name like America/New_York, Europe/London or Asia/Kolkata)"));
  }

  function slugify(value) {
    return value.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  }

  function slugProblem(slug) {  // validation.slug_problem
    if (!SLUG.test(slug)) {
      return "the file name " + shown(slug + ".md") + ' is not a valid slug; rename it to "' + (slugify(slug) || "my-event") +
             '.md" (lowercase letters, digits and single hyphens)';
    }
    if (slug.length > FIELDS.limits.slug) {
      return "the file name is " + thousands(slug.length + 3) + " characters long; rename it to at most " +
             FIELDS.limits.slug + " characters before .md (the web address and calendar of the page are made from it)";
    }
    return null;
  }

  var PARSERS = {text: text, line: oneLine, url: url, "date-time": when, date: day, zone: zone};

  // -- reading the form --
  function items(spec, input) {  // a list as scaffold.node_of splits it: by commas, blanks dropped
    return input.value.split(",").map(function (part) { return pyStrip(part); }).filter(Boolean);
  }

  function valueOf(form, spec) {
    if (spec.kind === "choices") {
      return Array.from(form.querySelectorAll('input[name="' + spec.name + '"]:checked')).map(function (box) {
        return box.value;
      });
    }
    var input = form.elements[spec.name];
    if (spec.kind === "list") { return items(spec, input); }
    return input.value;
  }

  function applies(form, spec) {
    if (!spec.types.length) { return true; }
    var type = form.elements.type;
    return !type || !type.value || spec.types.indexOf(type.value) >= 0;
  }

  // The checker's message for one field's value ("title is ..."), or null.
  function fieldProblem(spec, value) {
    var empty = Array.isArray(value) ? !value.length : !pyStrip(value);
    if (empty) {
      return spec.required ? "required field " + spec.name + " is missing; add a line like `" +
                             (spec.example || spec.name + ": ...") + "`" : null;
    }
    if (!spec.browser) { return null; }
    try {
      if (Array.isArray(value)) {
        if (spec.max_items !== null && value.length > spec.max_items) {
          throw new Invalid("has " + thousands(value.length) + " items; at most " + spec.max_items +
                            " are allowed: keep the most important ones");
        }
        if (spec.kind === "list") {
          value.forEach(function (item) {
            try { oneLine(item); } catch (error) {
              if (error instanceof Invalid) { throw new Invalid("has an item that " + error.message); }
              throw error;
            }
          });
        }
      } else if (PARSERS[spec.kind]) {
        PARSERS[spec.kind](value);
      }
    } catch (error) {
      if (error instanceof Invalid) { return spec.name + " " + error.message; }
      throw error;
    }
    return null;
  }

  function iso(v) { return pad(v.y, 4) + "-" + pad(v.m) + "-" + pad(v.d); }
  function isoTime(v) { return iso(v) + "T" + pad(v.H) + ":" + pad(v.M) + ":" + pad(v.S); }
  function minutes(v) { return iso(v) + "T" + pad(v.H) + ":" + pad(v.M); }
  function dayNumber(v) { return Date.UTC(v.y, v.m - 1, v.d) / 86400000; }

  // validation._check_times and _check_image: the rules between fields, on the field they name.
  function crossProblems(form, values) {
    var found = {};
    function parsed(name, parser) {
      try { return values[name] && pyStrip(values[name]) ? parser(values[name]) : null; } catch (error) { return null; }
    }
    var start = parsed("start", when), end = parsed("end", when);
    if (start && end) {
      if (start.time !== end.time) {
        found.end = "start and end must both be dates (an all-day event) or both dates with times; got start " +
                    (start.time ? isoTime(start) : iso(start)) + " and end " + (end.time ? isoTime(end) : iso(end));
      } else if (start.time && minutes(end) + pad(end.S) <= minutes(start) + pad(start.S)) {
        found.end = 'end "' + minutes(end) + '" must be after start "' + minutes(start) + '"';
      } else if (!start.time && iso(end) < iso(start)) {
        found.end = 'end "' + iso(end) + '" must be on or after start "' + iso(start) + '"';
      }
    }
    var repeat = values.repeat, until = parsed("until", day);
    if (repeat && !values.until) {
      found.repeat = "repeat: " + repeat + " needs `until:` with the last date, e.g. until: 2025-10-30";
    }
    if (until && !repeat) {
      found.until = "until is only used with `repeat: daily` or `repeat: weekly`; add repeat or remove until";
    } else if (until && start && iso(until) < iso(start)) {
      found.until = 'until "' + iso(until) + '" must be on or after the start date "' + iso(start) + '"';
    } else if (until && start && repeat && dayNumber(until) - dayNumber(start) > 400) {
      found.until = 'until "' + iso(until) + '" is more than a year after start; repeating events may run for a year at most';
    }
    if ("image" in values && "image_alt" in values) {
      if (pyStrip(values.image) && !pyStrip(values.image_alt)) {
        found.image_alt = 'image needs image_alt, which is missing: add a line like image_alt: "Students building a ' +
                          'robot", saying what the picture shows for readers who cannot see it';
      } else if (pyStrip(values.image_alt) && !pyStrip(values.image)) {
        found.image_alt = "image_alt is only used with image; add image, or remove image_alt";
      }
    }
    return found;
  }

  function bodyProblem(body) {
    var length = chars(clean(body)).length;
    if (length > FIELDS.limits.body) {
      return "the description below the front matter is " + thousands(length) + " characters long; at most " +
             thousands(FIELDS.limits.body) + " are allowed: shorten it, or link to a longer document";
    }
    return null;
  }

  // -- the file: scaffold.quoted, scaffold.render without the comments --
  function quoted(value) {
    var out = "";
    chars(value).forEach(function (ch) {
      var code = ch.codePointAt(0);
      if (ch === '"' || ch === "\\") { out += "\\" + ch; }
      else if (ch === "\n") { out += "\\n"; }
      else if (ch === "\t") { out += "\\t"; }
      else if (printable(ch) && "\x85\u2028\u2029\ufeff".indexOf(ch) < 0) { out += ch; }
      else if (code <= 0xffff) { out += "\\u" + code.toString(16).padStart(4, "0"); }
      else { out += "\\U" + code.toString(16).padStart(8, "0"); }
    });
    return '"' + out + '"';
  }

  function fileText(kind, form) {
    var lines = ["---"];
    kind.fields.forEach(function (spec) {
      if (!applies(form, spec)) { return; }
      var value = valueOf(form, spec);
      if (Array.isArray(value)) {
        if (value.length) { lines.push(spec.name + ": [" + value.map(quoted).join(", ") + "]"); }
      } else if (pyStrip(value)) {
        lines.push(spec.name + ": " + quoted(value));
      }
    });
    lines.push("---");
    var body = form.elements.body.value.replace(/\r\n?/g, "\n");
    return lines.join("\n") + "\n" + (pyStrip(body) ? body.replace(/\n+$/, "") + "\n" : "");
  }

  // -- showing it --
  function setError(form, name, message) {
    var holder = form.querySelector('[data-field="' + name + '"]');
    if (!holder) { return; }
    var error = holder.querySelector("[data-error]");
    error.textContent = message ? "Error: " + message : "";
    holder.classList.toggle("has-error", Boolean(message));
    holder.querySelectorAll("input, select, textarea").forEach(function (input) {
      if (message) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    });
  }

  // Every field's message (all: on submit), or only those of the fields the partner has left.
  function checkForm(kind, form, all) {
    var problems = [], values = {}, touched = form.touched;
    function report(name, message) {
      if (!all && !touched[name]) { message = null; }
      setError(form, name, message);
      if (message) { problems.push([name, message]); }
    }
    kind.fields.forEach(function (spec) {
      var holder = form.querySelector('[data-field="' + spec.name + '"]');
      var on = applies(form, spec);
      holder.hidden = !on;
      if (!on) { return; }
      values[spec.name] = Array.isArray(valueOf(form, spec)) ? valueOf(form, spec) : form.elements[spec.name].value;
    });
    var cross = kind === FIELDS.kinds.event ? crossProblems(form, values) : {};
    kind.fields.forEach(function (spec) {
      if (!(spec.name in values)) { setError(form, spec.name, null); return; }
      report(spec.name, fieldProblem(spec, values[spec.name]) || cross[spec.name] || null);
    });
    report("body", bodyProblem(form.elements.body.value));
    report("slug", slugProblem(form.elements.slug.value));
    return problems;
  }

  function announce(message) {
    var status = root.querySelector("[data-submit-status]");
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function instant(v, zoneName) {  // a wall time in a zone as a Date (the offset found by trying it)
    var guess = Date.UTC(v.y, v.m - 1, v.d, v.H, v.M, v.S);
    for (var i = 0; i < 2; i++) {
      var parts = {};
      new Intl.DateTimeFormat("en-US", {timeZone: zoneName, hourCycle: "h23", year: "numeric", month: "numeric",
                                        day: "numeric", hour: "numeric", minute: "numeric", second: "numeric"})
        .formatToParts(new Date(guess)).forEach(function (p) { parts[p.type] = +p.value; });
      var seen = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second);
      guess += Date.UTC(v.y, v.m - 1, v.d, v.H, v.M, v.S) - seen;
    }
    return new Date(guess);
  }

  function whenText(start, end, zoneName, inZone) {
    var options = {timeZone: inZone, weekday: "short", month: "long", day: "numeric", year: "numeric",
                   hour: "numeric", minute: "2-digit", timeZoneName: "short"};
    var format = new Intl.DateTimeFormat("en-US", options);
    return format.format(instant(start, zoneName)) + " to " + format.format(instant(end, zoneName));
  }

  function line(parent, label, value) {
    if (!value) { return; }
    var row = document.createElement("div"), dt = document.createElement("dt"), dd = document.createElement("dd");
    dt.textContent = label;
    dd.textContent = value;
    row.append(dt, dd);
    parent.append(row);
  }

  function preview(kindName, kind, form) {
    var box = root.querySelector("[data-preview]");
    box.replaceChildren();
    var heading = document.createElement("h3");
    var get = function (name) { return form.elements[name] ? form.elements[name].value : ""; };
    heading.textContent = words(get(kind.slug_from)).join(" ");
    var list = document.createElement("dl");
    if (kindName === "event") {
      var zoneName = pyStrip(get("timezone")) || FIELDS.site.timezone, start = when(get("start")), end = when(get("end"));
      if (start.time) {
        var site = FIELDS.site.timezone, reader = Intl.DateTimeFormat().resolvedOptions().timeZone;
        line(list, "When (the site's time, " + site + ")", whenText(start, end, zoneName, site));
        if (reader && reader !== site) { line(list, "When (your time, " + reader + ")", whenText(start, end, zoneName, reader)); }
      } else {
        line(list, "When (all day)", iso(start) === iso(end) ? iso(start) : iso(start) + " to " + iso(end));
      }
      line(list, "Type", FIELDS.types[get("type")]);
      line(list, "Partner", get("partner"));
      line(list, "Summary", get("summary"));
    } else {
      line(list, "Website", get("url"));
      line(list, "Description", get("description"));
    }
    var body = document.createElement("p");
    body.className = "submit-body";
    body.textContent = get("body");
    box.append(heading, list, body);
  }

  function showResult(kindName, kind, form) {
    var result = root.querySelector("[data-submit-result]"), file = fileText(kind, form);
    var name = "content/" + kind.folder + "/" + form.elements.slug.value + ".md";
    preview(kindName, kind, form);
    result.querySelector("[data-file]").textContent = file;
    result.querySelector("[data-file-name]").textContent = name;
    var github = result.querySelector("[data-github]");
    if (github && FIELDS.site.repository) {
      github.href = "https://github.com/" + FIELDS.site.repository + "/new/" + FIELDS.site.branch + "?filename=" +
                    name + "&value=" + encodeURIComponent(file);
    }
    result.hidden = false;
    result.querySelector("#submit-result-title").focus();
    announce("No problems found. Your file is ready below.");
  }

  function setUp(kindName, kind, form) {
    var slug = form.elements.slug, edited = false, from = form.elements[kind.slug_from];
    function follow() {
      if (!edited) { slug.value = slugify(from.value).slice(0, FIELDS.limits.slug).replace(/-+$/, ""); }
      form.querySelector("[data-slug-shown]").textContent = slug.value || "…";
    }
    from.addEventListener("input", follow);
    slug.addEventListener("input", function () { edited = true; follow(); });
    slug.addEventListener("change", function () {  // left empty: made from the title again
      if (!slug.value) { edited = false; follow(); }
    });
    follow();
    kind.fields.forEach(function (spec) {
      if (spec.kind === "zone") {
        var list = form.querySelector("#" + kindName + "-" + spec.name + "-zones");
        FIELDS.zones.forEach(function (z) { var o = document.createElement("option"); o.value = z; list.append(o); });
      }
    });
    form.touched = {};
    form.addEventListener("change", function (event) {  // on leaving a field: its message, if any
      var holder = event.target.closest("[data-field]");
      if (holder) { form.touched[holder.getAttribute("data-field")] = true; }
      if (event.target.name === "start") { form.touched.end = form.touched.end || Boolean(form.elements.end.value); }
      checkForm(kind, form, false);
      var error = holder && holder.querySelector("[data-error]");
      if (error && error.textContent) { announce(error.textContent); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var problems = checkForm(kind, form, true);
      if (problems.length) {
        root.querySelector("[data-submit-result]").hidden = true;
        var first = form.querySelector('[data-field="' + problems[0][0] + '"]');
        var details = first.closest("details");
        if (details) { details.open = true; }
        (first.querySelector("input:not([type=checkbox]), select, textarea") || first.querySelector("input")).focus();
        announce(problems.length === 1 ? "1 problem to fix: " + problems[0][1] :
                 problems.length + " problems to fix. The first: " + problems[0][1]);
        return;
      }
      showResult(kindName, kind, form);
    });
  }

  fetch(root.getAttribute("data-fields")).then(function (response) {
    if (!response.ok) { throw new Error("HTTP " + response.status); }
    return response.json();
  }).then(function (fields) {
    FIELDS = fields;
    document.querySelectorAll("[data-submit-needs-js]").forEach(function (note) { note.hidden = true; });
    root.hidden = false;
    var forms = {};
    root.querySelectorAll("[data-submit-form]").forEach(function (form) {
      var name = form.getAttribute("data-submit-form");
      forms[name] = form;
      setUp(name, FIELDS.kinds[name], form);
    });
    root.querySelectorAll('input[name="submit-kind"]').forEach(function (radio) {
      radio.addEventListener("change", function () {
        Object.keys(forms).forEach(function (name) { forms[name].hidden = name !== radio.value; });
        root.querySelector("[data-submit-result]").hidden = true;
      });
    });
    root.querySelector("[data-copy]").addEventListener("click", function () {
      var file = root.querySelector("[data-file]").textContent;
      var done = function () { announce("The file is copied."); };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(file).then(done, function () { announce("Select the file's text and copy it."); });
      } else {
        announce("Select the file's text and copy it.");
      }
    });
  }).catch(function () {
    root.hidden = true;  // the note that explains the file route stays
  });
}());
