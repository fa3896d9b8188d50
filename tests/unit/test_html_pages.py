"""Web pages through trafilatura: the article's text and metadata, never the page's
navigation, links or markup (issue 14, item 1)."""

import gzip

import pytest

from workbench.ingest.html import MAX_HTML_BYTES, gunzip, read_html
from workbench.ingest.readers import SkipFile
from workbench.ingest.sources import read_source
from workbench.services.ingest import ingest_paths
from workbench.store import Store

ARTICLE = [
    "The city council voted on Tuesday to raise the minimum wage to 15 dollars an hour "
    "from next January, after a debate that lasted more than six hours.",
    "Mayor Anna Berg said the increase would lift the pay of about 40,000 workers, most "
    "of them in retail and restaurants, according to the council's own estimate.",
    "Business groups warned that small shops could cut jobs, while unions said the rise "
    "was long overdue after prices climbed 18 percent in three years.",
    "The measure passed by nine votes to four and takes effect on January 1.",
]

LINKED = '<a href="/people/berg">Anna Berg</a>'
PAGE = (
    """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Council raises minimum wage | The Daily Example</title>
<meta property="og:title" content="Council raises minimum wage to 15 dollars">
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://news.example.org/2024/03/wage">
<script>var tracking = "<p>not text</p>";</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe now</a></li></ul></nav>
<header><a href="/login">Sign in to read more stories</a></header>
<article><h1>Council raises minimum wage to 15 dollars</h1>
<p class="byline">By Jane Reporter</p>
"""
    + "\n".join("<p>" + p.replace("Anna Berg", LINKED) + "</p>" for p in ARTICLE)
    + """
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Ten recipes for the winter season</a></li>
<li><a href="/b">Local team wins the regional cup again</a></li></ul></aside>
<footer><p>Copyright 2024 The Daily Example. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
</body></html>
"""
)


def test_a_page_gives_its_article_and_metadata_without_the_furniture():
    fields = read_html(PAGE.encode("utf-8"))
    text = fields["text"]
    for paragraph in ARTICLE:
        assert paragraph in text
    for furniture in ("Subscribe now", "Sign in", "Most read", "Ten recipes", "Privacy policy",
                      "Copyright", "tracking", "<", "href"):  # fmt: skip
        assert furniture not in text
    assert fields["title"] == "Council raises minimum wage to 15 dollars"
    assert fields["author"] == "Jane Reporter"
    assert fields["published"] == "2024-03-05"
    assert fields["outlet"] == "The Daily Example"
    assert fields["language"] == "en"
    assert fields["url"] == "https://news.example.org/2024/03/wage"
    assert "\n\n" in text  # one paragraph per blank-line block


def test_html_files_by_name_gz_included(tmp_path):
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(PAGE.encode("utf-8")))
    (tmp_path / "c.htm").write_bytes(PAGE.encode("cp1252").replace(b"utf-8", b"windows-1252"))
    docs = [d for name in ("a.html", "b.html.gz", "c.htm") for d in read_source(tmp_path / name)]
    assert len({d.id for d in docs}) == 1
    doc = docs[0]
    assert (doc.title, doc.outlet, doc.published, doc.language) == (
        "Council raises minimum wage to 15 dollars",
        "The Daily Example",
        "2024-03-05",
        "en",
    )
    assert doc.url == "https://news.example.org/2024/03/wage"
    assert doc.meta["author"] == "Jane Reporter" and doc.meta["format"] == "html"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
        (b"\x1f\x8b\x08\x00garbage", "not a valid gzip file"),
        (gzip.compress(b"<p>cut short</p>")[:-12], "ends too soon"),
        (b"   ", "empty page"),
    ],
)
def test_pages_without_an_article_are_skipped_with_a_reason(data, reason):
    with pytest.raises(SkipFile, match=reason):
        read_html(data)


def test_a_gzip_bomb_stops_at_the_limit():
    bomb = gzip.compress(b"<p>" + b"a" * (MAX_HTML_BYTES + 10))
    with pytest.raises(SkipFile, match="unpacks to more than"):
        gunzip(bomb)


def test_ingesting_a_page_makes_claims_of_the_article_only(tmp_path, extractor):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    store = Store.in_memory()
    report = ingest_paths([tmp_path], store, extractor)
    assert report.documents_added == 1 and not report.skipped
    claims = store.claims.claims_of(store.claims.documents()[0].id)
    assert claims
    for claim in claims:
        assert "<" not in claim.text and "href" not in claim.text and "Subscribe" not in claim.text
    assert any("40,000 workers" in c.text for c in claims)
