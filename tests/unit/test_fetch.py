"""URLs: fetched with timeouts, a size cap, redirects and a content-type check; the page
kept compressed with its fetch time; one line per URL that fails (issue 14, item 2).

Every request goes to a server this test starts on 127.0.0.1, never anywhere else."""

import contextlib
import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from tests.unit.test_html_pages import ARTICLE, PAGE
from workbench.cli import cli
from workbench.ingest.fetch import FetchError, fetch
from workbench.services.ingest import ingest_paths
from workbench.store import Store

ROUTES = {
    "/article": (200, "text/html; charset=utf-8", PAGE.encode("utf-8")),
    "/plain": (200, "text/plain", ("\n\n".join(ARTICLE[:2])).encode("utf-8")),
    "/report.pdf": (200, "application/pdf", b"%PDF-1.4"),
    "/big": (200, "text/html", b"<p>" + b"x" * 300_000 + b"</p>"),
    "/nav": (200, "text/html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
}
REDIRECTS = {"/moved": "/article", "/loop": "/loop", "/elsewhere": "ftp://127.0.0.1/file"}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path in REDIRECTS:
            self.send_response(302)
            self.send_header("Location", REDIRECTS[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(1.5)
        status, kind, body = ROUTES.get(self.path, (404, "text/html", b"not found"))
        if self.path == "/slow":
            status, kind, body = ROUTES["/article"]
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may give up first: that is what the size and time limits are for.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_page_is_fetched_after_redirects(server):
    page = fetch(f"{server}/moved")
    assert page.url == f"{server}/moved" and page.final_url == f"{server}/article"
    assert page.status == 200 and page.content_type == "text/html" and page.charset == "utf-8"
    assert page.body == PAGE.encode("utf-8") and page.fetched_at.tzinfo is not None


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/report.pdf", "not a web page (Content-Type application/pdf)"),
        ("/big", "too large (300,007 bytes; the limit is 100,000)"),
        ("/loop", "HTTP 302: more than 5 redirects, or a redirect loop"),
        ("/elsewhere", "redirected to 'ftp://127.0.0.1/file', which is not an http(s) URL"),
        ("/slow", "timed out after 0.5 s"),
    ],
)
def test_each_failure_is_one_line(server, path, message):
    with pytest.raises(FetchError) as caught:
        fetch(server + path, timeout=0.5, max_bytes=100_000)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_not_a_url_and_a_closed_port():
    with pytest.raises(FetchError, match="not an http"):
        fetch("file:///etc/passwd")
    with pytest.raises(FetchError, match="could not connect"):
        fetch("http://127.0.0.1:9/", timeout=2)


def test_ingested_pages_are_kept_compressed_with_their_fetch_time(server, extractor):
    store = Store.in_memory()
    urls = [f"{server}/moved", f"{server}/plain", f"{server}/report.pdf", f"{server}/nav",
            f"{server}/article"]  # fmt: skip
    report = ingest_paths(urls, store, extractor)
    assert (report.documents_added, report.documents_unchanged) == (2, 1)
    assert report.skipped == [
        (f"{server}/report.pdf", "not a web page (Content-Type application/pdf)"),
        (f"{server}/nav", "no article text found in the page"),
    ]
    assert report.summary().endswith("0 files skipped, 2 URLs skipped")
    docs = {d.source_path: d for d in store.claims.documents()}
    html = store.claims.get_document(docs[f"{server}/moved"].id)
    assert html.url == "https://news.example.org/2024/03/wage"  # the canonical URL
    assert html.title == "Council raises minimum wage to 15 dollars"
    assert html.meta["final_url"] == f"{server}/article" and html.meta["fetched_at"]
    kept = store.web_pages.of_document(html.id)
    assert [p.url for p in kept] == [f"{server}/moved", f"{server}/article"]  # each fetch
    assert kept[0].body == PAGE.encode("utf-8") and kept[0].size == len(PAGE.encode("utf-8"))
    assert kept[0].fetched_at.endswith("+00:00") and kept[0].status == 200
    plain = store.claims.get_document(docs[f"{server}/plain"].id)
    assert plain.text == "\n\n".join(ARTICLE[:2]) and plain.url == f"{server}/plain"
    assert store.web_pages.of_url(f"{server}/report.pdf") == []


def test_stored_pages_are_gzip_in_the_table(server, extractor):
    from tests.helpers import raw

    store = Store.in_memory()
    ingest_paths([f"{server}/article"], store, extractor)
    (blob,) = raw(store).execute("SELECT body_gzip FROM web_pages").fetchone()
    assert gzip.decompress(blob) == PAGE.encode("utf-8") and len(blob) < len(PAGE)


def test_the_command_line_takes_urls_and_a_url_file(server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WORKBENCH_REVIEWER", "tester")
    (tmp_path / "urls.txt").write_text(f"# to check\n{server}/article\n\n{server}/missing\n")
    result = CliRunner().invoke(
        cli, ["--db", "w.db", "ingest", f"{server}/plain", "--urls", "urls.txt"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 1
    assert f"skipped {server}/missing: HTTP 404 Not Found" in result.output
    assert "2 documents added" in result.output and "1 URL skipped" in result.output
    nothing = CliRunner().invoke(cli, ["--db", "w.db", "ingest"], catch_exceptions=False)
    assert nothing.exit_code == 2 and "name files, folders or URLs" in nothing.output
