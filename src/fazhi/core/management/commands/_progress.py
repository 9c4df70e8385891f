"""A tqdm progress bar over bytes for ``fazhi backup`` and ``fazhi restore``, shown on a terminal only."""

from __future__ import annotations

import sys

from fazhi.core.backup import no_progress

THRESHOLD = 8 * 1024 * 1024  # bytes: below this a step is too quick to need a bar


def progress_for(disabled: bool):
    if disabled or not sys.stderr.isatty():
        return no_progress

    def bar(total: int, description: str):
        if total < THRESHOLD:
            return no_progress(total, description)
        from tqdm import tqdm

        return tqdm(total=total, desc=description, unit="B", unit_scale=True, unit_divisor=1024,
                    file=sys.stderr, leave=False)

    return bar
