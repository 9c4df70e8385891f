"""Read published 法治政府建设年度报告: text, metadata, heading tree, mandated contents, figures and checks.

A plain library: it imports no Django, so it runs in batch and in worker processes.

    from fazhi.analyzer import analyze_path, analyze_text
    result = analyze_path("report.docx")      # a dict in the JSON-lines shape of the CLI
"""

from fazhi.analyzer.core import analyze_bytes, analyze_path, analyze_text
from fazhi.analyzer.extract import ExtractError, extract_bytes, extract_path
from fazhi.analyzer.numbers import parse_number, parse_value

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
