"""Check the audit chain: every entry's hash, every link, no missing sequence numbers.

What the chain catches: an entry edited in the database (its hash no longer matches), an entry
removed (a gap in the sequence), an entry replaced, inserted or moved with a recomputed hash (the
next entry's ``prev_hash`` no longer matches). What it cannot catch alone: the newest entries removed,
or the whole chain rewritten from some point on by someone who recomputes every hash. For those, keep
the last entry's number and hash somewhere else (``fazhi audit verify`` prints them) and pass them
back as anchors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext

from fazhi.audit.hashing import GENESIS_HASH, entry_hash
from fazhi.audit.models import AuditEntry

__all__ = ["Anchor", "Problem", "VerifyResult", "verify_chain"]

_FIELDS = (
    "sequence", "timestamp", "actor_id", "actor_repr", "ip", "action", "content_type_id", "object_id",
    "object_repr", "changes", "reason", "prev_hash", "hash",
)


def _short(digest: str) -> str:
    return f"{digest[:16]}…" if len(digest) > 16 else digest


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the chain. ``message`` is in the language active when it is read."""

    kind: str  # altered, missing, broken_link, bad_start, bad_sequence, anchor_mismatch, anchor_missing
    sequence: int  # the entry concerned (for missing: the first missing number)
    last: int | None = None  # for missing: the last missing number
    stored: str = ""  # the hash stored in the database (entry hash, or prev_hash for links)
    expected: str = ""  # the hash it should have been

    @property
    def message(self) -> str:
        p = {
            "seq": self.sequence, "last": self.last, "prev": self.sequence - 1,
            "stored": _short(self.stored), "expected": _short(self.expected),
        }
        if self.kind == "altered":
            return gettext(
                "Entry #%(seq)s was altered: its stored hash %(stored)s does not match its contents "
                "(recomputed: %(expected)s)."
            ) % p
        if self.kind == "missing" and self.last is not None and self.last != self.sequence:
            return gettext("Entries #%(seq)s to #%(last)s are missing (removed from the chain).") % p
        if self.kind == "missing":
            return gettext("Entry #%(seq)s is missing (removed from the chain).") % p
        if self.kind == "broken_link":
            return gettext(
                "Entry #%(seq)s does not follow entry #%(prev)s: it records the previous hash as "
                "%(stored)s, but entry #%(prev)s has %(expected)s. An entry was replaced, inserted or moved."
            ) % p
        if self.kind == "bad_start":
            return gettext(
                "Entry #%(seq)s starts the chain but records a previous hash (%(stored)s) instead of zeros."
            ) % p
        if self.kind == "bad_sequence":
            return gettext("Entry #%(seq)s has an invalid sequence number (numbers start at 1).") % p
        if self.kind == "anchor_mismatch":
            return gettext(
                "Entry #%(seq)s does not match the hash recorded for it elsewhere: the database has "
                "%(stored)s, the record says %(expected)s."
            ) % p
        if self.kind == "anchor_missing":
            return gettext(
                "Entry #%(seq)s, whose hash was recorded elsewhere, is no longer in the chain "
                "(the newest entries were removed)."
            ) % p
        raise ValueError(self.kind)

    def __str__(self):
        return self.message


@dataclass(frozen=True)
class Anchor:
    """A sequence number and the hash that entry had, kept outside the database."""

    sequence: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> Anchor:
        """Parse ``SEQUENCE:HASH`` (as ``fazhi audit verify`` prints it)."""
        seq, sep, digest = text.partition(":")
        digest = digest.strip().lower()
        if not sep or not seq.strip().lstrip("#").isdigit() or len(digest) != 64:
            raise ValueError(text)
        int(digest, 16)
        return cls(int(seq.strip().lstrip("#")), digest)


@dataclass
class VerifyResult:
    count: int = 0
    last_sequence: int | None = None
    last_hash: str | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(
    *,
    anchors: Iterable[Anchor] = (),
    progress: Callable[[Iterable], Iterable] | None = None,
    result: VerifyResult | None = None,
) -> list[Problem]:
    """Return every problem in the audit chain, an empty list when it is intact.

    Entries are streamed in sequence order (constant memory). ``progress`` may wrap the row iterator
    (e.g. ``tqdm``); pass a ``VerifyResult`` as ``result`` to also get the count and the last hash.
    """
    result = result if result is not None else VerifyResult()
    anchors_by_seq = {a.sequence: a.hash for a in anchors}
    problems = result.problems
    rows: Iterable = AuditEntry.objects.order_by("sequence").values_list(*_FIELDS).iterator(chunk_size=2000)
    if progress is not None:
        rows = progress(rows)
    labels: dict[int, str] = {}
    expected_seq, prev_hash = 1, GENESIS_HASH
    for (seq, timestamp, actor_id, actor_repr, ip, action, ct_id, object_id, object_repr, changes, reason,
         stored_prev, stored_hash) in rows:
        result.count += 1
        if ct_id is not None and ct_id not in labels:
            ct = ContentType.objects.get_for_id(ct_id)
            labels[ct_id] = f"{ct.app_label}.{ct.model}"
        computed = entry_hash(
            sequence=seq, timestamp=timestamp, actor_id=actor_id, actor_repr=actor_repr, ip=ip, action=action,
            target_type=labels.get(ct_id, ""), object_id=object_id, object_repr=object_repr, changes=changes,
            reason=reason, prev_hash=stored_prev,
        )
        if computed != stored_hash:
            problems.append(Problem("altered", seq, stored=stored_hash, expected=computed))
        if seq < expected_seq:  # only 0 can come before 1: the sequence is the primary key
            problems.append(Problem("bad_sequence", seq))
            continue
        if seq > expected_seq:
            # The link across a gap cannot be checked: the entries it pointed to are gone.
            problems.append(Problem("missing", expected_seq, last=seq - 1))
        elif stored_prev != prev_hash:
            kind = "bad_start" if seq == 1 else "broken_link"
            problems.append(Problem(kind, seq, stored=stored_prev, expected=prev_hash))
        anchored = anchors_by_seq.pop(seq, None)
        if anchored is not None and anchored != stored_hash:
            problems.append(Problem("anchor_mismatch", seq, stored=stored_hash, expected=anchored))
        expected_seq = max(expected_seq, seq + 1)
        prev_hash = stored_hash
        result.last_sequence, result.last_hash = seq, stored_hash
    for seq in sorted(anchors_by_seq):
        problems.append(Problem("anchor_missing", seq))
    return problems
