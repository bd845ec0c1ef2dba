"""Records and scores packed for the site build (issue 16, memory): what lists show held, the
whole kept pickled and unpacked when asked for.

A province's build holds every record until its pages are written. Held whole, a record and its
score are ≈ 21 KiB of Python objects in the building process (1.1 GiB at 50,000 records). What
the listings, summaries and cross-record rules read of each (`RECORD_FIELDS`, `FUNDS_FIELDS`,
`SCORE_FIELDS`) stays as it is; the whole record and score are kept pickled, ≈ 6 KiB together
(deflating saves a quarter of that for twice the time), and unpacked when a field not held is
first read, into a small per-process memory of recent ones (`RECENT`): a record page, which
reads many fields, unpacks its record once.

`PackedRecord` is a `Record` and `PackedScore` a `RecordScore`: every field reads the same value,
equality and hashing are those of the whole objects, and they pickle as they are (packed). A
record is packed where it is scored (a loading worker, `rules.check.checked_here`), so the
building process never holds it whole unless a page or a rule reads a field not held.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from generator.model.facts import deviation_texts, exact_targets, text_digest
from generator.model.record import Funds, Record
from generator.read.spill import Spilled
from generator.scoring.result import RecordScore

if TYPE_CHECKING:
    from generator.read.spill import Spill

Blob = bytes | Spilled
"""A packed object's pickle: in memory, or waiting in the build's spill file (`spill_to`)."""


RECENT = 16
"""Records (and scores) unpacked lately, kept per process: a page reads many of its record's
fields, and a record page those of its series too."""

_RECENT: OrderedDict[int, tuple[Blob, Any]] = OrderedDict()


def _bytes(blob: Blob) -> bytes:
    return blob if isinstance(blob, bytes) else blob.read()


def _unpacked(blob: Blob) -> Any:
    """Return the object pickled in `blob` (once per `RECENT` blobs read)."""
    found = _RECENT.get(id(blob))
    if found is not None and found[0] is blob:
        _RECENT.move_to_end(id(blob))
        return found[1]
    whole = pickle.loads(_bytes(blob))  # our own bytes, made by `_packed`
    _RECENT[id(blob)] = (blob, whole)  # the blob is held with it: its id is not reused meanwhile
    if len(_RECENT) > RECENT:
        _RECENT.popitem(last=False)
    return whole


def _packed(whole: object) -> bytes:
    return pickle.dumps(whole, protocol=pickle.HIGHEST_PROTOCOL)


RECORD_FIELDS = ("path", "id", "year", "title", "department", "amount_unit", "series",
                 "profile", "total", "source")
"""What every listing, summary, feed and cross-record rule reads of a record (with its funds'
total row, printed rate and 分值, `FUNDS_FIELDS`)."""

FUNDS_FIELDS = ("weight", "total", "reported")

SCORE_FIELDS = ("record_id", "file", "title", "profile_name", "funds_weight", "total_weight",
                "funds_rate", "funds_score", "total", "grade", "reported_rate",
                "reported_rate_text", "reported_funds_score", "reported_total", "reported_grade")
"""What the listings, summaries and signals read of a score."""


def _field_of(name: str) -> property:
    """A field read from the unpacked object (`unpacked`: a funds block its record's funds)."""
    return property(lambda self: getattr(self.unpacked(), name),
                    doc=f"`{name}`, read from the packed object.")


class _Packed:
    """Equality, hashing and repr of the unpacked object."""

    _blob: Blob

    def unpacked(self) -> Any:
        """Return the whole object (from the recent ones, or unpacked now)."""
        return _unpacked(self._blob)

    def spill_to(self, spill: Spill) -> None:
        """Move the pickle into `spill`, out of memory (kept in memory if it cannot be written):
        the same value, read back when unpacked or pickled."""
        if isinstance(self._blob, bytes):
            try:
                self.__dict__["_blob"] = spill.put(self._blob)
            except OSError:
                return

    def __eq__(self, other: object) -> bool:
        """Compare as the whole objects do."""
        mine = self.unpacked()
        if isinstance(other, _Packed):
            other = other.unpacked()
        return bool(mine == other)

    def __hash__(self) -> int:
        """Hash as the whole object does."""
        return hash(self.unpacked())

    def __repr__(self) -> str:
        """Show the whole object."""
        return repr(self.unpacked())


class PackedFunds(_Packed, Funds):
    """A record's funds: the total row, the printed rate and 分值 held, the rest packed."""

    def unpacked(self) -> Funds:
        """Return the whole funds block."""
        return _unpacked(self._blob).funds  # type: ignore[no-any-return]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as packed: the held fields and the record's blob."""
        return (_funds, (_bytes(self._blob), *(self.__dict__[n] for n in FUNDS_FIELDS)))


def _funds(blob: bytes, *held: Any) -> PackedFunds:
    made = object.__new__(PackedFunds)
    made.__dict__.update(zip(FUNDS_FIELDS, held, strict=True), _blob=blob)
    return made


class PackedRecord(_Packed, Record):
    """A record whose listed fields are held and the rest packed (see the module)."""

    def unpacked(self) -> Record:
        """Return the whole record."""
        return _unpacked(self._blob)  # type: ignore[no-any-return]

    def spill_to(self, spill: Spill) -> None:
        """Move the pickle into `spill` (see `_Packed.spill_to`), for the funds too."""
        super().spill_to(spill)
        self.__dict__["funds"].__dict__["_blob"] = self._blob

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as packed: the held fields, the funds' held fields and the blob."""
        funds = self.__dict__["funds"]
        return (_record, (_bytes(self._blob), tuple(self.__dict__[n] for n in RECORD_FIELDS),
                          tuple(funds.__dict__[n] for n in FUNDS_FIELDS),
                          self.__dict__["_facts"]))


def _record(blob: bytes, held: tuple[Any, ...], funds: tuple[Any, ...],
            facts: Facts) -> PackedRecord:
    made = object.__new__(PackedRecord)
    made.__dict__.update(zip(RECORD_FIELDS, held, strict=True), _blob=blob,
                         funds=_funds(blob, *funds), _facts=facts)
    return made


class PackedScore(_Packed, RecordScore):
    """A score whose listed fields are held and the rest (indicators, differences, notes)
    packed."""

    def unpacked(self) -> RecordScore:
        """Return the whole score."""
        return _unpacked(self._blob)  # type: ignore[no-any-return]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as packed: the held fields and the blob."""
        return (_score, (_bytes(self._blob), tuple(self.__dict__[n] for n in SCORE_FIELDS)))


def _score(blob: bytes, held: tuple[Any, ...]) -> PackedScore:
    made = object.__new__(PackedScore)
    made.__dict__.update(zip(SCORE_FIELDS, held, strict=True), _blob=blob)
    return made


for _field in dataclasses.fields(Funds):
    if _field.name not in FUNDS_FIELDS:
        setattr(PackedFunds, _field.name, _field_of(_field.name))
for _field in dataclasses.fields(Record):
    if _field.name not in (*RECORD_FIELDS, "funds"):
        setattr(PackedRecord, _field.name, _field_of(_field.name))
for _field in dataclasses.fields(RecordScore):
    if _field.name not in SCORE_FIELDS:
        setattr(PackedScore, _field.name, _field_of(_field.name))
del _field
"""Every field not held reads the unpacked object's (a property over the dataclass's own)."""


Facts = tuple[bool, tuple[int, ...]]
"""What a year's signals compare of a record: whether every quantitative target is met exactly,
and the digests of its deviation texts (`model.facts`)."""


def signal_facts(record: Record) -> Facts:
    """Return the record's `Facts`: held by a packed record, else worked out now."""
    if isinstance(record, PackedRecord):
        return record.__dict__["_facts"]  # type: ignore[no-any-return]
    return _facts_of(record)


def _facts_of(record: Record) -> Facts:
    digests = dict.fromkeys(text_digest(key) for key, _ in deviation_texts(record))
    return exact_targets(record), tuple(digests)


def pack_record(record: Record) -> Record:
    """Return the record packed (a packed record as it is)."""
    if isinstance(record, PackedRecord):
        return record
    return _record(_packed(record), tuple(getattr(record, n) for n in RECORD_FIELDS),
                   tuple(getattr(record.funds, n) for n in FUNDS_FIELDS), _facts_of(record))


def pack_score(score: RecordScore) -> RecordScore:
    """Return the score packed (a packed score as it is)."""
    if isinstance(score, PackedScore):
        return score
    return _score(_packed(score), tuple(getattr(score, n) for n in SCORE_FIELDS))
