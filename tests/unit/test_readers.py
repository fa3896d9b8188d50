import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.extract.paragraphs import paragraphs
from workbench.ingest import SkipFile, clean, decode, read_document
from workbench.ingest.readers import split_front_matter


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Kremlin’s view".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "Kremlin’s view".encode(), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + "Kremlin’s view".encode("utf-16-le"), "utf-16"),
        ("Kremlin’s view".encode("cp1252"), "cp1252"),
    ],
)
def test_decode_finds_the_encoding(data, encoding):
    text, found = decode(data)
    assert text.lstrip("\ufeff") == "Kremlin’s view" and found == encoding


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary"),
        (b"abc \x81\x8d\x8f\x90\x9d", "not decodable"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "not decodable as utf-16"),
    ],
)
def test_decode_refuses_binaries_with_a_reason(data, reason):
    with pytest.raises(SkipFile, match=reason):
        decode(data)


def test_clean_normalises_line_ends_and_controls():
    assert clean("\r\n\r\nA line  \r\nnext\x07 line\r\n\r\n") == "A line\nnext line"
    assert clean("Cafe\u0301") == "Café"  # NFC


def test_paragraphs_blank_lines_and_single_newlines():
    text = "Title line\nFirst paragraph starts here.\n\nSecond, wrapped over a\nline break.\n"
    parts = [text[p.start : p.end] for p in paragraphs(text)]
    assert parts == [
        "Title line",
        "First paragraph starts here.",
        "Second, wrapped over a\nline break.",
    ]


def test_turkish_notice_wrapped_with_a_comma_is_one_paragraph():
    text = (
        "UYARI: Küfür, hakaret, yazılmamış,\nTürkçe karakter onaylanmamaktadır.\n"
        "Previous and Next News"
    )
    parts = [text[p.start : p.end] for p in paragraphs(text)]
    assert len(parts) == 2 and parts[1] == "Previous and Next News"


@given(st.text(alphabet=st.sampled_from("ab .,\n  Xy?"), max_size=200))
def test_paragraph_offsets_are_exact_and_ordered(text):
    last = 0
    for p in paragraphs(text):
        chunk = text[p.start : p.end]
        assert chunk and chunk == chunk.strip() and p.start >= last
        assert "\n\n" not in chunk.replace(" ", "")  # never across a blank line
        last = p.end


def test_front_matter(tmp_path):
    meta, body = split_front_matter('---\ntitle: A\noutlet: "Reuters"\n---\nBody text.')
    assert meta == {"title": "A", "outlet": "Reuters"} and body == "Body text."
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: Report\nurl: https://e.org/x\n---\nThe minister resigned on Monday.\n"
    )
    doc = read_document(path)
    assert (doc.title, doc.url, doc.text) == (
        "Report",
        "https://e.org/x",
        "The minister resigned on Monday.",
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty file"), (b"   \n\n", "empty file"), (b"\x00\x01\x02binary", "binary"),
     (b"ok.", "too little text")],
)  # fmt: skip
def test_read_document_skips_with_reasons(tmp_path, content, reason):
    path = tmp_path / "f.txt"
    path.write_bytes(content)
    with pytest.raises(SkipFile, match=reason):
        read_document(path)
