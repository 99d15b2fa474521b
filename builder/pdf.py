"""The proceedings as one printable PDF, laid out by WeasyPrint from an HTML template.

WeasyPrint turns HTML and CSS (paged media: running headers, page counters for the table
of contents, bookmarks from headings) into PDF without a browser. It may fetch nothing:
every resource a page could name is refused, so a build never touches the network and
the same HTML always gives the same bytes.
"""

from __future__ import annotations


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries (Pango) are missing."""


def _refuse(url: str, timeout: int = 10, ssl_context: object = None) -> dict:
    raise ValueError(f"the proceedings PDF may not load {url!r}")


def html_to_pdf(html: str) -> bytes:
    try:
        import weasyprint  # imported here: its C libraries are only needed for this one file
    except (ImportError, OSError) as error:
        raise PdfUnavailable(f"the proceedings PDF needs WeasyPrint and Pango ({error}); on Debian: "
                             "apt-get install libpango-1.0-0 libpangoft2-1.0-0") from error
    return weasyprint.HTML(string=html, url_fetcher=_refuse).write_pdf()
