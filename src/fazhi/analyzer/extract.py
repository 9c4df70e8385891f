"""Turn a file (.txt, .html/.htm, .docx, .pdf) into the plain text the analyzer reads.

Offsets in the analysis are character offsets into the text returned here. For .txt files this is the
file decoded as it stands (newlines made ``\\n`` the way Python's text mode does), so that offsets agree
with any tool that reads the same file as text; site clutter in it is skipped later, not removed.
For HTML, DOCX and PDF the text is rebuilt, one paragraph per line, without the page's clutter.

``ExtractLimits`` bounds the work (the web app passes its upload limits; the command line reads the
operator's own files without them): a .docx's zip directory is checked before its body is read and the body
is streamed, a PDF's pages are counted before any is read, and every reader looks at a wall-clock budget.
A file past a limit raises ``fazhi.core.unpack.LimitExceeded``.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from fazhi.analyzer import rx
from fazhi.analyzer.clutter import is_clutter_line
from fazhi.core.unpack import Budget, LimitExceeded, ZipLimits, check_zip

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
DOCX_SUFFIXES = {".docx"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES | PDF_SUFFIXES


class ExtractError(Exception):
    """A file the analyzer cannot read; ``code`` is stable, the message says why."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ExtractLimits:
    zip: ZipLimits
    max_pdf_pages: int
    budget: Budget


@dataclass(frozen=True)
class Extracted:
    text: str
    format: str
    encoding: str | None = None


# ---------------------------------------------------------------- plain text


#: The control bytes text never has (tab, newlines, vertical tab, form feed and carriage return are text).
_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return b"\x00" in sample or controls / len(sample) > 0.05


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``: UTF-8 (BOM kept, as Python's text mode keeps it), UTF-16 with BOM, GB18030.

    Newlines are made ``\\n`` (universal newlines). Raises ExtractError for binary data.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = data.decode("utf-16"), "utf-16"
    else:
        if _looks_binary(data):
            # UTF-16 without a BOM: every other byte of CJK-free text is NUL; try it before giving up.
            for codec in ("utf-16-le", "utf-16-be"):
                if len(data) % 2 == 0:
                    try:
                        text = data.decode(codec)
                    except UnicodeDecodeError:
                        continue
                    if _mostly_text(text):
                        return _newlines(text), codec
            raise ExtractError("binary", "the file is binary, not text")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("gb18030"), "gb18030"
            except UnicodeDecodeError:
                # Damaged text: keep what decodes; the replacement characters mark the damage.
                text, encoding = data.decode("utf-8", errors="replace"), "utf-8 (damaged)"
    return _newlines(text), encoding


def _mostly_text(text: str) -> bool:
    if not text:
        return False
    good = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
    return good / len(text) > 0.95


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


# ---------------------------------------------------------------- HTML

_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "td",
    "th",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "center",
    "title",
    "hr",
    "tbody",
}
_SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "select",
    "button",
    "iframe",
    "svg",
    "template",
    "object",
    "head",
}
_VOID_TAGS = {
    "br",
    "img",
    "meta",
    "link",
    "input",
    "hr",
    "area",
    "base",
    "col",
    "embed",
    "param",
    "source",
    "track",
    "wbr",
}
_SKIP_ATTR = rx.compile(
    r"(^|[\s_-])(nav|navbar|menu|breadcrumbs?|crumbs?|position|location|footer|foot|header|head|share|"
    r"bdshare|qrcode|qr|ewm|erweima|sidebar|side|copyright|toolbar|print|fontsize|font-size|zoom-bar|"
    r"related|relate|xgxx|comment|login|search|banner|topbar|top)([\s_-]|$)",
    re.IGNORECASE,
)


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag in _VOID_TAGS:
            return
        attr_text = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        skip = tag in _SKIP_TAGS or bool(attr_text and _SKIP_ATTR.search(attr_text))
        self.stack.append((tag, skip))
        if skip:
            self.skip_depth += 1
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        tag = tag.lower()
        if tag in _VOID_TAGS:
            return
        # Pop to the matching open tag; tolerate the unclosed tags real pages are full of.
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for _, skip in self.stack[i:]:
                    if skip:
                        self.skip_depth -= 1
                del self.stack[i:]
                break
        if tag == "title":
            self._in_title = False
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
            return
        if self.skip_depth == 0:
            self.parts.append(data)


