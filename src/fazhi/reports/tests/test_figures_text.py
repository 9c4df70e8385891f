"""How the composer writes a topic's figures: zero counts left out, long topics in several sentences."""

from decimal import Decimal

from fazhi.reports.figures import FAMILIES_PER_SENTENCE, MetricInfo, write_figures


def _count(code, label, order):
    return MetricInfo(code=code, label=label, unit="件", topic="disputes", sentence=f"{label}{{value}}{{unit}}",
                      is_rate=False, order=order)


def test_a_count_of_zero_is_not_stated():
    infos = [_count("a", "受理申请", 1), _count("b", "撤回申请", 2)]
    sentence, figures = write_figures(infos, {"a": Decimal(12), "b": Decimal(0)}, {})
    assert sentence == "全年受理申请12件。"
    assert [f["metric"] for f in figures] == ["a"]


def test_many_figures_make_several_sentences():
    labels = ["受理申请", "审结案件", "调解案件", "听证会", "专家论证", "风险评估", "合法性审查", "集体讨论", "后评估"]
    infos = [_count(f"m{i}", label, i) for i, label in enumerate(labels)]
    current = {f"m{i}": Decimal(i + 1) for i in range(len(labels))}
    sentence, figures = write_figures(infos, current, {})
    sentences = [s for s in sentence.split("。") if s]
    assert len(sentences) == -(-len(labels) // FAMILIES_PER_SENTENCE)
    assert sentences[0].startswith("全年受理申请1件") and all(s.count("；") < FAMILIES_PER_SENTENCE for s in sentences)
    assert len(figures) == len(labels)
