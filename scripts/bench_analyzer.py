#!/usr/bin/env python3
"""Benchmark the report analyzer (issue: report analyzer; run by `make bench-analyzer`).

    bench_analyzer.py quality   score the development corpora (../shared/corpus/dev and dev2, side by side, with
                                metric mapping) with the project's scorer
    bench_analyzer.py speed     analyze a few thousand reports and segment the same texts with jieba, side by
                                side; target: the analyzer at least 5× faster than jieba alone
    bench_analyzer.py process   `fazhi analyze` as whole processes: one file (target ≤ 0.3 s), and 2,000 reports
                                next to jieba segmenting them in its own process (target ≤ 0.1× jieba's time)
    bench_analyzer.py memory    `fazhi analyze` on a folder of 100,000 reports; target: under 300 MB a process and flat

The texts are the development corpus (read from ../shared when present, never copied) plus reports this
script writes itself from invented places and figures, so the speed and memory runs need no corpus.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
#: The corpora the quality run scores, next to each other: dev (tuned on) and dev2 (other places, levels, years).
QUALITY_SETS = ("dev", "dev2")
SCORE_ORDER = ("indicators_f1", "headings_f1", "meta", "flags", "mapping_precision", "mapping_recall")
SCORER = ROOT.parent / "shared" / "tools" / "score_analyzer.py"

PLACES = ["示范县", "东湖区", "青山县", "南岭市", "白沙镇", "河西街道", "北川县", "西山区", "临江市", "清河县"]
NUMERALS = "一二三四五六七八九十"
MEASURES = [
    ("全年共受理行政复议申请{a}件，审结{b}件，纠错率{r}%", 3),
    ("审核规范性文件{a}件，报送备案{b}件，备案率100%", 2),
    ("开展普法宣传活动{a}场次，受众{c}万人次", 2),
    ("调解矛盾纠纷{a}余件，调解成功率{r}%", 2),
    ("办理人大代表建议{a}件、政协提案{b}件，办结率100%", 2),
    ("行政机关负责人出庭应诉{a}件，出庭应诉率{r}%", 2),
    ("评查行政执法案卷{a}卷，组织执法人员培训{b}人次", 2),
    ("召开常务会议专题研究法治工作{a}次，举办领导干部法治讲座{n}期", 2),
]
PROSE = [
    "坚持以习近平法治思想为指导，全面贯彻党的二十大精神，把法治政府建设摆在全局工作的突出位置",
    "健全完善工作机制，明确责任分工，层层压实责任，推动各项任务落地见效",
    "持续深化“放管服”改革，优化营商环境，不断提升政务服务标准化、规范化、便利化水平",
    "严格落实重大行政决策程序规定，充分发挥法律顾问和公职律师作用，确保决策合法合规",
    "扎实推进行政执法规范化建设，全面落实行政执法公示、执法全过程记录和重大执法决定法制审核制度",
    "自觉接受人大法律监督、政协民主监督和社会舆论监督，认真办理代表建议和委员提案",
    "坚持和发展新时代“枫桥经验”，健全矛盾纠纷多元预防调处化解综合机制，维护社会和谐稳定",
    "深入开展“八五”普法，落实“谁执法谁普法”普法责任制，营造全社会尊法学法守法用法的良好氛围",
    "组织开展行政执法案卷评查和专项检查，对发现的问题逐项督促整改，推动执法质量持续提升",
    "加强行政复议规范化建设，畅通复议渠道，发挥行政复议化解行政争议的主渠道作用",
    "完善政府法律顾问工作机制，重要决策、重大合同和疑难涉法事务均听取法律意见",
    "推进政务公开标准化建设，及时回应社会关切，保障人民群众知情权、参与权和监督权",
]
TOPICS = ["加强组织领导", "依法全面履行政府职能", "完善依法行政制度体系", "推进严格规范公正文明执法",
          "强化行政权力制约监督", "依法有效化解社会矛盾纠纷", "提升法治思维和依法行政能力"]


def invented_report(rng: random.Random, index: int, dense: bool = False) -> str:
    """Return a report text with five parts, run-in lead-ins, Chinese numerals and targets.

    Its figures are as frequent as in the real reports of ../shared/corpus (about 7.7 read per 1,000 characters);
    ``dense`` packs twice as many (about 15.6), a stress set no real report comes near.
    """
    place = rng.choice(PLACES)
    year = rng.randint(2018, 2025)
    lines = [f"{place}{year}年法治政府建设情况报告", f"　　{year}年，{place}深入推进法治政府建设，现将有关情况报告如下："]
    lines.append(f"　　一、{year}年推进法治政府建设的主要举措和成效")
    for k, topic in enumerate(rng.sample(TOPICS, rng.randint(3, 6))):
        clauses = []
        for pattern, _ in rng.sample(MEASURES, rng.randint(1, 3) if dense else rng.randint(1, 2)):
            clauses.append(pattern.format(a=rng.randint(3, 900), b=rng.randint(1, 300), c=rng.randint(1, 30),
                                          r=round(rng.uniform(5, 100), 1), n=rng.choice(NUMERALS[1:5])))
        lead = "一是" if rng.random() < 0.5 else ""
        prose = "。".join(rng.sample(PROSE, rng.randint(3, 6) if dense else rng.randint(8, 12)))
        lines.append(f"　　（{NUMERALS[k]}）{topic}。{prose}。{lead}{'；'.join(clauses)}。")
    lines.append("　　二、存在的不足和原因")
    lines.append("　　一是基层法治力量仍显薄弱；二是部分单位运用法治方式解决问题的能力不足。")
    lines.append("　　三、党政主要负责人履行推进法治建设第一责任人职责情况")
    lines.append(f"　　主要负责人带头学法{rng.randint(2, 12)}次，专题研究法治建设{rng.randint(1, 6)}次。")
    lines.append(f"　　四、{year + 1}年推进法治政府建设的主要安排")
    lines.append("　　每年至少开展10次执法培训，规范性文件备案率保持100%。")
    lines.append("　　五、其他需要报告的情况\n　　无。")
    lines.append(f"　　{place}人民政府\n　　{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日")
    return "\n".join(lines) + f"\n（编号{index}）\n"


def corpus_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))] if CORPUS.is_dir() else []


def texts(count: int, seed: int = 2026, dense: bool = False) -> Iterator[str]:
    """Yield ``count`` report texts: every tenth a real one from the corpus (when present), the others invented."""
    rng = random.Random(seed)
    real = corpus_texts()
    for i in range(count):
        yield real[i % len(real)] if real and i % 10 == 0 else invented_report(rng, i, dense)


def figure_density(batch: list[str]) -> float:
    """Return the figures the analyzer reads per 1,000 characters of ``batch``."""
    from fazhi.analyzer import analyze_text

    sample = batch[:200]
    return 1000 * sum(len(analyze_text(t)["indicators"]) for t in sample) / sum(map(len, sample))


def quality() -> bool:
    """Score the development corpora with the project's scorer, dev (tuned on) and dev2 (checked on) side by side,
    metric mapping included where the corpus labels it."""
    sets = [CORPUS.parent / name for name in QUALITY_SETS]
    if not (CORPUS.is_dir() and SCORER.is_file()):
        print(f"quality: skipped, {CORPUS} or {SCORER} is missing")
        return True
    ok = True
    scores: dict[str, dict[str, str]] = {}
    for corpus in (c for c in sets if c.is_dir()):
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as out:
            pred = out.name
        subprocess.run([sys.executable, "-m", "fazhi.analyzer", "--no-progress", "-o", pred,
                        *map(str, sorted(corpus.glob("*.txt")))], check=False)
        mapping = ["--mapping", str(corpus / "mapping.jsonl")] if (corpus / "mapping.jsonl").is_file() else []
        result = subprocess.run([sys.executable, str(SCORER), "--gold", str(corpus / "gold.jsonl"), "--pred", pred,
                                 "--texts", str(corpus), *mapping], capture_output=True, text=True, check=False)
        summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
        scores[corpus.name] = dict(part.split("=", 1) for part in summary.split() if "=" in part)
        ok = ok and result.returncode == 0
    names = sorted({key for row in scores.values() for key in row}, key=lambda k: SCORE_ORDER.index(k)
                   if k in SCORE_ORDER else len(SCORE_ORDER))
    print("quality".ljust(20) + "".join(name.ljust(10) for name in scores))
    for key in names:
        print(f"  {key:<18}" + "".join(row.get(key, "-").ljust(10) for row in scores.values()))
    return ok


def speed(count: int) -> bool:
    """Time the analyzer in this process against jieba segmenting the same texts: on texts as dense in figures as
    real reports (the target), and on the dense stress set (shown, not judged)."""
    try:
        import jieba
    except ImportError:
        print("speed: jieba is missing; `make bench-analyzer` installs it", file=sys.stderr)
        return False
    jieba.initialize()  # load the dictionary before timing, as a pipeline would once
    ok = True
    for dense in (False, True):
        batch = list(texts(count, dense=dense))
        ratio = _speed_ratio(jieba, batch)
        kind = "dense stress set" if dense else "texts like real reports"
        print(f"speed over {count} {kind} ({sum(map(len, batch)) / 1e6:.1f} M characters, "
              f"{figure_density(batch):.1f} figures per 1,000): {ratio:.1f}× faster than jieba.cut"
              + ("" if dense else f" (target ≥ 5×) {'OK' if ratio >= 5 else 'TOO SLOW'}"))
        ok = ok and (dense or ratio >= 5)
    return ok


def _speed_ratio(jieba, batch: list[str]) -> float:
    """Return jieba's CPU time over the analyzer's on ``batch``, the two interleaved in chunks, so that a change
    of load on the machine during the run weighs on both sides alike."""
    from fazhi.analyzer import analyze_text

    segmenting = analyzing = 0.0
    for start in range(0, len(batch), 100):
        chunk = batch[start : start + 100]
        began = time.process_time()
        for text in chunk:
            for _ in jieba.cut(text):
                pass
        segmenting += time.process_time() - began
        began = time.process_time()
        for text in chunk:
            analyze_text(text)
        analyzing += time.process_time() - began
    return segmenting / analyzing


#: jieba segmenting every file of a folder, as its own process (the dictionary loaded from jieba's cache).
JIEBA_PROCESS = """
import logging, pathlib, sys
import jieba
jieba.setLogLevel(logging.WARNING)
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.txt")):
    for _ in jieba.cut(path.read_text(encoding="utf-8")):
        pass
