"""A deterministic synthetic Connected Educator Month for benchmarks: N events, same shape every time.

Event i depends only on (seed, i), so the first 1,000 events of a 10,000-event corpus are the
1,000-event corpus byte for byte, and a benchmark's edit can target one event by number.
The shape follows real months: ~400 words of Markdown per event (headings, lists, links,
emphasis, sometimes a table or a quote), 1-3 of 22 topics, 9 event types, 15 time zones
weighted toward the US, 150 partners named by name, a two-day kick-off conference.

    python bench/corpus.py --n 10000 --out /tmp/corpus   # writes /tmp/corpus/content/
"""

from __future__ import annotations

import argparse
import json
import random
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

TOPICS = ["Digital Citizenship", "STEM Education", "Literacy", "Early Childhood", "Special Education",
          "English Learners", "Assessment", "Professional Learning", "Educational Technology", "Online Learning",
          "Social-Emotional Learning", "School Leadership", "Mathematics", "Science", "Arts Education",
          "Family Engagement", "Equity and Access", "Open Educational Resources", "Computer Science",
          "Civic Education", "Global Education", "Rural Education"]
TYPES = [("webinar", 30, 45, 90), ("chat", 14, 30, 60), ("open-house", 6, 60, 180), ("guided-tour", 6, 45, 90),
         ("contest", 3, 0, 0), ("book-club", 8, 60, 90), ("class", 12, 60, 150), ("conference-session", 15, 30, 60),
         ("exhibit", 6, 0, 0)]
ZONES = [("America/New_York", 38), ("America/Chicago", 20), ("America/Denver", 7), ("America/Los_Angeles", 17),
         ("America/Phoenix", 3), ("America/Anchorage", 2), ("Pacific/Honolulu", 2), ("America/Puerto_Rico", 1),
         ("America/Toronto", 2), ("Europe/London", 2), ("Europe/Berlin", 1), ("Asia/Kolkata", 1),
         ("Asia/Tokyo", 1), ("Australia/Sydney", 1), ("America/Sao_Paulo", 1)]
FIELDS = ["Reading", "Science", "Music", "History", "Libraries", "Rural Schools", "Maker Education", "Coaching",
          "Media", "Afterschool", "Counseling", "Museums", "Open Education", "Civics", "Engineering"]
FORMS = ["Association for {}", "{} Teachers Network", "Center for {}", "{} Alliance", "{} Collaborative",
         "Institute for {}", "{} Foundation", "Friends of {}", "{} Guild", "Coalition for {}"]
PEOPLE = ["Ana", "Kofi", "Mei", "Omar", "Ruth", "Tomás", "Zoë", "Priya", "Liam", "Aisha", "Noah", "Yuki"]
FAMILY = ["Okafor", "Nguyen", "Müller", "García", "Singh", "O'Brien", "Kim", "Cohen", "Walker", "Nakamura"]
VERBS = ["explore", "share", "compare", "design", "try out", "reflect on", "adapt", "review"]
THINGS = ["project-based learning", "student voice", "formative feedback", "open badges", "peer coaching",
          "digital portfolios", "universal design", "family partnerships", "remote labs", "media literacy"]
SETTINGS = ["across grade levels", "with limited budgets", "in rural districts", "after school", "in small groups", ""]


def partners() -> list[str]:
    return sorted(form.format(field) for form in FORMS for field in FIELDS)  # 150


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def sentence(rng: random.Random, topic: str) -> str:
    thing = rng.choice(THINGS)
    if rng.random() < 0.2:
        thing = f"**{thing}**" if rng.random() < 0.5 else f"*{thing}*"
    return f"Educators {rng.choice(VERBS)} {thing} for {topic.lower()} {rng.choice(SETTINGS)}".rstrip() + "."


def body(rng: random.Random, topics: list[str], partner: str, site: str) -> str:
    parts, words = [], 0
    target = rng.randint(150, 650)

    def paragraph() -> str:
        text = " ".join(sentence(rng, rng.choice(topics)) for _ in range(rng.randint(2, 5)))
        if rng.random() < 0.35:
            text += f" See [the guide]({site}/guides/{rng.randint(1, 99)})."
        return text

    parts += ["## About this session", paragraph(), f"Hosted by [{partner}]({site})."]
    parts += ["## What you will learn", "\n".join(f"- {sentence(rng, rng.choice(topics))}" for _ in range(4))]
    if rng.random() < 0.15:
        parts.append("| Time | Part |\n| --- | --- |\n| 0:00 | Welcome |\n| 0:10 | Demo |\n| 0:40 | Q&A |")
    if rng.random() < 0.2:
        parts.append(f"> {sentence(rng, topics[0])}")
    parts += ["## Before you join"]
    words = sum(len(p.split()) for p in parts)
    while words < target:
        parts.append(paragraph())
        words += len(parts[-1].split())
    return "\n\n".join(parts) + "\n"


OPENERS = ["Today we will look at", "In my classroom we started with", "The research on", "Our team spent a year on",
           "What surprised us most about", "Families told us a lot about", "The hardest part of", "Students loved"]
CLAIMS = ["because it gives every student a voice", "and it changed how we plan each week",
          "even with a small budget and old devices", "when teachers have time to talk with each other",
          "and the data showed real gains in reading", "once we asked students what they needed",
          "so we made it part of every unit", "and families began to join in"]
FILLER = ["Thanks for that question.", "Let me share my screen.", "Can everyone see this?", "Great, let's keep going.",
          "Okay.", "Right, exactly."]
