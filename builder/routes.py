"""Where the build writes each kind of file: the one table of output paths.

Rendering formats every path it writes from these routes (render.plan, the model's `url`s, the
theme's static files, the search index), and validation reads the same table to keep partners'
files out of them: a page (content/pages/<slug>.md becomes /<slug>/) may not take the name of a
folder the build writes, and a media file (copied to its own path under content/) may not land
inside one, where it would replace a generated file or be deleted by the next cached build.

A route ending in "/" is a folder: its page is the index.html in it. `{...}` parts are filled in
with validated slugs and dates. Only PAGE and MEDIA start with a part the content names.
"""

from __future__ import annotations

HOME = ""
NOT_FOUND = "404.html"
EVENT = "events/{slug}/"
EVENT_CALENDAR = "events/{slug}.ics"
# A recording's chapters, beside its event's page, written when the recording is a media file
# (builder/outputs/chapters.py): WebVTT for the page's player, Podcasting 2.0 JSON for podcast apps.
CHAPTERS_VTT = "events/{slug}/chapters.vtt"  # <track kind="chapters"> on the <video>/<audio>
CHAPTERS_JSON = "events/{slug}/chapters.json"  # <podcast:chapters> of the episode
EVENT_MOVED = "events/{slug}/"  # an event's old address (its `moved_from`): a page that leads to the new one
DAY = "days/{day}/"
TOPICS = "topics/"
TOPIC = "topics/{slug}/"
TYPES = "types/"
TYPE = "types/{slug}/"
PARTNERS = "partners/"
PARTNER = "partners/{slug}/"
PARTNER_BADGE = "partners/{slug}/badge.svg"  # "Proud partner of ...": an image for the partner's own site
PARTNER_EMBED = "partners/{slug}/embed/"  # the partner's events, a small page made for an iframe on their site
FORUMS = "forums/"
FORUM = "forums/{slug}/"
PEOPLE = "people/"  # the presenters and moderators with a profile
PERSON = "people/{slug}/"  # a presenter's or moderator's profile (content/people/<slug>.md)
BADGES = "badges/"  # every open badge, and the events and forums that award each
BADGE = "badges/{slug}/"  # a badge's criteria page, for people (content/badges/<slug>.md)
BADGE_CLASS = "badges/{slug}.json"  # Open Badges 2.0 BadgeClass
BADGE_ISSUER = "badges/issuer.json"  # Open Badges 2.0 issuer Profile (site.yml's `issuer:`)
BADGE_REVOCATIONS = "badges/revocations.json"  # Open Badges 2.0 RevocationList: the revoked assertions
BADGE_RESERVED = ("issuer", "revocations")  # badge slugs taken by the two files above
EARNER = "badges/{slug}/earners/{earner}/"  # an earner's page: their badge, name, date, evidence
ASSERTION = "badges/{slug}/earners/{earner}.json"  # the hosted Open Badges 2.0 Assertion of an earner
BAKED = "badges/{slug}/earners/{earner}/{slug}{suffix}"  # the badge image with the assertion's URL baked in
# Open Badges 3.0, signed, when the build has a key (builder/outputs/credentials.py):
CREDENTIAL = "badges/{slug}/earners/{earner}.jwt"  # an earner's OpenBadgeCredential, a VC-JWT
STATUS_LIST = "badges/{slug}/status.jwt"  # the badge's revocation list: a BitstringStatusListCredential
DID_DOCUMENT_HOST = ".well-known/did.json"  # the issuer's did:web document, for a site on a host's root
DID_DOCUMENT_PATH = "did.json"  # the same, for a site in a folder (did:web:host:folder)
NO_JEKYLL = ".nojekyll"  # tells GitHub Pages to serve .well-known/ (it leaves out dot-folders otherwise)
PROCEEDINGS = "proceedings/"
PROCEEDINGS_PDF = "proceedings/proceedings.pdf"
PROCEEDINGS_EPUB = "proceedings/proceedings.epub"  # the same text as the PDF, for e-readers
PODCAST = "proceedings/podcast.xml"  # the month's recordings that are media files, as a podcast
PROCEEDINGS_FORUM = "proceedings/forums/{slug}/"
PODCAST_FORUM = "proceedings/forums/{slug}/podcast.xml"  # a forum's recordings, as a podcast
PROCEEDINGS_TOPIC = "proceedings/topics/{slug}/"
PROCEEDINGS_CONFERENCE = "proceedings/conference/"
PROCEEDINGS_RESOURCES = "proceedings/resources/"
SUBSCRIBE = "subscribe/"
SEARCH = "search/"
SEARCH_INDEX = "search-index/"  # builder/outputs/search.py writes its shards in it
ASSETS = "assets/"  # the theme's static files
CONFERENCE = "conference/"  # the kick-off programme; its schedule.xml is beside its page
CONFERENCE_SCHEDULE = "conference/schedule.xml"
MY = "my/"  # the reader's starred events, kept in their browser
SUBMIT = "submit/"  # a form that writes an event's file and opens it on GitHub
SUBMIT_FIELDS = "submit/fields.json"  # the fields the form asks for, from the schema and the site
NEW = "new/"  # what was announced lately, with its own feed.xml and atom.xml
EVENTS_JSON = "events.json"
EVENTS_SCHEMA = "events.schema.json"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
# In the site's root, and in the folder of each topic, type, partner and forum (each with its own
# calendar) and of each topic and forum (each with its own feeds):
CALENDAR = "calendar.ics"
FEED = "feed.xml"
ATOM = "atom.xml"
# Named by the content: a page's folder, and media files copied from content/ to the same path.
PAGE = "{slug}/"
MEDIA = "{path}"

INDEX = "index.html"  # the page of a folder route


def page(route: str, **parts: str) -> str:
    """The file of a page route: `page(EVENT, slug="x")` is "events/x/index.html"."""
    return route.format(**parts) + INDEX


def _top_level() -> frozenset[str]:
    """The first part of every route above that the build itself names: the folders and files in
    the output's root that no content file may take."""
    routes = [value for name, value in globals().items() if name.isupper() and isinstance(value, str)]
    return frozenset((route or INDEX).split("/", 1)[0] for route in routes if not route.startswith("{"))


GENERATED = _top_level()  # e.g. "events", "search-index", "assets", "feed.xml", "index.html"


def generated(path: str) -> bool:
    """`path` (relative to the output, as a media file's is to content/) is in, or is, a folder or
    file of the build's own; compared without case, as some file systems do."""
    return path.split("/", 1)[0].lower() in GENERATED