_HTML_CHUNK = 64 * 1024


def html_to_text(html: str, *, budget: Budget | None = None) -> str:
    """Return the main text of a saved government web page, one paragraph per line, without clutter."""
    parser = _HTMLText()
    for start in range(0, len(html), _HTML_CHUNK):  # the parser keeps state across chunks
        if budget is not None:
            budget.check()
        parser.feed(html[start:start + _HTML_CHUNK])
    parser.close()
    raw = "".join(parser.parts).replace("\xa0", " ").replace("\u3000", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in raw.split("\n")]
    lines = [line for line in lines if line and not is_clutter_line(line)]
    if not lines and parser.title.strip():
        lines = [parser.title.strip()]
    return "\n".join(lines) + ("\n" if lines else "")


# ---------------------------------------------------------------- DOCX

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_to_text(data: bytes, *, limits: ExtractLimits | None = None) -> str:
    """Return the paragraphs of a .docx (tables included), one per line, streamed from its XML.

    With ``limits`` the zip's directory is checked first (LimitExceeded); the body is read paragraph by
    paragraph, each dropped once its line is taken, so memory stays flat.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if limits is not None:
                check_zip(io.BytesIO(data), limits.zip)
            with zf.open("word/document.xml") as stream:
                return _docx_lines(stream, limits.budget if limits is not None else None)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ExtractError("bad_docx", f"not a readable .docx file ({exc})") from exc
    except ElementTree.ParseError as exc:
        raise ExtractError("bad_docx", f"the .docx body is not valid XML ({exc})") from exc


def _docx_lines(stream, budget: Budget | None) -> str:
    lines: list[str] = []
    stack: list[ElementTree.Element] = []
    depth = 0  # paragraphs open around the current element (a text box's paragraphs sit inside one)
    for count, (event, element) in enumerate(ElementTree.iterparse(stream, events=("start", "end"))):
        if budget is not None and count % 5000 == 0:
            budget.check()
        if event == "start":
            stack.append(element)
            if element.tag == f"{_W}p":
                depth += 1
            continue
        stack.pop()
        if element.tag != f"{_W}p":
            continue
        depth -= 1
        if depth:
            continue
        # An outermost paragraph: its line, then the lines of the paragraphs nested in it, in document order.
        for para in element.iter(f"{_W}p"):
            line = _docx_paragraph(para)
            if line:
                lines.append(line)
        if stack:
            stack[-1].remove(element)
    return "\n".join(lines) + ("\n" if lines else "")


def _docx_paragraph(para: ElementTree.Element) -> str:
    chunks = []
    for node in para.iter():
        if node.tag == f"{_W}t" and node.text:
            chunks.append(node.text)
        elif node.tag == f"{_W}tab":
            chunks.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            chunks.append("\n")
    return "".join(chunks).strip()


# ---------------------------------------------------------------- PDF


def pdf_to_text(data: bytes, *, limits: ExtractLimits | None = None) -> str:
    """Return the text layer of a PDF; raises ExtractError when it has none (a scan).

    With ``limits`` the pages are counted before any is read (LimitExceeded past ``max_pdf_pages``) and
    the budget is looked at between pages.
    """
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - pypdf is a dependency
        raise ExtractError("unsupported", "reading PDF needs the pypdf package") from exc
    try:
        reader = PdfReader(io.BytesIO(data))
        if limits is not None and len(reader.pages) > limits.max_pdf_pages:
            raise LimitExceeded("pages", len(reader.pages), limits.max_pdf_pages)
        pages = []
        for page in reader.pages:
            if limits is not None:
                limits.budget.check()
            pages.append(page.extract_text() or "")
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ExtractError("bad_pdf", f"not a readable PDF ({exc})") from exc
    text = "\n".join(pages)
    # Text layers often break lines inside a paragraph: join lines that do not end a sentence.
    # Page numbers ("— 3 —", "第3页") go first, or a paragraph running over a page break swallows them.
    lines = [
        line.strip() for line in text.replace("\r", "\n").split("\n")
        if not _PAGE_NUMBER.fullmatch(line.strip())
    ]
    merged: list[str] = []
    for line in lines:
        if not line:
            continue
        if (
            merged
            and not re.search(r"[。：:；;！？!?）)]$", merged[-1])
            and not _starts_heading(line)
            and len(merged[-1]) >= 20
            # A heading shorter than a full line (26 characters in the 公文 layout) ended where it stopped.
            and not (_starts_heading(merged[-1]) and len(merged[-1]) < 26)
        ):
            merged[-1] += line
        else:
            merged.append(line)
    merged = [
        line for line in merged if not is_clutter_line(line) and not re.fullmatch(r"[-—\s\d/第页共]+", line)
    ]
    if not "".join(merged).strip():
        raise ExtractError("no_text", "the PDF has no text layer (a scan?): run OCR first")
    return "\n".join(merged) + "\n"


_PAGE_NUMBER = rx.compile(r"[-—–\s]*第?\s*\d{1,3}\s*页?[-—–\s]*(?:[/共]\s*\d{1,3}\s*页?)?")


def _starts_heading(line: str) -> bool:
    return bool(re.match(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]", line))


# ---------------------------------------------------------------- dispatch


def extract_bytes(data: bytes, name: str, *, limits: ExtractLimits | None = None) -> Extracted:
    """Return the text of a file's bytes, by the file name's suffix (or, lacking one, by its content).

    Raises LimitExceeded when ``limits`` are given and the file is past one.
    """
    budget = limits.budget if limits is not None else None
    suffix = Path(name).suffix.lower()
    if not data or data.isspace():  # what bytes.strip() would strip, without the copy
        raise ExtractError("empty", "the file is empty")
    if suffix in PDF_SUFFIXES or (not suffix and data.startswith(b"%PDF")):
        return Extracted(pdf_to_text(data, limits=limits), "pdf")
    if suffix in DOCX_SUFFIXES:
        return Extracted(docx_to_text(data, limits=limits), "docx")
    if suffix in HTML_SUFFIXES:
        text, encoding = _decode_html(data)
        return Extracted(html_to_text(text, budget=budget), "html", encoding)
    if suffix in TEXT_SUFFIXES or not suffix:
        text, encoding = decode_bytes(data)
        if not suffix and re.search(r"<(html|body|div|p)[\s>]", text[:2000], re.IGNORECASE):
            return Extracted(html_to_text(text, budget=budget), "html", encoding)
        return Extracted(text, "txt", encoding)
    raise ExtractError("unsupported", f"unsupported file type {suffix!r} (use .txt, .html, .docx or .pdf)")


def _decode_html(data: bytes) -> tuple[str, str]:
    head = data[:2048].decode("ascii", errors="ignore")
    m = re.search(r"charset\s*=\s*[\"']?([\w-]+)", head, re.IGNORECASE)
    if m and not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        declared = m.group(1).lower()
        if declared in ("gb2312", "gbk", "gb18030", "x-gbk"):
            declared = "gb18030"
        try:
            return _newlines(data.decode(declared)), declared
        except (LookupError, UnicodeDecodeError):
            pass
    text, encoding = decode_bytes(data)
    return text.lstrip("\ufeff"), encoding


def extract_path(path: str | Path) -> Extracted:
    """Return the text of the file at ``path``."""
    # A plain open(): Path.read_bytes costs more in pathlib than in the reading, for a report's few kilobytes. The
    # name of a file read is its last part, as Path gives it (a path to a file has no trailing slash, nor . or ..).
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise ExtractError("unreadable", f"cannot read the file: {exc.strerror or exc}") from exc
    return extract_bytes(data, os.path.basename(os.fspath(path)))
