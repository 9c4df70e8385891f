"""Content sniffing on its own (no database)."""

import io
import struct

from fazhi.audit.sniff import TextProbe, detect, ole2_stream_names
from fazhi.audit.tests import samples


def sniff(data: bytes) -> str:
    probe = TextProbe()
    probe.feed(data)
    return detect(io.BytesIO(data), data[:8192], text_encoding=probe.finish()).code


def test_kinds():
    assert sniff(samples.pdf()) == "pdf"
    assert sniff(samples.docx()) == "docx"
    assert sniff(samples.xlsx()) == "xlsx"
    assert sniff(samples.odt()) == "odt"
    assert sniff(samples.ofd()) == "ofd"
    assert sniff(samples.plain_zip()) == "zip"
    assert sniff(samples.png()) == "png"
    assert sniff(samples.jpeg()) == "jpeg"
    assert sniff(samples.cfb("WordDocument")) == "doc"
    assert sniff(samples.cfb("Book")) == "xls"
    assert sniff(samples.ELF) == sniff(samples.PE) == "executable"
    assert sniff(b"#!/usr/bin/env python\n") == "executable"
    assert sniff("MZ 开头的文字".encode()) == "text"


def test_ole2_directory_names():
    assert ole2_stream_names(io.BytesIO(samples.cfb("WordDocument", "1Table"))) == {"WordDocument", "1Table"}


def test_truncated_or_looping_compound_files_are_damaged():
    data = samples.cfb("WordDocument")
    assert sniff(data[:700]) == "damaged"
    looping = bytearray(data)
    struct.pack_into("<I", looping, 512 + 4, 1)  # the directory sector points at itself
    assert sniff(bytes(looping)) == "damaged"


def test_text_probe():
    def encoding(*chunks):
        probe = TextProbe()
        for chunk in chunks:
            probe.feed(chunk)
        return probe.finish()

    text = "法治政府建设年度报告".encode()
    assert encoding(text[:5], text[5:]) == "utf-8"  # a character split across chunks
    assert encoding("法治".encode("gbk")) == "gb18030"
    assert encoding(b"a\x00b") is None
