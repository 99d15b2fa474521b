"""Key moments and chapters: the sentences chosen from a transcript, the links to the recording at
their second, the outline of chapters and the errors a partner gets for a wrong one."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import pytest

from builder.content import answers, moments, webvtt
from builder.content.moments import Segment, anchor_paragraphs, key_moments, paragraphs
from builder.content.recordings import at, classify
from builder.engine import build as engine_build
from tests.conftest import run_cli
from tests.generated_site import generated_output

CREEK = [
    "Welcome, everyone, thanks for joining us today.",
    "Our students tested the water quality of the creek behind the school every week.",
    "Can everyone see my screen?",
    "They measured the creek water for oxygen, temperature and the insects living in it.",
    "Testing the water quality of a local creek made the science real for students.",
    "The creek data went into a shared spreadsheet that students analysed together.",
    "Okay.",
    "My cat likes to sleep on the keyboard during meetings.",
    "Students presented their findings on the creek water quality to the town council.",
    "Thanks so much, see you next week.",
]


def cues(sentences: list[str], step: int = 5) -> tuple[Segment, ...]:
    return tuple(Segment(text, f"t-{index}", float(index * step), "Ana") for index, text in enumerate(sentences))


# ---- the extractor ----

def test_the_moments_are_the_sentences_most_like_the_rest_in_the_order_said() -> None:
    chosen = key_moments(cues(CREEK * 1))
    texts = [m.text for m in chosen]
    assert texts and all("creek" in text for text in texts), texts
    assert not any("cat" in text or "screen" in text or "Welcome" in text for text in texts)
    assert [m.start for m in chosen] == sorted(m.start for m in chosen)
    assert all(m.anchor == f"t-{CREEK.index(m.text)}" and m.start == CREEK.index(m.text) * 5 for m in chosen)


def test_the_same_transcript_gives_the_same_moments_and_ties_go_to_the_earlier_sentence() -> None:
    same = ["Teachers share open lessons with other teachers online.", "Teachers share open lessons with other teachers online."]
    assert key_moments(cues(same)) == key_moments(cues(same))
    assert [m.anchor for m in key_moments(cues(same))] == ["t-0"]  # the repeat is left out too
    assert key_moments(cues(CREEK)) == key_moments(cues(list(CREEK)))


def test_a_short_transcript_gives_fewer_moments_a_long_one_five_at_most() -> None:
    assert key_moments(()) == ()
    assert key_moments(cues([""])) == ()
    assert [m.text for m in key_moments(cues(["Rivers flood."]))] == ["Rivers flood."]
    assert key_moments(cues(["Um.", "Okay."])) == ()  # not a word of its own
    long = [f"Students in grade {n % 9} wrote about {word} and reading at home with families."
            for n, word in enumerate(["rivers", "forests", "cities", "music", "farms", "bridges"] * 20)]
    assert len(key_moments(cues(long))) == 5
    assert moments.how_many(25) == 3


def test_a_sentence_runs_over_cues_and_keeps_the_time_where_it_starts() -> None:
    segments = (Segment("Dr. Nwosu said that teachers with three trusted", "t-a", 10.0, "Wei"),
                Segment("colleagues try more new practices. Then we", "t-b", 14.0, "Wei"),
                Segment("moved on.", "t-c", 18.0, "Wei"),
                Segment("And a new speaker starts a new sentence", "t-d", 20.0, "Ana"))
    found = moments.split(segments)
    assert [(found.text(i), found.segment(i).anchor) for i in range(len(found))] == [
        ("Dr. Nwosu said that teachers with three trusted colleagues try more new practices.", "t-a"),
        ("Then we moved on.", "t-b"), ("And a new speaker starts a new sentence", "t-d")]


def test_words_are_read_without_the_regular_expression_as_it_reads_them() -> None:
    """A text without an apostrophe is read by a translation table, not by moments._WORD: it must
    find the same words, whatever the script, digits, marks and case."""
    assert moments._LETTERS.answer is moments._letter
    letter, table = re.compile(r"[^\W\d_]"), answers.Answers(moments._letter, most=None)
    differ = [hex(code) for code in range(sys.maxunicode + 1)
              if code != ord("'") and (letter.fullmatch(chr(code)) is not None) != (table[code] != ord(" "))]
    assert not differ
    del table
    texts = ["Ça va: naïve café, 3rd 42nd x²y ⅫI résumé", "don't rock'n'roll o'clock 'quoted' it’s ’tis",
             "Σίσυφος ΣΟΦΟΣ. İstanbul DİYARBAKIR", "a_b_c abc_def ab1cde", "Ｆｕｌｌ width ｗｏｒｄｓ", "e\u0301toile naïve"]
    for text in texts:
        assert moments._content_words(text) == [word for word in moments._WORD.findall(text.lower().replace("’", "'"))
                                                 if word not in moments.STOPWORDS], text
    # A speaker's run is lower-cased once and cut into sentences: the same words as each sentence alone
    # (a final sigma, a letter whose lower case is two, an apostrophe in one sentence of the run).
    for run in [texts, ["ΣΟΦΟΣ ΛΟΓΟΣ. Σίσυφος ΟΔΟΣ ήρθε ΠΑΛΙ.", "ΤΕΛΟΣ ΚΑΛΑ."], ["DİYARBAKIR okuyor. Evet Okuyor."]]:
        found = moments.split(cues(run))
        assert len(found) > 1
        assert [list(found.words[i]) for i in range(len(found))] == [
            list(dict.fromkeys(moments._content_words(found.text(i)))) for i in range(len(found))]


def test_sentence_ends_are_where_a_run_of_points_starts_as_a_look_behind_first_would_say() -> None:
    """_END starts with the point and looks behind it after (so re looks only where a point is): the
    ends it finds are those of the plain pattern that looks behind first, but after an abbreviation
    or a single letter (an initial, e.g., U.S.), which the word before the point tells."""
    plain = re.compile(r"(?<![.!?])[.!?]+[\"'”’)\]]*\s+")

    def abbreviation(text: str, point: int) -> bool:
        word = re.split(r"\s", text[:point])[-1].lower().lstrip("(\"'“‘")
        single = word[-1:].isalpha() and (len(word) == 1 or word[-2] == ".")
        return text[point] == "." and (word in moments._ABBREVIATIONS or single)

    for text in ["a......x y. z", "x.. y", "..a b", "a.b c", "?! x", ".x ! y", "Dr. Ana said “yes.” Then", "(e.g. ) x?\ny",
                 "Ask (Dr. Ana) now. Then Mrs. B. Okafor, U.S. teams, etc. and more. Ltd. x. 3. y", "ADR. Etc. é. z"]:
        found = [m.span() for m in plain.finditer(text) if not abbreviation(text, m.start())]
        assert [m.span() for m in moments._END.finditer(text)] == found, text


def test_the_words_kept_by_token_are_bounded() -> None:
    """The memo of each token's content words reads a token as _content_words reads it, and a
    transcript of ever new words cannot grow it past MOST_KEPT."""
    assert moments._READ.answer is moments._read and moments._READ.most == answers.MOST_KEPT
    read = answers.Answers(moments._read, most=10)
    tokens = ("the", "ab", "creek", "yeah", "water", "don't", "it's", "o'clock", "'quoted'", "rock'n'roll", "'")
    assert [read[token] for token in tokens] == [tuple(word for word in moments._WORD.findall(token)
                                                       if word not in moments.STOPWORDS) for token in tokens]
    assert [read[token] for token in tokens[:5]] == [(), (), ("creek",), (), ("water",)]
    assert all(read[f"new{chr(97 + n % 26)}{n}"] for n in range(100)) and len(read) == 10


def test_a_long_sentence_is_cut_at_a_word() -> None:
    words = " ".join(f"word{n}" for n in range(59)) + " " + "x" * 400 + "."
    (moment,) = key_moments(cues([words]))
    assert len(moment.text) <= moments.SHOWN + 2 and moment.text.endswith(" …")


def test_a_transcript_at_the_size_limit_takes_a_bounded_time() -> None:
    """The largest file a partner may give (limits.MAX_MEDIA_TEXT) in cues at MAX_CUES: linear
    work, a second or two; a quadratic method would take hours."""
    line = "Teachers in rural districts share lessons, and students write about their own towns today. "
    count = 10_000
    segments = cues([line * 1 for _ in range(count)], step=1)
    started = time.perf_counter()
    found = key_moments(segments)
    assert time.perf_counter() - started < 20
    assert len(found) == 1  # the same sentence ten thousand times is one moment


def test_runs_of_points_and_an_unclosed_voice_are_read_in_linear_time() -> None:
    """A paragraph of 50,000 full stops, and cues that open `<v` then a cue's worth of spaces: each
    regular expression once tried from every character of the run, a minute per file."""
    started = time.perf_counter()
    moments.split((Segment("Teachers said " + "." * 50_000 + "x and more.", "p-1"),))
    webvtt.parse("WEBVTT\n\n" + "".join(f"00:00:{n:02d}.000 --> 00:00:{n:02d}.500\n<v{' ' * 1_990}x\n\n" for n in range(50)))
    assert time.perf_counter() - started < 1


def test_hostile_text_is_kept_as_text_for_the_pages_to_escape() -> None:
    payload = "<script>alert(1)</script> and \u202e reversed \"quotes\" & <b>bold</b> in the middle of it."
    (moment,) = key_moments(cues([payload]))
    assert moment.text == payload


# ---- paragraphs of a Markdown transcript ----

def test_paragraphs_get_the_anchors_the_moments_link_to() -> None:
    rendered = ('<h4>Part one</h4>\n<p><strong>Ana Diaz:</strong> We <em>tried</em> it.</p>\n'
                '<ul><li>x</li></ul>\n<p id="mine" lang="es">Otra vez.</p>\n')
    assert paragraphs(rendered) == (Segment("We tried it.", "p-1", speaker="Ana Diaz"), Segment("Otra vez.", "p-2"))
    anchored = anchor_paragraphs(rendered, "s-")
    assert '<p id="s-p-1">' in anchored and '<p id="s-p-2" lang="es">' in anchored and "mine" not in anchored


def test_timed_moments_link_to_the_paragraph_that_says_the_same() -> None:
    timed = key_moments(cues(CREEK))
    shown = (Segment("Hello and welcome.", "p-1"), Segment(" ".join(CREEK[1:6]), "p-2"), Segment(" ".join(CREEK[6:]), "p-3"))
    relinked = moments.nearest_paragraphs(timed, shown)
    assert [m.start for m in relinked] == [m.start for m in timed]
    assert [m.anchor for m in relinked] == ["p-2" if CREEK.index(m.text) < 6 else "p-3" for m in timed]


# ---- links to the recording at a second ----

@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.youtube.com/watch?v=Xk3pL9qR2mA", "https://www.youtube.com/watch?v=Xk3pL9qR2mA&t=95s"),
    ("https://youtu.be/Xk3pL9qR2mA?t=4", "https://www.youtube.com/watch?v=Xk3pL9qR2mA&t=95s"),
    ("https://vimeo.com/1012345678", "https://vimeo.com/1012345678#t=95s"),
    ("https://vimeo.com/1012345678/abcdef0123#t=3", "https://vimeo.com/1012345678/abcdef0123#t=95s"),
    ("https://media.example.org/a.mp4?x=1", "https://media.example.org/a.mp4?x=1#t=95"),
    ("https://media.example.org/a.mp3#t=10", "https://media.example.org/a.mp3#t=95"),
    ("https://example.org/watch-the-session", None),
])
def test_a_recording_at_a_second(url: str, expected: str | None) -> None:
    assert at(classify(url), 95.7) == expected


# ---- chapters: accepted, and refused with the file and line ----

EVENT = """\
---
title: "Creek study"
start: 2025-10-14T15:00
end: 2025-10-14T16:00
timezone: America/Chicago
type: webinar
topics: [Literacy]
partner: Literacy Network
archive:
  recording: https://media.example.org/creek.mp4
  captions: media/creek.vtt
{chapters}---
A session.
"""
CAPTIONS = "WEBVTT\n\n" + "".join(
    f"00:0{n}:00.000 --> 00:0{n}:30.000\n<v Ana>{text}\n\n" for n, text in enumerate(CREEK[:8]))  # ends at 7:30


def check(make_site, chapters: str, extra: dict[str, str] | None = None, event: str = EVENT) -> tuple[int, str]:
    content = make_site({"events/creek.md": event.format(chapters=chapters), "media/creek.vtt": CAPTIONS,
                         **(extra or {})})
    result = run_cli("check", "--content", str(content))
    return result.returncode, result.stderr


def test_chapters_as_a_list_or_a_file_are_accepted(make_site) -> None:
    listed = '  chapters:\n    - {start: "0:00", title: Welcome}\n    - {start: "1:05:30", title: "Late"}\n'
    assert check(make_site, listed.replace("1:05:30", "4:30"))[0] == 0
    chapters_file = "WEBVTT\n\n00:00:00.000 --> 00:02:00.000\nWelcome\n\n00:02:00.000 --> 00:07:00.000\nThe creek\n"
    assert check(make_site, "  chapters: media/chapters.vtt\n", {"media/chapters.vtt": chapters_file}) == (0, "")


@pytest.mark.parametrize(("chapters", "line", "message"), [
    ('  chapters:\n    - {start: "0:00", title: Welcome}\n    - {start: "4:30", title: Creek}\n'
     '    - {start: "2:00", title: Data}\n', 15,
     'archive.chapters "Data" starts at 2:00, not after the chapter before it (4:30); list the chapters in order, '
     "each with a later start"),
    ('  chapters:\n    - {start: "0:00", title: Welcome}\n    - {start: "4.30", title: Creek}\n', 14,
     "archive.chapters item 2's start \"4.30\" is not a time; write the time from the start of the recording as "
     '"mm:ss" or "h:mm:ss", like "4:30" or "1:02:03"'),
    ('  chapters:\n    - {start: "0:00", title: Welcome}\n    - {start: "9:00", title: After}\n', 14,
     'archive.chapters: "After" starts at 9:00, after the recording ends (7:30, the last cue of media/creek.vtt); '
     "correct its start"),
    ('  chapters:\n    - {start: "0:00", title: "' + "A very long title " * 5 + '"}\n', 13,
     'archive.chapters "A very long title A very long title A very long title A v..." is 89 characters long; '
     "a chapter's title is one line of at most 80: shorten it"),
    ('  chapters:\n    - {start: "0:00"}\n', 13,
     'archive.chapters item 1 must be written like {start: "4:30", title: "Questions from the chat"}, with a start '
     "and a title and nothing else"),
    ("  chapters: media/nothing.vtt\n", 12, 'archive.chapters "media/nothing.vtt" does not exist'),
    ('  chapters:\n    - {start: "0:00", title: Welcome}\n', 12,
     "archive.chapters are times in the recording, and the archive has none; add `recording:` with its address"),
])
def test_a_wrong_chapter_is_reported_on_its_line(make_site, chapters: str, line: int, message: str) -> None:
    unrecorded = EVENT.replace("  recording: https://media.example.org/creek.mp4\n", "")
    code, stderr = check(make_site, chapters, event=unrecorded if "has none" in message else EVENT)
    assert code == 1
    assert f"events/creek.md:{line}: error: {message}" in stderr, stderr


def test_a_broken_chapters_file_names_its_own_line(make_site) -> None:
    broken = "WEBVTT\n\n00:00:00.000 --> 00:02:00.000\nWelcome\n\n00:02:00 --> 00:07:00.000\nThe creek\n"
    code, stderr = check(make_site, "  chapters: media/chapters.vtt\n", {"media/chapters.vtt": broken})
    assert code == 1 and "events/creek.md:12: error: archive.chapters" in stderr
    assert "media/chapters.vtt line 6" in stderr, stderr
    styled = "WEBVTT\n\nSTYLE\n::cue { background-image: url(https://tracker.example/t.png) }\n\n" + CAPTIONS[8:]
    assert "media/creek.vtt line 3: a STYLE block is not published" in check(make_site, "", {"media/creek.vtt": styled})[1]


def test_a_chapters_file_has_at_most_the_chapters_a_list_may(make_site) -> None:
    """MAX_CHAPTERS held for a list only: a file of 19,000 cues put 3.7 MB of outline on each page."""
    many = "WEBVTT\n\n" + "".join(f"00:{n * 4 // 60:02d}:{n * 4 % 60:02d}.000 --> 00:{n * 4 // 60:02d}:{n * 4 % 60:02d}.500\n"
                                  f"Part {n}\n\n" for n in range(101))
    code, stderr = check(make_site, "  chapters: media/chapters.vtt\n", {"media/chapters.vtt": many})
    assert code == 1 and 'events/creek.md:12: error: archive.chapters "media/chapters.vtt" has 101 cues; a recording ' \
        "may have at most 100 chapters" in stderr, stderr


# ---- pages ----

def test_the_sample_pages_link_each_moment_to_its_cue_and_the_recording_at_its_second(sample_output: Path) -> None:
    page = (sample_output / "events" / "kickoff-keynote-connected-classrooms" / "index.html").read_text(encoding="utf-8")
    assert "Key moments <span class=\"note\">chosen automatically from the transcript</span>" in page
    assert page.index('id="takeaways"') < page.index('id="moments"') < page.index('id="transcript"')
    import re

    links = re.findall(r'<a class="moment-time" href="([^"]+)" rel="nofollow ugc noopener" data-start="([\d.]+)">', page)
    assert len(links) >= 5  # chapters and moments
    for href, start in links:
        assert href == f"https://www.youtube.com/watch?v=Xk3pL9qR2mA&amp;t={int(float(start))}s"
    for anchor in re.findall(r'<a class="moment-text" href="#([^"]+)"', page):
        assert f'id="{anchor}"' in page  # the paragraph of the transcript shown


def test_a_transcript_is_synthesized_once_then_answered_from_the_cache(make_site, monkeypatch) -> None:
    """A build chooses each transcript's moments; the next one, after an edit that remakes the whole
    model (site.yml), finds them in the cache and chooses none."""
    content = make_site({"events/creek.md": EVENT.format(chapters=""), "media/creek.vtt": CAPTIONS})
    calls: list[int] = []
    real = moments.highlights
    monkeypatch.setattr(moments, "highlights", lambda segments, *a: calls.append(1) or real(segments, *a))
    options = engine_build.Options(jobs=1, cache=content.parent / "cache")
    engine_build.build(content, content.parent / "out", options)
    assert len(calls) == 1
    (content / "site.yml").write_text((content / "site.yml").read_text() + "description: Now with one.\n")
    engine_build.build(content, content.parent / "out", options)
    assert len(calls) == 1
    assert 'class="moments plain"' in (content.parent / "out" / "events" / "creek" / "index.html").read_text()


def test_webvtt_cues_are_read_as_segments() -> None:
    chosen = key_moments(webvtt.parse(CAPTIONS))
    assert [m.text for m in chosen] == [m.text for m in key_moments(cues(CREEK[:8]))]
    assert all(m.anchor == f"t-00-{int(m.start) // 60:02d}-00" and m.speaker == "Ana" for m in chosen)


@pytest.mark.xdist_group("generated-1000")  # one worker builds the generated site
def test_every_transcribed_session_of_a_generated_site_shows_its_key_moments(tmp_path_factory) -> None:
    """1,000 generated events, one in ten with a recording and a WebVTT transcript: each of those
    pages lists key moments, each at a second of the recording that the page's transcript has."""
    import re

    output = generated_output(tmp_path_factory)
    content = output.parent / "content"
    transcribed = [p.stem for p in sorted((content / "events").glob("*.md")) if "\narchive:\n" in p.read_text()]
    assert len(transcribed) == 100
    for slug in transcribed:
        page = (output / "events" / slug / "index.html").read_text(encoding="utf-8")
        starts = re.findall(r'<a class="moment-time" href="https://media\.example\.org/[^"#]+\.mp4#t=(\d+)" '
                            r'rel="nofollow ugc noopener" data-start="([\d.]+)">', page)
        assert 3 <= len(starts) <= 5, slug
        for second, start in starts:
            assert int(second) == int(float(start))
            assert f'id="t-{int(second) // 3600:02d}-{int(second) // 60 % 60:02d}-{int(second) % 60:02d}"' in page


