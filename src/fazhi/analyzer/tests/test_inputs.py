import io
import json
import zipfile

import pytest

from fazhi.analyzer import analyze_path, extract_bytes
from fazhi.analyzer.cli import run
from fazhi.analyzer.tests.samples import REPORT

HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>示范县人民政府</title>
<script>var x = "一、不是标题";</script><style>.a{}</style></head><body>
<div class="nav"><a href="/">首页</a> <a>政务公开</a> <a>法治政府建设</a></div>
<div class="position">当前位置：首页 &gt; 政务公开 &gt; 法治政府建设</div>
<div class="article"><h1>示范县2024年度法治政府建设情况报告</h1>
<div class="info">发布时间：2025-03-10　来源：示范县司法局　字号：<a>大</a> <a>中</a> <a>小</a></div>
<div id="zoom">{paragraphs}</div></div>
<div class="share">分享到：微信 微博</div><div>扫一扫在手机打开当前页</div>
<div class="footer">版权所有：示范县人民政府 网站标识码 0000000000 备案号：X ICP备00000000号</div>
</body></html>"""


def _html():
    body_lines = [ln.strip() for ln in REPORT.splitlines()[3:-4] if ln.strip()]
    return HTML.replace("{paragraphs}", "".join(f"<p>{ln}</p>" for ln in body_lines))


def _docx(paragraphs):
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paragraphs)
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        zf.writestr("word/document.xml", document)
    return buf.getvalue()


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig", "utf-8"])
def test_text_encodings(tmp_path, encoding):
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes(REPORT.encode(encoding))
    result = analyze_path(path)
    assert result["errors"] == []
    assert result["government"] == "示范县"
    assert len(result["indicators"]) >= 15


def test_gbk_offsets_index_the_decoded_text(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(REPORT.encode("gbk"))
    result = analyze_path(path)
    text = REPORT
    for f in result["indicators"]:
        assert text[f["start"] : f["end"]] == f["quote"]


def test_html_page_without_clutter():
    ex = extract_bytes(_html().encode("utf-8"), "page.html")
    assert ex.format == "html"
    assert "示范县2024年度法治政府建设情况报告" in ex.text
    for clutter in ("首页", "分享到", "扫一扫", "版权所有", "字号", "var x", "当前位置"):
        assert clutter not in ex.text
    assert "一、2024年推进法治政府建设的主要举措和成效" in ex.text


def test_html_analysis(tmp_path):
    path = tmp_path / "page.htm"
    path.write_bytes(_html().encode("utf-8"))
    result = analyze_path(path)
    assert result["errors"] == []
    assert [s["category"] for s in result["sections"] if s["level"] == 1] == [
        "measures",
        "first_responsible",
        "shortcomings",
        "next_year",
        "other",
    ]


def test_html_in_gbk_with_declared_charset(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(_html().replace('charset="utf-8"', 'charset="gb2312"').encode("gbk"))
    assert analyze_path(path)["government"] == "示范县"


def test_docx(tmp_path):
    path = tmp_path / "report.docx"
    lines = [ln.strip() for ln in REPORT.splitlines()[1:-4] if ln.strip() and "发布时间" not in ln]
    path.write_bytes(_docx(lines))
    result = analyze_path(path)
    assert result["errors"] == [] and result["format"] == "docx"
    assert result["flags"]["has_first_responsible_section"]
    assert any(f["value"] == 125000 for f in result["indicators"])


def test_pdf_without_text_layer(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    result = analyze_path(path)
    assert result["errors"][0]["code"] == "no_text"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n", "empty"),
        ("image.txt", bytes(range(256)) * 4, "binary"),
        ("sheet.xls", b"whatever", "unsupported"),
        ("broken.docx", b"not a zip at all", "bad_docx"),
        ("broken.pdf", b"%PDF-1.4 garbage", "bad_pdf"),
        ("menu.txt", "今日菜单：米饭、青菜、豆腐。".encode() * 3, "not_a_report"),
    ],
)
def test_bad_inputs_get_a_clear_error(tmp_path, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    result = analyze_path(path)
    assert [e["code"] for e in result["errors"]] == [code]
    assert result["errors"][0]["message"]


def test_missing_file(tmp_path):
    assert analyze_path(tmp_path / "nope.txt")["errors"][0]["code"] == "unreadable"


def test_batch_goes_on_and_exit_code_reports_failures(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4 garbage")
    with zipfile.ZipFile(tmp_path / "more.zip", "w") as zf:
        zf.writestr("d.txt", REPORT.encode("gbk"))
    out, err = io.StringIO(), io.StringIO()
    code = run([str(tmp_path)], "jsonl", stdout=out, stderr=err, progress=False)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert code == 1
    assert len(rows) == 4
    ok = [r for r in rows if not r["errors"]]
    assert {r["source"].rsplit("/", 1)[-1] for r in ok} == {"a.txt", "more.zip!d.txt"}
    assert "2 of 4" in err.getvalue()


def test_all_good_batch_exits_zero_and_table_format(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    out = io.StringIO()
    assert run([str(tmp_path / "a.txt")], "table", stdout=out, stderr=io.StringIO(), progress=False) == 0
    header, row = out.getvalue().splitlines()
    assert header.startswith("source\tgovernment")
    assert "示范县\tcounty\t2024\t5" in row


def test_process_pool(tmp_path):
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(REPORT, encoding="utf-8")
    out = io.StringIO()
    assert run([str(tmp_path)], "jsonl", jobs=2, stdout=out, stderr=io.StringIO(), progress=False) == 0
    assert len(out.getvalue().splitlines()) == 3


def test_a_folder_is_walked_in_the_order_of_its_paths_parts(tmp_path):
    from pathlib import Path

    from fazhi.analyzer.cli import iter_inputs

    names = ["a/b.txt", "a-c.txt", "a/c/d.TXT", "a.b/e.html", "B.txt", "b.txt", "z.docx", "note.md", "a/x.zip",
             "fake.zip", "a b/f.pdf", "子/目.txt", "子-2.txt"]  # fmt: skip
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("x.zip"):
            with zipfile.ZipFile(tmp_path / name, "w") as zf:
                zf.writestr("inner.txt", "一")
        else:
            (tmp_path / name).write_text("一", encoding="utf-8")
    (tmp_path / "dir.txt").mkdir()  # a folder named like a report is no report
    # What the walk gave before it sorted by a key: every path of the tree as Path objects sort, reports and zips.
    plain = []
    for child in sorted(Path(tmp_path).rglob("*")):
        if child.is_file() and child.suffix.lower() in {".txt", ".html", ".docx", ".pdf", ".zip"}:
            plain.extend([(str(child), "inner.txt")] if child.name == "x.zip" else [(str(child), None)])
    assert list(iter_inputs([str(tmp_path)])) == plain
    assert [str(Path(p).relative_to(tmp_path)) for p, _m in plain] == [
        "B.txt", "a/b.txt", "a/c/d.TXT", "a/x.zip", "a b/f.pdf", "a-c.txt", "a.b/e.html", "b.txt", "fake.zip",
        "z.docx", "子/目.txt", "子-2.txt",
    ]  # fmt: skip
