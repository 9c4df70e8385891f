"""The sample of a file review as a pure function: the same seed and the same cases give the same files.

Each body gives a share of its cases closed in the year (rounded up, so the share is never short), and at least
the campaign's minimum, or all of its cases when it closed fewer. Bodies are taken in the order of their ids and
each body's cases sorted by id; the only source of chance is one ``random.Random(seed)``, whose ``sample`` Python
keeps stable across versions for an integer seed, so anyone holding the seed and the cases can repeat the draw.

Nothing here imports Django.
"""

from __future__ import annotations

import math
import random
import secrets
from collections.abc import Iterable, Mapping
from decimal import Decimal


def new_seed() -> str:
    """A fresh seed from the system's secure source, as 16 hexadecimal digits."""
    return f"{secrets.randbits(64):016x}"


def seed_number(seed: str) -> int:
    """The integer ``random.Random`` is seeded with; ``ValueError`` unless ``seed`` is 1 to 32 hexadecimal digits."""
    text = (seed or "").strip().lower()
    if not text or len(text) > 32:
        raise ValueError(seed)
    return int(text, 16)


def sample_size(count: int, percent: Decimal, minimum: int) -> int:
    """How many of a body's ``count`` cases are drawn: the share rounded up, at least ``minimum``, at most all."""
    if count <= 0:
        return 0
    share = math.ceil(Decimal(count) * Decimal(percent) / 100) if percent > 0 else 0
    return min(count, max(share, minimum))


def draw(seed: str, candidates: Mapping[int, Iterable[int]], percent: Decimal, minimum: int) -> dict[int, list[int]]:
    """Draw each body's files from its cases: ``candidates`` maps a body's id to its case ids.

    Returns the drawn case ids by body id (sorted), bodies without a case left out.
    """
    rng = random.Random(seed_number(seed))
    drawn: dict[int, list[int]] = {}
    for body in sorted(int(pk) for pk in candidates):
        cases = sorted({int(pk) for pk in candidates.get(body, candidates.get(str(body), []))})
        size = sample_size(len(cases), Decimal(percent), int(minimum))
        if size:
            drawn[body] = sorted(rng.sample(cases, size))
    return drawn
