#!/usr/bin/env python3
"""Robustness harness for the report analyzer: degrade the development reports the way real copies are damaged,
adjust the gold labels, and score the analyzer on each family of damage.

    degrade_corpus.py                     every family, two variants of each report, a table of scores
    degrade_corpus.py --family hardwrap --verbose     one family, with the scorer's list of misses
    degrade_corpus.py --keep DIR          write the degraded texts and gold there (default: a temp folder)

The reports are read at run time from ../shared/corpus/dev (never copied into the project); the degraded
variants and their gold go to a temporary folder. Every degradation is a sequence of edits that remembers, for
each character of the new text, the original character it came from, so that a gold quote or heading is moved
to where it now sits (and dropped when the damage removed it: a cut text, a redacted figure). The flags of a
cut text are those of the parts whose start survives the cut; where a part starts is taken from the
analyzer's own analysis of the undamaged report (it is exact on the development set).

Families (each realistic for Chinese government sites, their mirrors and PDF copies):
  clean            the report unchanged (sanity: scores as the plain quality run)
  cut_tail         the text cut after a random paragraph (40–90 % of the body)
  cut_head         the text starting after its title (page header and title lost)
  watermark_lines  mirror-site lines between paragraphs: 本文来源, 责任编辑, 扫一扫, URLs, 原标题…
  watermark_glued  the same glued to the end (or start) of paragraphs and headings
  redact           a quarter of the figures replaced by XX/××/**, place names in the body by XX
  encoding         U+FFFD replacement characters and GBK-read-as-Latin-1 spots in a few places
  width            full-width digits in some paragraphs, 12,345 separators, half-width punctuation
  spaced           PDF extraction: letter-spaced paragraphs, spaces around numbers
  hardwrap         PDF hard wraps at ~30 characters, page numbers (— 3 — / -3- / 第3页 共8页) between lines
  numbering        top-level headings numbered 第一部分 / 1. / 1、 / 一． instead of 一、
  unnumbered       top-level headings without any number (bold-style short lines)
  reorder          the top-level parts in another order, renumbered
  issuer           the title names a joint party-government body, a department or a township
  mixed            a PDF's text on a mirror site: width, spaced, hardwrap, watermark_glued and encoding at once
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
SCORER = ROOT.parent / "shared" / "tools" / "score_analyzer.py"
if str(ROOT / "src") not in sys.path:
    sys.path.append(str(ROOT / "src"))  # after PYTHONPATH: another checkout of the library may be scored

from fazhi.analyzer.core import analyze_text  # noqa: E402
from fazhi.analyzer.document import layout  # noqa: E402

CN = "一二三四五六七八九十"
_FIGURE_CHARS = set("0123456789０１２３４５６７８９" + CN + "两百千万亿零〇%％")


# ------------------------------------------------------------------ text with provenance


@dataclass
class Doc:
    """A text and, for each of its characters, the index of the original character it came from (-1: inserted)."""

    text: str
    pos: list[int]

    @classmethod
    def of(cls, text: str) -> Doc:
        return cls(text, list(range(len(text))))

    def edit(self, edits: list[tuple[int, int, str]], keep_pos: bool = False) -> Doc:
        """Replace each ``text[a:b]`` by its string (non-overlapping edits, any order).

        Inserted text (a == b) has no origin; a replacement takes the origin of what it replaces (one to one when
        the lengths agree, else spread over them), so that a renumbered heading keeps its span.
        """
        out, pos, at = [], [], 0
        for a, b, new in sorted(edits, key=lambda e: (e[0], e[1])):
            if a < at:
                continue  # overlapping edit: skip it
            out.append(self.text[at:a])
            pos.extend(self.pos[at:a])
            out.append(new)
            if a == b:
                pos.extend([-1] * len(new))
            elif len(new) == b - a:
                pos.extend(self.pos[a:b])
            else:  # spread the new characters over the old ones, so that each old one keeps a successor
                pos.extend(self.pos[a + min(j * (b - a) // len(new), b - a - 1)] for j in range(len(new)))
            at = b
        out.append(self.text[at:])
        pos.extend(self.pos[at:])
        return Doc("".join(out), pos)

    def lines(self) -> list[tuple[int, int]]:
        """Return the (start, end) of each line of the current text."""
        out, at = [], 0
        for raw in self.text.split("\n"):
            out.append((at, at + len(raw)))
            at += len(raw) + 1
        return out

    def inverse(self) -> tuple[dict[int, int], dict[int, int]]:
        """Return, for each surviving original character, its first and its last position in the new text."""
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        for k, p in enumerate(self.pos):
            if p >= 0:
                first.setdefault(p, k)
                last[p] = k
        return first, last


def map_span(inv, start: int, end: int, min_share: float = 0.6) -> tuple[int, int] | None:
    """Return where the original ``[start, end)`` sits now, or None when less than ``min_share`` of it survives."""
    first, last = inv
    kept = [x for x in range(start, end) if x in first]
    if not kept or len(kept) < min_share * (end - start):
        return None
    return min(first[x] for x in kept), max(last[x] for x in kept) + 1


# ------------------------------------------------------------------ invented clutter (not corpus text)

SITES = ["中国法治资讯网", "华夏政务网", "法制文摘网", "政府文件库", "公文范文网"]
DOMAINS = ["fzzx", "hxzw", "fzwz", "zfwjk", "gwfw"]
NAMES = ["张三", "李明", "王芳", "赵伟"]


def watermark(rng: random.Random, title: str) -> str:
    site, dom = rng.choice(SITES), rng.choice(DOMAINS)
    return rng.choice(
        [
            f"本文来源：{site}",
            f"来源：{site} www.{dom}.com",
            f"（责任编辑：{rng.choice(NAMES)}）",
            "扫一扫在手机打开当前页",
            "打印本页 关闭窗口",
            "【字体：大 中 小】",
            "分享到：",
            f"http://www.{dom}.gov.cn/art/2024/3/28/art_{rng.randint(1000, 9999)}_{rng.randint(100000, 999999)}.html",
            f"发布时间：2024-03-{rng.randint(10, 28)} 10:12:33 浏览次数：{rng.randint(100, 9999)}",
            f"责任编辑：{rng.choice(NAMES)}",
            f"文章来源：{site}",
            f"（本文转载自{site}）",
            "【打印】【关闭】",
            f"更多精彩内容请访问{site}",
            "文章来源于网络，如有侵权请联系删除",
        ]
    )


# ------------------------------------------------------------------ degradations


@dataclass
class Variant:
    doc: Doc
    government: str | None = None  # new gold government when the title changed
    level: str | None = None
    dropped: set[int] = field(default_factory=set)  # gold indicators removed on purpose (redacted)


def _body(doc: Doc) -> tuple[list[tuple[int, int]], int, int, int | None]:
    """Return the lines, the body's line range and the title line's index (from the analyzer's layout)."""
    lay = layout(doc.text)
    return doc.lines(), lay.body_start, lay.body_end, (lay.title.index if lay.title else None)


def _paragraphs(doc: Doc) -> list[int]:
    lines, lo, hi, _ = _body(doc)
    return [k for k in range(lo, hi) if doc.text[lines[k][0] : lines[k][1]].strip()]


def cut_tail(doc: Doc, rng: random.Random, gold: dict) -> Variant:
    paras = _paragraphs(doc)
    k = paras[int(len(paras) * rng.uniform(0.4, 0.9))]
    end = doc.lines()[k][1]
    return Variant(doc.edit([(end, len(doc.text), "\n")]))


def cut_head(doc: Doc, rng: random.Random, gold: dict) -> Variant:
    lines, lo, _hi, title = _body(doc)
    start = lines[lo][0] if title is not None else lines[min(2, len(lines) - 1)][0]
    return Variant(doc.edit([(0, start, "")]))


TOP = re.compile(rf"(\s*)([{CN}]{{1,2}})([、.．])")


def _top_headings(doc: Doc, gold: dict) -> list[tuple[int, int, int]]:
    """Return (line start, marker start, marker end) of each gold top-level heading that reads 一、."""
    out = []
    flat = doc.text
    for heading in gold["sections"]:
        rx = re.compile(r"\s*".join(map(re.escape, re.sub(r"\s+", "", heading))))
        m = rx.search(flat)
        if not m:
            continue
        line_start = flat.rfind("\n", 0, m.start()) + 1
        mk = TOP.match(flat, line_start)
        if mk and mk.start(2) == m.start():
            out.append((line_start, mk.start(2), mk.end(3)))
    return out


def watermark_lines(doc: Doc, rng: random.Random, gold: dict) -> Variant:
    lines, lo, hi, title = _body(doc)
    title_text = doc.text[lines[title][0] : lines[title][1]].strip() if title is not None else "工作报告"
    edits = []
    if title is not None:
        edits.append((lines[title][1], lines[title][1], f"\n原标题：{title_text}"))
    for k in rng.sample(range(lo, hi), min(hi - lo, rng.randint(4, 8))):
        edits.append((lines[k][0], lines[k][0], watermark(rng, title_text) + "\n"))
    edits.append((len(doc.text), len(doc.text), "\n" + watermark(rng, title_text) + "\n"))
    return Variant(doc.edit(edits))


def watermark_glued(doc: Doc, rng: random.Random, gold: dict) -> Variant:
    lines, lo, hi, title = _body(doc)
    paras = _paragraphs(doc)
    heads = {ls for ls, _, _ in _top_headings(doc, gold)}
    picks = set(rng.sample(paras, min(len(paras), rng.randint(4, 8))))
    picks |= {k for k in paras if lines[k][0] in heads and rng.random() < 0.5}
    edits = []
    for k in picks:
        a, b = lines[k]
        mark = watermark(rng, "工作报告")
        if rng.random() < 0.8 or lines[k][0] in heads:
            edits.append((b, b, mark))
        else:
            edits.append((a, a, mark))
    return Variant(doc.edit(edits))


_GOLD_NUM = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+")


def redact(doc: Doc, rng: random.Random, gold: dict) -> Variant:
    edits, dropped = [], set()
    taken: set[int] = set()
    for k, gi in enumerate(gold["indicators"]):
        if rng.random() >= 0.25:
            continue
        q = doc.text.find(gi["quote"])
        printed = str(gi["value"]).removesuffix(".0")
        if q < 0:
            continue
        i = gi["quote"].find(printed)
        if i < 0:
            continue
        a = q + i
        if a in taken:
            continue
        taken.add(a)
        edits.append((a, a + len(printed), rng.choice(["XX", "××", "**", "X", "＊＊"])))
        # Rates sharing the figure ("备案率、审查率均为100%") go with it.
        dropped.add(k)
        if gi["quote"].count(printed) == 1:
            dropped |= {
                n
                for n, other in enumerate(gold["indicators"])
                if other["quote"] == gi["quote"] and str(other["value"]).removesuffix(".0") == printed
            }
    # Place names of the body (not the title): the reporting body's own name.
    core = re.split(r"[\s(（]", gold["government"])[0]
    core = re.sub(r"(人民政府|政府)$", "", core)
    lines, lo, _hi, _title = _body(doc)
    body_from = lines[lo][0]
    for m in re.finditer(re.escape(core), doc.text):
        if m.start() >= body_from and rng.random() < 0.7:
            edits.append((m.start(), m.end(), "XX" + core[-1]))
    return Variant(doc.edit(edits), dropped=dropped)


def _far_from_figures(text: str, k: int, reach: int = 3) -> bool:
    return not any(ch in _FIGURE_CHARS for ch in text[max(0, k - reach) : k + reach + 1])


def encoding(doc: Doc, rng: random.Random, gold: dict) -> Variant:
    lines, lo, hi, _ = _body(doc)
    text = doc.text
    spots = [
        k
        for a, b in lines[lo:hi]
        for k in range(a + 3, b - 1)
        if "\u4e00" <= text[k] <= "\u9fff" and _far_from_figures(text, k)
    ]
    edits = []
    for k in sorted(rng.sample(spots, min(len(spots), rng.randint(6, 12)))):
        edits.append((k, k + 1, rng.choice(["\ufffd", "\ufffd\ufffd"])))
    for k in sorted(rng.sample(spots, min(len(spots), rng.randint(2, 4)))):
        n = 2
        while (
            n < 6
            and k + n < len(text)
            and "\u4e00" <= text[k + n] <= "\u9fff"
            and _far_from_figures(text, k + n)
        ):
            n += 1
        garbled = text[k : k + n].encode("gbk", "replace").decode("latin-1")
        garbled = "".join(ch if ord(ch) >= 0xA0 else "?" for ch in garbled)  # a browser shows C1 bytes as ?
        edits.append((k, k + n, garbled))
    return Variant(doc.edit(edits))


_FULL = str.maketrans("0123456789%", "０１２３４５６７８９％")
_HALF_PUNCT = str.maketrans("，：；（）", ",:;()")


def width(doc: Doc, rng: random.Random, gold: dict) -> Variant:
    lines, lo, hi, _ = _body(doc)
    text = doc.text
    edits = []
    for a, b in lines[lo:hi]:
        line = text[a:b]
        r = rng.random()
        if r < 0.4:
            edits.append((a, b, line.translate(_FULL)))
        elif r < 0.6:
            edits.append((a, b, line.translate(_HALF_PUNCT)))
        else:
            for m in re.finditer(r"(?<![\d.,\-:/])(\d{4,})(?=[件人个次项份元条名户场])", line):
                n = int(m.group(1))
                # 36000份 → 3.6万份 (the same value) or 36,000份.
                new = f"{n / 10000:g}万" if n >= 10000 and n % 1000 == 0 and rng.random() < 0.5 else f"{n:,}"
                edits.append((a + m.start(1), a + m.end(1), new))
    return Variant(doc.edit(edits))


def spaced(doc: Doc, rng: random.Random, gold: dict) -> Variant:
    lines, lo, hi, _ = _body(doc)
    text = doc.text
    edits = []
    for a, b in lines[lo:hi]:
        line = text[a:b]
        r = rng.random()
        if r < 0.3 and line.strip():
            # Letter-spaced: PDF extraction puts a space between every character of a justified line.
            lead = len(line) - len(line.lstrip())
            body = line[lead:]
            edits.append((a + lead, b, " ".join(body)))
        elif r < 0.6:
            for m in re.finditer(r"\d+(?:,\d{3})*(?:\.\d+)?%?", line):
                if m.start() > 0:
                    edits.append((a + m.start(), a + m.start(), " "))
                edits.append((a + m.end(), a + m.end(), " "))
    return Variant(doc.edit(edits))


def _display_width(ch: str) -> int:
    return 1 if ord(ch) < 0x1100 else 2


def hardwrap(doc: Doc, rng: random.Random, gold: dict) -> Variant:
    lines, lo, hi, _ = _body(doc)
    text = doc.text
    cols = rng.choice([56, 58, 60])  # ~28–30 Chinese characters
    edits = []
    for a, b in lines[lo:hi]:
        w = 0
        for k in range(a, b):
            cw = _display_width(text[k])
            if w + cw > cols:
                edits.append((k, k, "\n"))
                w = 0
            w += cw
    doc = doc.edit(edits)
    # Page numbers between lines (every ~22 lines), in the styles of printed reports.
    lines = doc.lines()
    style = rng.choice(["— {n} —", "-{n}-", "第{n}页 共{t}页", "- {n} -", "{n}"])
    edits = []
    total = len(lines) // 22 + 1
    for page, k in enumerate(range(22, len(lines), 22), start=1):
        edits.append((lines[k][0], lines[k][0], style.format(n=page, t=total) + "\n"))
    return Variant(doc.edit(edits))


def _cn_numeral(n: int) -> str:
    return CN[n - 1] if n <= 10 else "十" + CN[n - 11]


def numbering(doc: Doc, rng: random.Random, gold: dict) -> Variant:
    styles = ["第{cn}部分　", "{cn}．", "第{cn}部分："]
    if not re.search(
        r"(?m)^\s*\d{1,2}[.、．]", doc.text
    ):  # the arabic styles only where no lower level uses them
        styles += ["{n}.", "{n}、"]
    style = rng.choice(styles)
    edits = []
    for n, (_ls, a, b) in enumerate(_top_headings(doc, gold), start=1):
        edits.append((a, b, style.format(cn=_cn_numeral(n), n=n)))
    return Variant(doc.edit(edits))


def unnumbered(doc: Doc, rng: random.Random, gold: dict) -> Variant:
    edits = [(a, b, "") for _ls, a, b in _top_headings(doc, gold)]
    return Variant(doc.edit(edits))


def reorder(doc: Doc, rng: random.Random, gold: dict) -> Variant:
    heads = _top_headings(doc, gold)
    if len(heads) < 3:
        return Variant(doc)
    lines, _lo, hi, _ = _body(doc)
    body_end = lines[hi - 1][1] if hi > 0 else len(doc.text)
    starts = [ls for ls, _, _ in heads]
    # What closes the report stays at the end: unheaded closing paragraphs (shortcomings, next year: where the
    # analyzer finds such parts in the undamaged text) and the signature.
    closing = [
        sec["start"]
        for sec in analyze_text(doc.text)["sections"]
        if sec["kind"] == "paragraph" and sec["start"] > starts[-1]
    ]
    if closing:
        body_end = doc.text.rfind("\n", 0, min(closing)) + 1
    parts = []
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else body_end
        parts.append((s, e))
    order = list(range(len(parts)))
    while order == sorted(order):
        rng.shuffle(order)
    pieces = []
    for idx in order:
        s, e = parts[idx]
        seg = Doc(doc.text[s:e], doc.pos[s:e])
        if not seg.text.endswith("\n"):
            seg = Doc(seg.text + "\n", seg.pos + [-1])
        pieces.append(seg)
    first, end = parts[0][0], parts[-1][1]
    new = Doc(
        doc.text[:first] + "".join(p.text for p in pieces) + doc.text[end:],
        doc.pos[:first] + [x for p in pieces for x in p.pos] + doc.pos[end:],
    )
    # Renumber 一、二、… in the new order.
    inv = new.inverse()
    heads_now = []
    for _ls, a, b in heads:
        heads_now.append((inv[0][a], inv[1][b - 1] + 1))
    heads_now.sort()
    edits = [(a, b, _cn_numeral(n) + "、") for n, (a, b) in enumerate(heads_now, start=1)]
    return Variant(new.edit(edits))


def issuer(doc: Doc, rng: random.Random, gold: dict) -> Variant:
    lines, _lo, _hi, title = _body(doc)
    if title is None:
        return Variant(doc)
    a, b = lines[title]
    year = gold["year"]
    kind = rng.choice(["joint", "department", "township"])
    if kind == "joint":
        new, gov, level = (
            f"中共青山县委 青山县人民政府关于{year}年度法治政府建设情况的报告",
            "中共青山县委 青山县人民政府",
            "county",
        )
    elif kind == "department":
        new, gov, level = f"青山县司法局{year}年度法治政府建设工作情况报告", "青山县司法局", "department"
    else:
        new, gov, level = (
            f"青山县白沙镇人民政府{year}年法治政府建设工作报告",
            "青山县白沙镇人民政府",
            "township",
        )
    lead = len(doc.text[a:b]) - len(doc.text[a:b].lstrip())
    return Variant(doc.edit([(a + lead, b, new)]), government=gov, level=level)


def mixed(doc: Doc, rng: random.Random, gold: dict) -> Variant:
    """A PDF's text on a mirror site: spacing, hard wraps and page numbers, full-width digits, glued furniture."""
    for step in (width, spaced, watermark_glued, hardwrap, encoding):
        doc = step(doc, rng, gold).doc
    return Variant(doc)


FAMILIES: dict[str, Callable[[Doc, random.Random, dict], Variant]] = {
    "clean": lambda doc, rng, gold: Variant(doc),
    "cut_tail": cut_tail,
    "cut_head": cut_head,
    "watermark_lines": watermark_lines,
    "watermark_glued": watermark_glued,
    "redact": redact,
    "encoding": encoding,
    "width": width,
    "spaced": spaced,
    "hardwrap": hardwrap,
    "numbering": numbering,
    "unnumbered": unnumbered,
    "reorder": reorder,
    "issuer": issuer,
    "mixed": mixed,
}


# ------------------------------------------------------------------ gold


def _flag_starts(text: str) -> dict[str, list[int]]:
    """Where each special part starts in the undamaged report, by the analyzer's own (exact) analysis."""
    out: dict[str, list[int]] = {}
    for s in analyze_text(text)["sections"]:
        out.setdefault(s["category"], []).append(s["start"])
    return out


def adjust_gold(original: str, gold: dict, variant: Variant, starts: dict[str, list[int]]) -> dict:
    doc = variant.doc
    inv = doc.inverse()
    new = dict(gold)
    if variant.government:
        new["government"], new["level"] = variant.government, variant.level
    sections = []
    for heading in gold["sections"]:
        rx = re.compile(r"\s*".join(map(re.escape, re.sub(r"\s+", "", heading))))
        m = rx.search(original)
        span = map_span(inv, m.start(), m.end(), 0.5) if m else None  # a heading may lose its number
        if span:
            sections.append((span[0], doc.text[span[0] : span[1]]))
    new["sections"] = [h for _, h in sorted(sections)]
    indicators = []
    for k, gi in enumerate(gold["indicators"]):
        if k in variant.dropped:
            continue
        q = original.find(gi["quote"])
        span = map_span(inv, q, q + len(gi["quote"])) if q >= 0 else None
        if span is None:
            continue
        # The figure itself must survive: every digit of the printed value.
        quote = doc.text[span[0] : span[1]]
        indicators.append({**gi, "quote": quote})
    new["indicators"] = indicators
    for flag, cat in (
        ("has_first_responsible_section", "first_responsible"),
        ("has_shortcomings_section", "shortcomings"),
        ("has_next_year_plan", "next_year"),
    ):
        if gold[flag]:
            new[flag] = any(p in inv[0] for p in starts.get(cat, []))
    return new


# ------------------------------------------------------------------ run


def build(family: str, out: Path, seeds: int) -> tuple[Path, Path]:
    folder = out / family
    folder.mkdir(parents=True, exist_ok=True)
    gold_rows = [
        json.loads(x) for x in (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()
    ]
    rows = []
    for g in gold_rows:
        original = (CORPUS / g["file"]).read_text(encoding="utf-8")
        starts = _flag_starts(original)
        for seed in range(seeds):
            rng = random.Random(f"{family}/{g['file']}/{seed}")
            variant = FAMILIES[family](Doc.of(original), rng, g)
            name = f"{Path(g['file']).stem}_{family}_{seed}.txt"
            (folder / name).write_text(variant.doc.text, encoding="utf-8")
            rows.append({**adjust_gold(original, g, variant, starts), "file": name})
            if family == "clean":
                break
    gold_path = folder / "gold.jsonl"
    gold_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return folder, gold_path


def score(folder: Path, gold_path: Path, verbose: bool) -> str:
    pred = folder / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as f:
        for p in sorted(folder.glob("*.txt")):
            text = p.read_text(encoding="utf-8")
            f.write(json.dumps(analyze_text(text, source=str(p)), ensure_ascii=False) + "\n")
    cmd = [sys.executable, str(SCORER), "--gold", str(gold_path), "--pred", str(pred), "--texts", str(folder)]
    res = subprocess.run(
        cmd + (["--verbose"] if verbose else []), capture_output=True, text=True, check=False
    )
    if verbose:
        print(res.stdout)
    lines = res.stdout.strip().splitlines()
    return lines[-1] if lines else res.stderr.strip()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--family", action="append", choices=list(FAMILIES), help="only these families")
    ap.add_argument("--seeds", type=int, default=2, help="variants per report and family (default 2)")
    ap.add_argument("--keep", type=Path, help="write the variants here instead of a temporary folder")
    ap.add_argument("--verbose", action="store_true", help="print the scorer's misses and false positives")
    args = ap.parse_args()
    if not (CORPUS.is_dir() and SCORER.is_file()):
        print(f"{CORPUS} or {SCORER} is missing", file=sys.stderr)
        return 2
    families = args.family or list(FAMILIES)
    with tempfile.TemporaryDirectory(prefix="degraded-") as tmp:
        out = args.keep or Path(tmp)
        print(f"{'family':<16} {'indicators F1':>13} {'headings F1':>11} {'meta':>6} {'flags':>6}")
        for family in families:
            folder, gold_path = build(family, out, args.seeds)
            summary = score(folder, gold_path, args.verbose)
            m = re.search(
                r"indicators_f1=([\d.]+) headings_f1=([\d.]+) meta=([\d.]+) flags=([\d.]+)", summary
            )
            if m:
                print(
                    f"{family:<16} {m.group(1):>13} {m.group(2):>11} {m.group(3):>6} {m.group(4):>6}",
                    flush=True,
                )
            else:
                print(f"{family:<16} {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
