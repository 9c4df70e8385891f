"""``fazhi settings``: list every environment variable fazhi reads, with its default and help.

The variables come from ``fazhi.conf.env.SETTINGS_HELP``, which ``config()`` fills while the settings load.
``--markdown`` prints the tables that README.md carries (``make readme`` pastes them there).
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from fazhi.conf.env import SETTINGS_HELP, SettingDoc

GROUP_TITLES = {
    "core": "Core",
    "storage": "Storage",
    "uploads": "Upload limits",
    "database": "Database",
    "security": "Security",
    "mail": "Mail",
    "law": "Statutory rules",
    "general": "General",
}


def format_default(value: Any) -> str:
    """Return ``value`` written the way the environment variable would spell it.

    Paths inside the checkout are shown as ``<checkout>/…`` so that the output does not depend on the machine.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(str(item) for item in value)
    text = str(value)
    base = str(settings.BASE_DIR)
    if len(base) > 1:
        text = text.replace(base, "<checkout>")
    return text


def grouped(docs: dict[str, SettingDoc]) -> dict[str, list[SettingDoc]]:
    """Return the settings by group, groups and settings in declaration order."""
    groups: dict[str, list[SettingDoc]] = {}
    for doc in docs.values():
        groups.setdefault(doc.group, []).append(doc)
    return groups


def group_title(group: str) -> str:
    return GROUP_TITLES.get(group, group.replace("_", " ").capitalize())


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(docs: dict[str, SettingDoc]) -> str:
    """Return one Markdown table per group: variable, default, meaning."""
    parts = []
    for group, items in grouped(docs).items():
        lines = [f"### {group_title(group)}", "", "| Variable | Default | Meaning |", "| --- | --- | --- |"]
        for doc in items:
            default = format_default(doc.default)
            shown = f"`{_cell(default)}`" if default else "*(none)*"
            lines.append(f"| `{doc.name}` | {shown} | {_cell(doc.help)} |")
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def render_text(docs: dict[str, SettingDoc]) -> str:
    """Return the settings as plain text; a variable set in this environment is marked, its value not shown."""
    lines = []
    for group, items in grouped(docs).items():
        lines.append(f"{group_title(group)}:")
        for doc in items:
            default = format_default(doc.default)
            marker = "  [set in the environment]" if doc.name in os.environ else ""
            lines.append(f"  {doc.name} (default: {default or '(none)'}){marker}")
            lines.append(f"      {doc.help}")
        lines.append("")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "List every environment variable fazhi reads, grouped, with its default and help."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--markdown", action="store_true", help="Print Markdown tables (the ones README.md carries)."
        )

    def handle(self, *args, markdown: bool = False, **options):
        settings.BASE_DIR  # noqa: B018 - make sure the settings (and so every config() call) have loaded
        docs = dict(SETTINGS_HELP)
        self.stdout.write(render_markdown(docs) if markdown else render_text(docs), ending="")