def test_a_video_s_chapters_file_becomes_its_track_in_the_event_s_language(make_site, tmp_path: Path) -> None:
    """Chapters given as a WebVTT file, on a Spanish session's video: the player's captions and chapters
    tracks say "es", and the chapters written for it run from chapter to chapter, the last one to the
    recording's end (its captions' last cue, 7:30); the podcast apps' JSON has the same starts."""
    chapters_file = "WEBVTT\n\n00:00:00.000 --> 00:02:00.000\nBienvenida\n\n00:02:00.000 --> 00:03:00.000\nEl arroyo\n"
    event = EVENT.replace("type: webinar\n", "type: webinar\nlanguage: es\n")
    content = make_site({"events/creek.md": event.format(chapters="  chapters: media/chapters.vtt\n"),
                         "media/creek.vtt": CAPTIONS, "media/chapters.vtt": chapters_file})
    result = run_cli("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "events" / "creek" / "index.html").read_text(encoding="utf-8")
    assert ('<track kind="captions" src="/media/creek.vtt" srclang="es" label="Spanish" default>'
            '<track kind="chapters" src="/events/creek/chapters.vtt" srclang="es" label="Chapters">') in page
    assert (tmp_path / "out" / "events" / "creek" / "chapters.vtt").read_text(encoding="utf-8") == (
        "WEBVTT\n\n1\n00:00:00.000 --> 00:02:00.000\nBienvenida\n\n2\n00:02:00.000 --> 00:07:30.000\nEl arroyo\n")
    written = json.loads((tmp_path / "out" / "events" / "creek" / "chapters.json").read_bytes())
    assert written["chapters"] == [{"startTime": 0, "title": "Bienvenida"}, {"startTime": 120, "title": "El arroyo"}]
