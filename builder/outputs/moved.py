"""The page left at an event's old address when its file was renamed (its `moved_from`).

Links, bookmarks and search results keep pointing to the old address: the page sends the reader
on at once (a meta refresh, which needs no script and works on any static host), names the new
address as canonical for search engines, asks them not to index the old one, and shows a plain
link for a browser that does not follow the refresh.
"""

from __future__ import annotations

from html import escape


def moved_page(address: str, title: str) -> bytes:
    """A minimal HTML page that leads to `address` (absolute), the event `title`'s new page."""
    href, name = escape(address, quote=True), escape(title, quote=False)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Moved: {name}</title>\n'
            f'<meta name="robots" content="noindex">\n<link rel="canonical" href="{href}">\n'
            f'<meta http-equiv="refresh" content="0; url={href}">\n</head>\n<body>\n'
            f'<p>This event has moved to <a href="{href}">{name}</a>.</p>\n</body>\n</html>\n').encode()
