"""The proceedings as one printable PDF, laid out by WeasyPrint from an HTML template.

WeasyPrint turns HTML and CSS (paged media: running headers, page counters for the table
of contents, bookmarks from headings) into PDF without a browser. It may fetch nothing:
every resource a page could name is refused, so a build never touches the network and
the same HTML always gives the same bytes.

What one archive can put into it is bounded (builder/content/limits.py: nesting, table width, cells and
spans, the formatted parts and table text of a summary, takeaways, resources), and the template's
stylesheet keeps partners' indents and tables from making a box too narrow for its text: that is
what keeps the layout from failing or running for hours. Should it fail all the same, the build
says so in one line that names the PDF and what to look at.
"""

from __future__ import annotations


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries (Pango) are missing."""


class PdfFailed(RuntimeError):
    """WeasyPrint could not lay the proceedings out."""


def _refuse(url: str, timeout: int = 10, ssl_context: object = None) -> dict:
    raise ValueError(f"the proceedings PDF may not load {url!r}")


def html_to_pdf(html: str) -> bytes:
    try:
        import weasyprint  # imported here: its C libraries are only needed for this one file
    except (ImportError, OSError) as error:
        raise PdfUnavailable(f"the proceedings PDF needs WeasyPrint and Pango ({error}); on Debian: "
                             "apt-get install libpango-1.0-0 libpangoft2-1.0-0") from error
    try:
        # PDF/UA-1: a tagged PDF (its structure tree read aloud in order, the language and title of
        # the template's <html lang> and <title>) that screen readers and reflowing readers can use.
        return weasyprint.HTML(string=html, url_fetcher=_refuse).write_pdf(pdf_variant="pdf/ua-1")
    except Exception as error:  # a fault in WeasyPrint surfaces as any exception: said in one line
        reason = "nested too deeply" if isinstance(error, RecursionError) else f"{type(error).__name__}: {error}"
        raise PdfFailed(f"WeasyPrint could not lay out the proceedings ({str(reason)[:200]}); the archive blocks "
                        "(summary, takeaways, resources) of the events changed last are the likeliest cause: "
                        "run `python -m builder check`, and simplify their tables or nesting") from None
