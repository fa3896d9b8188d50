"""Fetching a web page to ingest: timeouts, a size cap, redirects, a content-type check.

Only the standard library (``urllib``): nothing here downloads or runs anything but
the one page asked for. A page that cannot be fetched raises ``FetchError`` with one
line a user can act on; the caller reports it against the URL and goes on.
"""

from __future__ import annotations

import gzip
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from http.client import HTTPMessage
from typing import IO

from workbench import __version__
from workbench.ingest.html import GzipProblem, inflate
from workbench.models import utcnow

TIMEOUT = 20.0
MAX_PAGE_BYTES = 10_000_000
MAX_REDIRECTS = 5
#: What a page may be: markup or plain text. A PDF, an image or a feed is refused.
CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
USER_AGENT = f"workbench/{__version__} (fact-checking; one page at a time)"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_URL = re.compile(r"^https?://[^\s/?#]+", re.IGNORECASE)


class FetchError(Exception):
    """The page was not fetched; the message says why, in one line."""


@dataclass(frozen=True)
class Page:
    """A fetched page as it came: for provenance, and to read its article from."""

    url: str
    """As asked for."""
    final_url: str
    """After redirects."""
    status: int
    content_type: str
    charset: str | None
    body: bytes
    fetched_at: datetime = field(default_factory=utcnow)

    @property
    def compressed(self) -> bytes:
        return gzip.compress(self.body, mtime=0)


def one_line(text: str, limit: int = 200) -> str:
    """What a server said, safe to print on one line: no control characters or escape
    sequences (a hostile server chooses its reason phrase), no newlines, not too long."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_url(text: str) -> bool:
    return bool(_URL.match(text.strip()))


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int,
                         msg: str, headers: HTTPMessage, newurl: str
                         ) -> urllib.request.Request | None:  # fmt: skip
        # urllib would follow ftp:// too; a page may only send us to another web page.
        if not is_url(newurl):
            raise FetchError(
                f"redirected to {one_line(newurl, 100)!r}, which is not an http(s) URL"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_Redirects)


def _read(response: IO[bytes], max_bytes: int, deadline: float, timeout: float) -> bytes:
    """The body, in pieces: the socket timeout bounds each wait, this the whole page (a
    server that sends a byte a second never times out a single read)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(65536):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"too large (more than {max_bytes:,} bytes)")
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {timeout:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def _gunzip(body: bytes, max_bytes: int) -> bytes:
    try:
        return inflate(body, max_bytes)
    except GzipProblem as exc:
        if exc.kind == "broken":
            raise FetchError(f"the page's gzip encoding is broken ({exc.detail})") from None
        if exc.kind == "too large":
            raise FetchError(f"too large (unpacks to more than {max_bytes:,} bytes)") from None
        raise FetchError("not a valid gzip file (it ends too soon)") from None


def fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_PAGE_BYTES) -> Page:
    """GET ``url`` (http or https), following up to MAX_REDIRECTS redirects; raises
    FetchError for a network failure, an HTTP error, a type that is not a page, or a
    body over ``max_bytes``."""
    url = url.strip()
    if not is_url(url):
        raise FetchError("not an http(s) URL")
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.8",
    })  # fmt: skip
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            headers = response.headers
            kind = headers.get_content_type()
            if kind not in CONTENT_TYPES:
                raise FetchError(f"not a web page (Content-Type {kind})")
            declared = headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"too large ({int(declared):,} bytes; the limit is {max_bytes:,})")
            body = _read(response, max_bytes, time.monotonic() + timeout, timeout)
            if headers.get("Content-Encoding", "").lower() == "gzip":
                body = _gunzip(body, max_bytes)
            charset = headers.get_content_charset()
            return Page(url=url, final_url=response.geturl(), status=response.status,
                        content_type=kind, charset=charset, body=body)  # fmt: skip
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise FetchError(f"HTTP {exc.code}: more than {MAX_REDIRECTS} redirects, or a "
                             "redirect loop") from None  # fmt: skip
        raise FetchError(f"HTTP {exc.code} {one_line(str(exc.reason))}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise FetchError(f"timed out after {timeout:g} s") from None
        raise FetchError(f"could not connect ({one_line(str(reason))})") from None
    except TimeoutError:
        raise FetchError(f"timed out after {timeout:g} s") from None
    except (OSError, ValueError) as exc:
        raise FetchError(f"could not read the page ({type(exc).__name__}: {one_line(str(exc))})"
                         ) from None  # fmt: skip
