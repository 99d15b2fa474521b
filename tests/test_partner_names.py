"""One partner cannot take over or pass for another: names are compared as readers see them.

A second profile with a partner's name (or one that looks the same: other alphabets' look-alike
letters, fullwidth forms, case), a name with invisible or direction-changing characters, and an
event naming a partner almost as its profile does are each reported with both places, or refused
with the fix. The site lists the audiences events are for, as it lists topics: no event file adds
to the menus every listing page carries.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from builder.content import names
from builder.pipeline import check
from builder.problems import ContentError
from tests.conftest import SITE_YML, run_cli

PROFILE = "---\nname: {name}\nurl: https://{slug}.example.org/\n---\nAbout {slug}.\n"


def profile(name: str, slug: str = "x") -> str:
    return PROFILE.format(name=json.dumps(name), slug=slug)


STARTS = itertools.count()  # each event its own start: one partner's two events at one time get a warning


def event(partner: str, extra: str = "") -> str:
    """An event file; `partner` is on line 7."""
    return (f"---\ntitle: An event\nstart: 2025-10-14T15:{next(STARTS) % 60:02}\nend: 2025-10-14T16:00\ntype: webinar\n"
            f"topics: [Literacy]\npartner: {json.dumps(partner)}\n{extra}---\nBody.\n")


@pytest.fixture
def problems(make_site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`problems({"events/x.md": ...})` -> every line `check` reports, paths as content/..."""
    def run(files: dict[str, str], site_yml: str = SITE_YML) -> list[str]:
        make_site(files, site_yml)
        monkeypatch.chdir(tmp_path)
        try:
            return [str(p) for p in check(Path("content"))]
        except ContentError as error:
            return [str(p) for p in error.problems]
    return run


def test_a_second_profile_with_a_partners_name_is_an_error_naming_both_files(problems) -> None:
    found = problems({
        "partners/stem-teachers-network.md": profile("STEM Teachers Network", "stem"),
        "partners/aaa-stem.md": profile("STEM Teachers Network", "evil"),
        "events/x.md": event("stem-teachers-network"),
    })
    assert found == ['content/partners/stem-teachers-network.md:2: error: name "STEM Teachers Network" is also '
                     "named in content/partners/aaa-stem.md:2; each organization has one profile: remove one of "
                     "them, or give each its own name"]