TRANSCRIBED = 10  # one event in this many has a recording and a transcript: 1,000 of 10,000


def transcript(seed: int, i: int, speakers: list[str], minutes: tuple[int, int] = (20, 60)) -> str:
    """A WebVTT transcript of 20 to 60 minutes (or `minutes`), a cue every 5 seconds, as a captioning
    service writes them: sentences of the session's subjects running over cues, small talk between them."""
    rng = random.Random(f"{seed}/{i}/transcript")
    words: list[str] = []
    for _ in range(rng.randint(*minutes) * 12):  # about a sentence for each cue
        if rng.random() < 0.15:
            words += rng.choice(FILLER).split()
        else:
            thing = rng.choice(THINGS)
            words += f"{rng.choice(OPENERS)} {thing} {rng.choice(SETTINGS)} {rng.choice(CLAIMS)}.".split()
    cues, at, speaker = ["WEBVTT", ""], 0, rng.choice(speakers)
    for start in range(0, len(words), 12):
        if rng.random() < 0.05:
            speaker = rng.choice(speakers)
        cues += [f"{_stamp(at)} --> {_stamp(at + 5)}", f"<v {speaker}>{' '.join(words[start:start + 12])}", ""]
        at += 5
    return "\n".join(cues)


def _stamp(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.000"


def with_transcript(seed: int, i: int, name: str, text: str, media: Path, minutes: tuple[int, int] = (20, 60)) -> str:
    """The event file's text with an `archive:` block (a recording and a transcript of `minutes`,
    written to `media`) when event number i is one of the transcribed ones, else as it was."""
    if i % TRANSCRIBED != TRANSCRIBED // 2:
        return text
    speakers = re.findall(r'^  - "(.+)"$', text.split("\npresenters:", 1)[-1].split("\n---", 1)[0], re.M)
    slug = name.removesuffix(".md")
    media.mkdir(parents=True, exist_ok=True)
    (media / f"{slug}.vtt").write_text(transcript(seed, i, speakers or ["Host"], minutes), encoding="utf-8")
    block = (f"archive:\n  recording: https://media.example.org/{slug}.mp4\n  transcript: media/{slug}.vtt\n")
    head, _, rest = text.partition("\n---\n")
    return f"{head}\n{block}---\n{rest}"


def event(seed: int, i: int) -> tuple[str, str]:
    """(file name, file text) of event number i."""
    rng = random.Random(f"{seed}/{i}")
    kind, _, low, high = rng.choices(TYPES, weights=[t[1] for t in TYPES])[0]
    topics = rng.sample(TOPICS, rng.choices([1, 2, 3], weights=[5, 3, 2])[0])
    zone = rng.choices([z for z, _ in ZONES], weights=[w for _, w in ZONES])[0]
    day = rng.choice([1, 2]) if kind == "conference-session" else rng.randint(1, 31)
    start = datetime(2025, 10, day, rng.randint(8, 19), rng.choice([0, 30]), tzinfo=ZoneInfo(zone))
    if high:
        end = start + timedelta(minutes=rng.randrange(low, high + 1, 15))
    else:  # contests and exhibits run for days
        end = start + timedelta(days=rng.randint(3, 14))
    partner = rng.choice(partners())
    site = f"https://{slugify(partner)}.example.org"
    title = f"{rng.choice(['Rethinking', 'Building', 'Teaching', 'Leading'])} {topics[0]}: {rng.choice(THINGS).title()}"
    people = list(dict.fromkeys(f"{rng.choice(PEOPLE)} {rng.choice(FAMILY)}" for _ in range(rng.randint(1, 3))))
    slug = f"{slugify(title)[:60].rstrip('-')}-{i:05d}"

    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    lines = ["---", f"title: {q(title)}", f"start: {start:%Y-%m-%dT%H:%M:%S}", f"end: {end:%Y-%m-%dT%H:%M:%S}",
             f"timezone: {zone}", f"type: {kind}", "topics:", *(f"  - {q(t)}" for t in topics),
             f"partner: {q(partner)}", "presenters:", *(f"  - {q(p)}" for p in people),
             f"registration: {q(f'{site}/events/{slug}/register')}",
             f"summary: {q(f'A {kind.replace(chr(45), chr(32))} from {partner} on {topics[0].lower()}.')}", "---", ""]
    return f"{slug}.md", "\n".join(lines) + "\n" + body(rng, topics, partner, site)


def write(out: Path, n: int, seed: int = 2025, minutes: tuple[int, int] = (20, 60)) -> Path:
    """Write OUT/content (site.yml, events/ and the transcripts in media/, each of `minutes`) and
    return the content folder."""
    events = out / "content" / "events"
    events.mkdir(parents=True, exist_ok=True)
    for old in events.glob("*.md"):
        old.unlink()
    for i in range(n):
        name, text = event(seed, i)
        (events / name).write_text(with_transcript(seed, i, name, text, out / "content" / "media", minutes), encoding="utf-8")
    (out / "content" / "site.yml").write_text(
        'title: "Connected Educator Month 2025 (benchmark)"\nbase_url: https://cem.example.org/\n'
        "month: 2025-10\ntimezone: America/New_York\ntopics:\n" + "".join(f"  - {json.dumps(t)}\n" for t in TOPICS),
        encoding="utf-8")
    return out / "content"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    print(write(args.out, args.n, args.seed))


if __name__ == "__main__":
    main()
