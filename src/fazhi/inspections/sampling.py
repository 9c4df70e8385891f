"""The random draw of 双随机、一公开 as a pure function: the same seed and the same directories give the same result.

国发〔2019〕5号 (legal-rules §4.4): the entities are drawn at random from the directory, a larger share of the riskier
ones (the share per risk level is local practice: FAZHI_INSPECTION_SAMPLING_PERCENT), and the inspectors are
assigned at random, two to an entity (行政处罚法 第42条), never one who must stand aside (回避).

Nothing here imports Django. Every input is sorted by id before it is used and the only source of chance is
``random.Random(seed)``, whose sequence Python keeps stable across versions for ``sample`` and ``shuffle`` on
integer seeds; so anyone holding the seed and the snapshots can repeat the draw.
"""

from __future__ import annotations

import math
import random
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

#: The risk levels, riskiest first: the order the draw takes them in.
LEVELS = ("high", "medium_high", "medium", "low")
#: Officers per entity (行政处罚法 第42条: not fewer than two).
TEAM_SIZE = 2


class BadPercentages(ValueError):
    """The setting of the shares per risk level cannot be read; the message says why."""


class TeamShort(Exception):
    """Fewer inspectors than a team needs are free for ``entity`` once its recusals are applied."""

    def __init__(self, entity: int, free: int):
        super().__init__(entity, free)
        self.entity = entity
        self.free = free


@dataclass(frozen=True)
class Assignment:
    """One drawn entity and the officers assigned to inspect it."""

    entity: int
    officers: tuple[int, ...]

    def as_json(self) -> dict:
        return {"entity": self.entity, "officers": list(self.officers)}

    @classmethod
    def from_json(cls, value: Mapping) -> Assignment:
        return cls(int(value["entity"]), tuple(int(pk) for pk in value["officers"]))


def new_seed() -> str:
    """A fresh seed from the system's secure source, as 16 hexadecimal digits."""
    return f"{secrets.randbits(64):016x}"


def seed_number(seed: str) -> int:
    """The integer ``random.Random`` is seeded with; ``ValueError`` unless ``seed`` is hexadecimal."""
    text = (seed or "").strip().lower()
    if not text or len(text) > 32:
        raise ValueError(seed)
    return int(text, 16)


def parse_percentages(value) -> dict[str, Decimal]:
    """Read ``high=30,medium_high=10,medium=2,low=1`` (or a mapping, or a list of ``level=number``) into shares.

    Every level must be given once, with a number from 0 to 100.
    """
    if isinstance(value, Mapping):
        pairs = list(value.items())
    else:
        parts = value.split(",") if isinstance(value, str) else list(value)
        pairs = []
        for part in parts:
            level, sep, number = str(part).partition("=")
            if not sep:
                raise BadPercentages(f"{part!r}: write each level as level=percent, e.g. high=30.")
            pairs.append((level.strip(), number.strip()))
    found: dict[str, Decimal] = {}
    for level, number in pairs:
        if level not in LEVELS:
            raise BadPercentages(f"{level!r} is not a risk level: use {', '.join(LEVELS)}.")
        if level in found:
            raise BadPercentages(f"{level} is given twice.")
        try:
            percent = Decimal(str(number))
        except (InvalidOperation, ValueError):
            raise BadPercentages(f"{level}={number!r}: not a number.") from None
        if not percent.is_finite() or not 0 <= percent <= 100:
            raise BadPercentages(f"{level}={number}: a share is between 0 and 100 per cent.")
        found[level] = percent
    missing = [level for level in LEVELS if level not in found]
    if missing:
        raise BadPercentages(f"no share for {', '.join(missing)}.")
    return {level: found[level] for level in LEVELS}


def sample_size(count: int, percent: Decimal) -> int:
    """How many of ``count`` entities a share of ``percent`` draws: rounded up, so the share is never short."""
    if count <= 0 or percent <= 0:
        return 0
    return min(count, math.ceil(Decimal(count) * Decimal(percent) / 100))


def draw(seed: str, entities: Iterable[Sequence], inspectors: Iterable[int], recusals: Iterable[Sequence],
         percentages: Mapping[str, Decimal], team_size: int = TEAM_SIZE) -> list[Assignment]:
    """Draw entities per risk level and assign each a team of ``team_size`` inspectors.

    ``entities`` are ``(id, risk level)`` pairs, ``inspectors`` officer ids, ``recusals`` ``(officer id, entity id)``
    pairs. Entities are drawn level by level, riskiest first; each drawn entity, in that order, gets the least busy
    of the inspectors free for it, ties broken at random, so the work is spread evenly. Raises ``TeamShort`` when
    the recusals leave an entity fewer than ``team_size`` inspectors.
    """
    rng = random.Random(seed_number(seed))
    pool = sorted({(int(pk), str(risk)) for pk, risk in entities})
    officers = sorted({int(pk) for pk in inspectors})
    barred = {(int(officer), int(entity)) for officer, entity in recusals}
    chosen: list[int] = []
    for level in LEVELS:
        candidates = [pk for pk, risk in pool if risk == level]
        size = sample_size(len(candidates), Decimal(percentages.get(level, 0)))
        chosen.extend(sorted(rng.sample(candidates, size)))
    load = dict.fromkeys(officers, 0)
    result = []
    for entity in chosen:
        free = [pk for pk in officers if (pk, entity) not in barred]
        if len(free) < team_size:
            raise TeamShort(entity, len(free))
        rng.shuffle(free)
        free.sort(key=load.__getitem__)  # stable: the least busy first, in the shuffled order among equals
        team = tuple(sorted(free[:team_size]))
        for pk in team:
            load[pk] += 1
        result.append(Assignment(entity, team))
    return result
