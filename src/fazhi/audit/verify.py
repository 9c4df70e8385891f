"""Check the audit trail: every entry's hash, keyed hash and link, no gaps, and the anchor file.

What each layer catches:

- the plain hash chain (``fazhi.audit.hashing``): an entry edited in the database (its hash no longer
  matches), removed (a gap in the sequence), replaced, inserted or moved (the next ``prev_hash`` no longer
  matches);
- the keyed hash (``fazhi.audit.keys``): the chain recomputed from some entry onward, or entries forged, by
  someone with database access but without ``FAZHI_AUDIT_KEY``;
- the anchor file (``fazhi.audit.anchors``): the newest entries removed (the file records a later entry
  than the database has), the chain rewritten before an anchor even by someone holding the key, the file
  itself edited (each line is keyed and linked to the one before), deleted or cut short (an anchor is due
  every ``FAZHI_AUDIT_ANCHOR_EVERY`` entries).

Entries are streamed in sequence order; memory grows only with the number of anchors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext

from fazhi.audit import anchors as anchor_file
from fazhi.audit.hashing import GENESIS_HASH, entry_hash
from fazhi.audit.keys import known_keys, mac_matches
from fazhi.audit.models import AuditEntry

__all__ = ["Anchor", "Problem", "VerifyResult", "verify_chain"]

_FIELDS = (
    "sequence", "timestamp", "actor_id", "actor_repr", "ip", "action", "content_type_id", "object_id",
    "object_repr", "changes", "reason", "prev_hash", "hash", "key_id", "mac",
)

#: Problems that mean "cannot check" (a key or file not configured) rather than "tampered with".
CONFIG_KINDS = frozenset({"unknown_key", "anchor_file_unknown_key", "anchor_file_unreadable"})

_USE_SETTINGS = object()


def _short(digest: str) -> str:
    return f"{digest[:16]}…" if len(digest) > 16 else digest


def _when(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the chain or its anchor file. ``message`` is in the language active when read."""

    # altered, missing, broken_link, bad_start, bad_sequence, anchor_mismatch, anchor_missing (--anchor),
    # bad_mac, unknown_key, tail_cut, anchor_rewritten, anchor_count,
    # anchor_file_edited, anchor_file_order, anchor_file_unknown_key, anchor_file_missing,
    # anchor_file_behind, anchor_file_unreadable
    kind: str
    sequence: int = 0  # the entry concerned (missing, bad_mac, unknown_key: the first one)
    last: int | None = None  # missing, bad_mac, unknown_key: the last one; tail_cut: the anchored entry;
    #                          anchor_file_missing/behind: the entry an anchor was due at
    stored: str = ""  # the hash stored in the database (entry hash, or prev_hash for links)
    expected: str = ""  # the hash it should have been
    count: int = 0  # how many entries (or lines) the problem covers; anchor_count: the anchor's count
    actual: int = 0  # anchor_count: the entries the database has up to the anchored one
    line: int = 0  # anchor file line number
    key_id: str = ""
    when: datetime | None = None  # the anchor's time
    path: str = ""  # the anchor file
    error: str = ""

    @property
    def is_config(self) -> bool:
        return self.kind in CONFIG_KINDS

    @property
    def message(self) -> str:  # noqa: C901 - one message per kind
        p = {
            "seq": self.sequence, "last": self.last, "prev": self.sequence - 1,
            "stored": _short(self.stored), "expected": _short(self.expected), "count": self.count,
            "actual": self.actual, "line": self.line, "key": self.key_id, "when": _when(self.when),
            "path": self.path, "error": self.error,
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
        if self.kind == "bad_mac" and self.count > 1:
            return gettext(
                "Entry #%(seq)s fails its keyed hash check, and so do %(count)s entries in all up to #%(last)s: "
                "they were written or rewritten without the audit key (FAZHI_AUDIT_KEY)."
            ) % p
        if self.kind == "bad_mac":
            return gettext(
                "Entry #%(seq)s fails its keyed hash check: it was written or rewritten without the audit key "
                "(FAZHI_AUDIT_KEY)."
            ) % p
        if self.kind == "unknown_key":
            return gettext(
                "%(count)s entries from #%(seq)s to #%(last)s are signed with key %(key)s, which is neither "
                "FAZHI_AUDIT_KEY nor one of FAZHI_AUDIT_RETIRED_KEYS: the wrong key is set, or they were forged."
            ) % p
        if self.kind == "tail_cut" and self.sequence == 0:
            return gettext(
                "All %(count)s entries are missing (the anchor of %(when)s records #%(last)s): the chain was "
                "emptied."
            ) % p
        if self.kind == "tail_cut":
            return gettext(
                "%(count)s entries missing after entry #%(seq)s (the anchor of %(when)s records #%(last)s): "
                "the newest entries were removed."
            ) % p
        if self.kind == "anchor_rewritten":
            return gettext(
                "Entry #%(seq)s differs from the anchor of %(when)s: the database has %(stored)s, the anchor "
                "file %(expected)s. The chain was rewritten up to there."
            ) % p
        if self.kind == "anchor_count":
            return gettext(
                "The anchor of %(when)s counts %(count)s entries up to #%(seq)s; the database has %(actual)s."
            ) % p
        if self.kind == "anchor_file_edited":
            return gettext(
                "Line %(line)s of the anchor file %(path)s was edited: it fails its keyed check."
            ) % p
        if self.kind == "anchor_file_order":
            return gettext(
                "Line %(line)s of the anchor file %(path)s does not follow the line before it: lines were "
                "removed, inserted or reordered."
            ) % p
        if self.kind == "anchor_file_unknown_key":
            return gettext(
                "%(count)s lines of the anchor file %(path)s, from line %(line)s, are signed with key %(key)s, "
                "which is neither FAZHI_AUDIT_KEY nor one of FAZHI_AUDIT_RETIRED_KEYS."
            ) % p
        if self.kind == "anchor_file_missing":
            return gettext(
                "The anchor file %(path)s is missing, but the chain has %(count)s entries and an anchor was "
                "due at entry #%(last)s: the file was deleted, or FAZHI_AUDIT_ANCHOR_FILE points elsewhere."
            ) % p
        if self.kind == "anchor_file_behind" and self.sequence == 0:
            return gettext(
                "The anchor file %(path)s holds no anchor, but one was due at entry #%(last)s: the file was "
                "emptied or replaced."
            ) % p
        if self.kind == "anchor_file_behind":
            return gettext(
                "The newest anchor in %(path)s records entry #%(seq)s, but one was due at entry #%(last)s: "
                "the anchor file was cut short or replaced by an older copy."
            ) % p
        if self.kind == "anchor_file_unreadable":
            return gettext("The anchor file %(path)s cannot be read: %(error)s") % p
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
    anchor_file: str = ""
    anchor_file_lines: int = 0  # anchors read from the file (valid ones)
    newest_anchor: anchor_file.FileAnchor | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def config_only(self) -> bool:
        """True when every problem is about configuration (an unknown key, an unreadable file)."""
        return bool(self.problems) and all(p.is_config for p in self.problems)


class _Runs:
    """Consecutive-or-not entries with the same problem, reported once: first, last and how many."""

    def __init__(self):
        self.runs: dict[tuple[str, str], list[int]] = {}

    def add(self, kind: str, sequence: int, key_id: str = "") -> None:
        run = self.runs.setdefault((kind, key_id), [sequence, sequence, 0])
        run[1], run[2] = sequence, run[2] + 1

    def problems(self) -> list[Problem]:
        return [Problem(kind, first, last=last, count=n, key_id=key_id)
                for (kind, key_id), (first, last, n) in self.runs.items()]


def read_anchor_file(path: Path, keys, result: VerifyResult) -> dict[int, list[anchor_file.FileAnchor]]:
    """Check every line of the anchor file; return its valid anchors by entry sequence."""
    shown = str(path)
    problems = result.problems
    by_sequence: dict[int, list[anchor_file.FileAnchor]] = {}
    unknown: dict[str, list[int]] = {}
    prev_mac = anchor_file.FIRST_PREV
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                anchor = anchor_file.parse_line(number, text)
            except ValueError:
                problems.append(Problem("anchor_file_edited", line=number, path=shown))
                prev_mac = ""
                continue
            key = keys.get(anchor.key_id)
            if key is None:
                run = unknown.setdefault(anchor.key_id, [number, 0])
                run[1] += 1
            elif anchor_file.line_mac(key, anchor_file.fields_of(anchor)) != anchor.mac:
                problems.append(Problem("anchor_file_edited", line=number, path=shown))
            else:
                if anchor.prev != prev_mac and prev_mac != "":
                    problems.append(Problem("anchor_file_order", line=number, path=shown))
                by_sequence.setdefault(anchor.sequence, []).append(anchor)
                result.anchor_file_lines += 1
                newest = result.newest_anchor
                if newest is None or anchor.sequence >= newest.sequence:
                    result.newest_anchor = anchor
            prev_mac = anchor.mac
    for key_id, (first_line, n) in unknown.items():
        problems.append(Problem("anchor_file_unknown_key", line=first_line, count=n, key_id=key_id, path=shown))
    return by_sequence


def verify_chain(
    *,
    anchors: Iterable[Anchor] = (),
    progress: Callable[[Iterable], Iterable] | None = None,
    result: VerifyResult | None = None,
    anchor_path: Path | str | None | object = _USE_SETTINGS,
) -> list[Problem]:
    """Return every problem in the audit chain and its anchor file, an empty list when both are intact.

    ``anchors`` are hashes kept by hand (``--anchor``). ``anchor_path`` is the anchor file to check
    against (default ``FAZHI_AUDIT_ANCHOR_FILE``; None checks none). Entries are streamed in sequence
    order; ``progress`` may wrap the row iterator (e.g. ``tqdm``); pass a ``VerifyResult`` as ``result``
    to also get the count, the last hash and the newest anchor.
    """
    result = result if result is not None else VerifyResult()
    problems = result.problems
    keys = known_keys()
    path = anchor_file.anchor_path() if anchor_path is _USE_SETTINGS else anchor_path
    file_anchors: dict[int, list[anchor_file.FileAnchor]] = {}
    file_exists = False
    if path is not None:
        path = Path(path)
        result.anchor_file = str(path)
        try:
            file_anchors = read_anchor_file(path, keys, result)
            file_exists = True
        except FileNotFoundError:
            pass
        except OSError as exc:
            problems.append(Problem("anchor_file_unreadable", path=str(path), error=exc.strerror or str(exc)))
    anchors_by_seq = {a.sequence: a.hash for a in anchors}
    rows: Iterable = AuditEntry.objects.order_by("sequence").values_list(*_FIELDS).iterator(chunk_size=2000)
    if progress is not None:
        rows = progress(rows)
    labels: dict[int, str] = {}
    runs = _Runs()
    expected_seq, prev_hash, counted = 1, GENESIS_HASH, 0
    for (seq, timestamp, actor_id, actor_repr, ip, action, ct_id, object_id, object_repr, changes, reason,
         stored_prev, stored_hash, key_id, mac) in rows:
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
        signed = mac_matches(keys, key_id, stored_hash, mac)
        if signed is None:
            runs.add("unknown_key", seq, key_id)
        elif not signed:
            runs.add("bad_mac", seq)
        if seq < expected_seq:  # only 0 can come before 1: the sequence is the primary key
            problems.append(Problem("bad_sequence", seq))
            continue
        counted += 1
        if seq > expected_seq:
            # The link across a gap cannot be checked: the entries it pointed to are gone.
            problems.append(Problem("missing", expected_seq, last=seq - 1))
        elif stored_prev != prev_hash:
            kind = "bad_start" if seq == 1 else "broken_link"
            problems.append(Problem(kind, seq, stored=stored_prev, expected=prev_hash))
        anchored = anchors_by_seq.pop(seq, None)
        if anchored is not None and anchored != stored_hash:
            problems.append(Problem("anchor_mismatch", seq, stored=stored_hash, expected=anchored))
        for anchor in file_anchors.pop(seq, ()):
            if anchor.hash != stored_hash:
                problems.append(Problem("anchor_rewritten", seq, stored=stored_hash, expected=anchor.hash,
                                        when=anchor.time))
            elif anchor.count != counted:
                problems.append(Problem("anchor_count", seq, count=anchor.count, actual=counted, when=anchor.time))
        expected_seq = max(expected_seq, seq + 1)
        prev_hash = stored_hash
        result.last_sequence, result.last_hash = seq, stored_hash
    problems.extend(runs.problems())
    for seq in sorted(anchors_by_seq):
        problems.append(Problem("anchor_missing", seq))
    last = result.last_sequence or 0
    beyond = [a for seq, found in file_anchors.items() if seq > last for a in found]
    if beyond:
        newest = max(beyond, key=lambda a: (a.sequence, a.time))
        problems.append(Problem("tail_cut", last, last=newest.sequence, count=newest.sequence - last,
                                when=newest.time))
    due = anchor_file.due_sequence(last)
    if path is not None and due > 0 and not any(p.kind == "anchor_file_unreadable" for p in problems):
        newest_seq = result.newest_anchor.sequence if result.newest_anchor else 0
        if not file_exists:
            problems.append(Problem("anchor_file_missing", count=result.count, last=due, path=str(path)))
        elif newest_seq < due:
            problems.append(Problem("anchor_file_behind", newest_seq, last=due, path=str(path)))
    return problems
