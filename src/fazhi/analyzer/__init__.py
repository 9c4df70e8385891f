"""Read published 法治政府建设年度报告: text, metadata, heading tree, mandated contents, figures and checks.

A plain library: it imports no Django, so it runs in batch and in worker processes.

    from fazhi.analyzer import analyze_path, analyze_text
    result = analyze_path("report.docx")      # a dict in the JSON-lines shape of the CLI
"""

from importlib import import_module

#: Where each name is defined: loaded on first use (PEP 562), so that Django, which imports this package as an
#: app, does not compile the analyzer's patterns at the start of every command.
_HOMES = {
    "ExtractError": "extract",
    "analyze_bytes": "core",
    "analyze_path": "core",
    "analyze_text": "core",
    "extract_bytes": "extract",
    "extract_path": "extract",
    "parse_number": "numbers",
    "parse_value": "numbers",
}


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(import_module(f"fazhi.analyzer.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ExtractError",
    "analyze_bytes",
    "analyze_path",
    "analyze_text",
    "extract_bytes",
    "extract_path",
    "parse_number",
    "parse_value",
]