def test_the_first_profile_of_a_name_no_longer_takes_the_events_of_another(tmp_path: Path) -> None:
    """What the error prevents: the profile sorted first used to become every event's partner
    named that way (its link, its ORGANIZER in the calendars, its website in events.json)."""
    from tests.conftest import write_site
    write_site(tmp_path, {"partners/lit-net.md": profile("Literacy Network", "lit"),
                          "partners/a-lit.md": profile("Literacy Network", "evil"),
                          "events/x.md": event("Literacy Network")})
    result = run_cli("build", "--content", "content", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1 and not (tmp_path / "out").exists()
    assert "also named in content/partners/a-lit.md:2" in result.stderr


LOOK_ALIKES = [
    pytest.param("Digital Citizenship \u0410lliance", id="cyrillic-capital-a"),
    pytest.param("Digit\u0430l Citizenship Alliance", id="cyrillic-small-a"),
    pytest.param("\uff24igital Citizenship Alliance", id="fullwidth-d"),
    pytest.param("digital citizenship alliance", id="case"),
    pytest.param("DIGITAL CITIZENSHIP ALLIANCE", id="capitals"),
    pytest.param("Digital Citizenship AIIiance", id="capital-i-for-l"),
    pytest.param("Digital Citizenship A11iance", id="digit-one-for-l"),
    pytest.param("Digital  Citizenship\u00a0Alliance", id="spaces"),
    pytest.param("Digital Citizenship Alliance\ufe0f", id="variation-selector"),
    pytest.param("Digital Citizenship All\u0131ance", id="dotless-i"),
]


@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_a_profile_that_looks_like_another_is_an_error(problems, name: str) -> None:
    found = problems({"partners/digital-citizenship-alliance.md": profile("Digital Citizenship Alliance", "dca"),
                      "partners/dca.md": profile(name, "evil"), "events/x.md": event("dca")})
    (line,) = [line for line in found if "error" in line]
    if " ".join(name.split()) != name:  # spaces fold to one: then it is the same name
        assert line.startswith('content/partners/digital-citizenship-alliance.md:2: error: name "Digital '
                               'Citizenship Alliance" is also named in content/partners/dca.md:2;')
    else:
        assert line.startswith(f'content/partners/digital-citizenship-alliance.md:2: error: name "Digital Citizenship '
                               f'Alliance" looks the same as "{name}", also named in content/partners/dca.md:2')


@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_an_event_naming_a_look_alike_of_a_profile_is_an_error(problems, name: str) -> None:
    found = problems({"partners/digital-citizenship-alliance.md": profile("Digital Citizenship Alliance", "dca"),
                      "events/x.md": event(name)})
    if " ".join(name.split()) == "Digital Citizenship Alliance":
        assert found == []  # runs of spaces fold: it is the profile's name
        return
    assert found == [f'content/events/x.md:7: error: partner "{name}" looks the same as "Digital Citizenship Alliance", '
                     "also named in content/partners/digital-citizenship-alliance.md:2 (names are compared as they "
                     "look: letters from other alphabets that look alike, case, width and invisible characters do not "
                     "make a name different); write it exactly as there, or write the profile's slug: "
                     "partner: digital-citizenship-alliance"]


def test_events_naming_one_partner_in_two_look_alike_ways_are_an_error(problems) -> None:
    found = problems({"events/a.md": event("Rural Schools Collaborative"),
                      "events/b.md": event("Rural Sch\u043eols Collaborative"),
                      "events/c.md": event("Rural Schools Collaborative"),
                      "forums/f.md": ("---\ntitle: F\nstart: 2025-10-01\nend: 2025-10-31\ntopics: [Literacy]\n"
                                      "host: RURAL SCHOOLS COLLABORATIVE\n---\nA forum.\n")})
    assert [line.split(" (names are")[0] for line in found] == [
        'content/events/b.md:7: error: partner "Rural Sch\u043eols Collaborative" looks the same as "Rural Schools '
        'Collaborative", also named in content/events/a.md:7',
        'content/forums/f.md:6: error: host "RURAL SCHOOLS COLLABORATIVE" looks the same as "Rural Schools '
        'Collaborative", also named in content/events/a.md:7',
    ]


def test_a_profile_name_that_looks_like_another_profiles_slug_is_an_error(problems) -> None:
    found = problems({"partners/acme.md": profile("Acme Learning", "acme"), "partners/b.md": profile("ACME", "b"),
                      "events/x.md": event("acme")})
    assert [line.split(";")[0] for line in found] == [
        'content/partners/b.md:2: error: name "ACME" looks the same as "acme", also named in content/partners/acme.md:1 '
        "(names are compared as they look: letters from other alphabets that look alike, case, width and invisible "
        "characters do not make a name different)"]


def test_a_partners_own_slug_and_name_and_exact_spellings_are_one_partner(problems) -> None:
    assert problems({"partners/lit-net.md": profile("Literacy Network", "lit"), "partners/lit.md": profile("Lit", "l"),
                     "events/a.md": event("lit-net"), "events/b.md": event("Literacy Network"),
                     "events/c.md": event("Rural Schools Collaborative"),
                     "events/d.md": event("Rural Schools Collaborative")}, RURAL_DECLARED) == []


@pytest.mark.parametrize(("char", "kind"), [
    ("\u200b", "an invisible character, U+200B ZERO WIDTH SPACE"),
    ("\u200d", "an invisible character, U+200D ZERO WIDTH JOINER"),
    ("\u2060", "an invisible character, U+2060 WORD JOINER"),
    ("\u00ad", "an invisible character, U+00AD SOFT HYPHEN"),
    ("\ufeff", "an invisible character, U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("\u3164", "an invisible character, U+3164 HANGUL FILLER"),
    ("\u202e", "a character that changes the direction of the text, U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("\u2067", "a character that changes the direction of the text, U+2067 RIGHT-TO-LEFT ISOLATE"),
    ("\u200f", "a character that changes the direction of the text, U+200F RIGHT-TO-LEFT MARK"),
    ("\x1b", "a control character, U+001B"),
    ("\x7f", "a control character, U+007F"),
    ("\x9b", "a control character, U+009B"),
])
def test_hidden_characters_are_refused_in_every_name(problems, char: str, kind: str) -> None:
    named = f"Open{char} Commons"
    site = SITE_YML.replace("topics: [", f"topics: [{json.dumps('Civic' + char + ' Life')}, ")
    found = problems({
        "partners/p.md": profile(named, "p"),
        "events/x.md": event(named, "presenters: [" + json.dumps(named) + "]\naudience: [" + json.dumps(
            "Teach" + char + "ers") + "]\ntrack: " + json.dumps(named) + "\n"),
        "forums/f.md": ("---\ntitle: F\nstart: 2025-10-01\nend: 2025-10-31\ntopics: [Literacy]\nhost: p\n"
                        f"moderators: [{json.dumps(named)}]\n---\nA forum.\n"),
    }, site)
    fix = "; delete it (retype the name if you cannot see it): such characters make different names look the same"
    assert sorted(found) == sorted([
        f'content/site.yml:5: error: topics has an item that contains {kind}, after "Civic"{fix}',
        f'content/partners/p.md:2: error: name contains {kind}, after "Open"{fix}',
        f'content/events/x.md:7: error: partner contains {kind}, after "Open"{fix}',
        f'content/events/x.md:8: error: presenters has an item that contains {kind}, after "Open"{fix}',
        f'content/events/x.md:9: error: audience has an item that contains {kind}, after "Teach"{fix}',
        f'content/events/x.md:10: error: track contains {kind}, after "Open"{fix}',
        f'content/forums/f.md:7: error: moderators has an item that contains {kind}, after "Open"{fix}',
    ])


def test_names_may_have_accents_other_scripts_and_emoji(problems) -> None:
    named = ["Éducation Québec", "読書の会", "Ассоциация учителей", "I \u2764\ufe0f Reading", "Café\u0301s"]
    files = {f"events/e{index}.md": event(name) for index, name in enumerate(named)}
    assert problems(files) == []


KNOWN = ("Partners are the profiles in content/partners/ and the names in site.yml's partners list; to add a new "
         "partner, add a profile (see the partner guide)")
RURAL_DECLARED = SITE_YML + "partners: [Rural Schools Collaborative]\n"


def test_a_misspelt_profile_name_is_refused_with_the_name_meant(problems) -> None:
    found = problems({"partners/digital-citizenship-alliance.md": profile("Digital Citizenship Alliance", "dca"),
                      "events/x.md": event("Digital Citizenship Aliance"),
                      "events/y.md": event("Digital Equity Coalition")})
    assert found == [
        'content/events/x.md:7: error: partner "Digital Citizenship Aliance" is not a known partner: did you mean '
        f'"Digital Citizenship Alliance"? {KNOWN}',
        f'content/events/y.md:7: error: partner "Digital Equity Coalition" is not a known partner. {KNOWN}']


def test_a_misspelt_declared_name_is_refused_ignoring_case_and_punctuation(problems) -> None:
    """site.yml's names are known without a profile; the suggestion compares letters and digits only."""
    found = problems({"events/x.md": event("rural schools-collaborative!"), "events/y.md": event("Rural Schools Colaborative"),
                      "events/z.md": event("Rural Schools Collaborative"),
                      "forums/f.md": ("---\ntitle: F\nstart: 2025-10-01\nend: 2025-10-31\ntopics: [Literacy]\n"
                                      "host: Rurall Schools Collaborative\n---\nA forum.\n")}, RURAL_DECLARED)
    assert found == [
        'content/events/x.md:7: error: partner "rural schools-collaborative!" is not a known partner: did you mean '
        f'"Rural Schools Collaborative"? {KNOWN}',
        'content/events/y.md:7: error: partner "Rural Schools Colaborative" is not a known partner: did you mean '
        f'"Rural Schools Collaborative"? {KNOWN}',
        'content/forums/f.md:6: error: host "Rurall Schools Collaborative" is not a known partner: did you mean '
        f'"Rural Schools Collaborative"? {KNOWN}']


def test_without_profiles_or_a_declared_list_any_name_is_a_partner(problems) -> None:
    """A tiny site declares nothing: each name an event writes is a partner, as before."""
    assert problems({"events/x.md": event("Rural Schools Collaborative"), "events/y.md": event("Any Other Name")}) == []


def test_closest_name_is_near_enough_or_none() -> None:
    known = ["Digital Citizenship Alliance", "STEM Teachers Network", "digital-citizenship-alliance"]
    assert names.closest("digital citizenship ALIANCE", known) == "Digital Citizenship Alliance"
    assert names.closest("Stem teacher network", known) == "STEM Teachers Network"
    assert names.closest("Rural Schools Collaborative", known) is None
    assert names.edit_distance("kitten", "sitting") == 3


def test_the_sample_sites_partners_are_told_apart() -> None:
    result = run_cli("check", "--content", "content", cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_skeletons_match_look_alikes_and_only_them() -> None:
    def alike(a: str, b: str) -> bool:
        return bool(names.skeletons(a) & names.skeletons(b))
    assert alike("HOPE", "\u041dOPE")  # Cyrillic capital En
    assert alike("modern", "modem")  # "rn" and "m"
    assert alike("C0DE Club", "CODE Club")
    assert alike("Caf\u00e9", "Cafe\u0301")  # composed and decomposed
    assert alike("\ufb01sh", "fish")  # a ligature
    assert not alike("Bili", "Bill")
    assert not alike("Principals Learning Network", "Principal Learning Network")
    assert not alike("Family-School Partnership", "Family School Partnership")