"""


def _timed(command: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def process(count: int) -> bool:
    """Time ``fazhi analyze`` as a user runs it, a whole process from start-up: on one file, and on a folder of
    ``count`` reports next to jieba segmenting the same folder (also a whole process)."""
    fazhi = str(Path(sys.executable).with_name("fazhi"))
    batch = list(texts(count))
    with tempfile.TemporaryDirectory() as folder:
        for i, text in enumerate(batch):
            Path(folder, f"{i:06d}.txt").write_text(text, encoding="utf-8")
        one = str(Path(folder, "000001.txt"))
        analyze = [fazhi, "analyze", "--no-progress", "-o", os.devnull]
        _timed([*analyze, one])  # warm the file cache, the bytecode and the compiled patterns (rx.py)
        single = statistics.median(_timed([*analyze, one]) for _ in range(5))
        jieba_run = [sys.executable, "-c", JIEBA_PROCESS, folder]
        _timed([sys.executable, "-c", "import jieba; jieba.initialize()"])  # build jieba's cache once
        segmenting = min(_timed(jieba_run) for _ in range(2))
        analyzing = min(_timed([*analyze, folder]) for _ in range(2))
    ratio = analyzing / segmenting
    ok = single <= 0.3 and ratio <= 0.1
    print(f"whole processes, {os.cpu_count()} CPUs: `fazhi analyze` on one file {single:.2f} s (target ≤ 0.3 s); "
          f"on {count} reports ({figure_density(batch):.1f} figures per 1,000 characters) {analyzing:.2f} s, "
          f"jieba segmenting them {segmenting:.2f} s: "
          f"{ratio:.2f}× jieba's time (target ≤ 0.1×) {'OK' if ok else 'TOO SLOW'}")
    return ok


def _tree_rss_mb(pid: int) -> float:
    """Return the resident set size of process ``pid`` and its children (the workers), in MB; 0 once gone."""
    total = 0.0
    for p in [pid, *_children(pid)]:
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * resource.getpagesize() / 2**20
        except (OSError, IndexError, ValueError):
            continue
    return total


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def memory(count: int) -> bool:
    """Run ``fazhi analyze`` on a folder of ``count`` reports as a user would, sampling the memory of the
    process and its workers twice a second: the peak, and the growth from the first fifth of the run to the
    last (flat: the results are streamed, nothing is kept per report)."""
    from tqdm import tqdm

    fazhi = str(Path(sys.executable).with_name("fazhi"))
    with tempfile.TemporaryDirectory() as folder:
        for i, text in enumerate(tqdm(texts(count), total=count, desc="writing", unit="report", file=sys.stderr)):
            Path(folder, f"{i:06d}.txt").write_text(text, encoding="utf-8")
        began = time.perf_counter()
        run = subprocess.Popen([fazhi, "analyze", "--no-progress", "-o", os.devnull, folder])
        samples: list[float] = []
        while run.poll() is None:
            time.sleep(0.5)
            rss = _tree_rss_mb(run.pid)
            if rss:
                samples.append(rss)
        took = time.perf_counter() - began
    fifth = max(1, len(samples) // 5)
    early, late = statistics.mean(samples[:fifth]), statistics.mean(samples[-fifth:])
    peak = max(samples)
    ok = run.returncode == 0 and peak < 300 * ((os.cpu_count() or 1) + 1) and late - early < 30
    print(
        f"memory, `fazhi analyze` on {count} reports ({took:.0f} s, {os.cpu_count()} workers): the process and its "
        f"workers {early:.0f} MB in the first fifth, {late:.0f} MB in the last ({late - early:+.0f} MB), peak "
        f"{peak:.0f} MB (target < 300 MB a process, flat) {'OK' if ok else 'FAILED'}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("part", choices=["quality", "speed", "process", "memory"])
    parser.add_argument("--count", type=int, help="number of reports (speed: 3000, process: 2000, memory: 100000)")
    args = parser.parse_args()
    if args.part == "quality":
        ok = quality()
    elif args.part == "speed":
        ok = speed(args.count or 3000)
    elif args.part == "process":
        ok = process(args.count or 2000)
    else:
        ok = memory(args.count or 100_000)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
