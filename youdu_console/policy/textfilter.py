"""The question an IM client asks before it sends a text: does it hold a sensitive word? (manual 5.6.2)

Words and text are compared folded: full-width forms as half-width (Ｗ → w, ０ → 0, the ideographic space as a
space) and letters in lower case, one character for one character so a match's position in the folded text
is its position in the original. Matching is one pass over the text with an Aho–Corasick automaton built once
per word list: every occurrence of every word is found, overlapping ones too ("工资条" and "资条" in
"工资条款"), and mask mode turns every character covered by any occurrence into `*`; block mode refuses the
message and names the words found.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection

from youdu_console.store.settings import setting_value

MODES = ("mask", "block")
LEARN_LIMIT = 2_000_000  # remembered moves per word list (~100 MB at most)


def _fold_table() -> dict[int, str]:
    """Full-width ASCII → half-width lower case; every other letter whose lower case is one character."""
    table: dict[int, str] = {0x3000: " "}
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0).lower()
    for code in range(0x41, 0x5B):
        table[code] = chr(code + 32)
    for code in range(0xC0, 0x2000):  # Latin-1, Latin Extended, Greek, Cyrillic, …
        ch = chr(code)
        low = ch.lower()
        if low != ch and len(low) == 1:
            table[code] = low
    for code in range(0x2160, 0x2170):  # Roman numerals Ⅰ–Ⅿ fold with their lower-case forms
        table[code] = chr(code + 16)
    return table


FOLD = _fold_table()


def fold(text: str) -> str:
    """The text as compared: same length as the input, position for position."""
    return text.translate(FOLD)


class Automaton:
    """Aho–Corasick over folded words: `goto[state][char]`, `fail[state]`, and the lengths of the words that
    end in each state (its own and those of its suffix states, merged when built)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.goto: list[dict[str, int]] = [{}]
        self.ends: list[tuple[int, ...]] = [()]
        self.words: list[str] = []
        originals: dict[str, str] = {}
        for word in words:
            folded = fold(word.strip())
            if folded and folded not in originals:
                originals[folded] = word.strip()
        self.original = originals
        for folded in originals:
            state = 0
            for ch in folded:
                nxt = self.goto[state].get(ch)
                if nxt is None:
                    nxt = len(self.goto)
                    self.goto.append({})
                    self.ends.append(())
                    self.goto[state][ch] = nxt
                state = nxt
            self.ends[state] = (len(folded),)
            self.words.append(folded)
        self.fail = [0] * len(self.goto)
        queue = list(self.goto[0].values())
        head = 0
        while head < len(queue):
            state = queue[head]
            head += 1
            for ch, nxt in self.goto[state].items():
                queue.append(nxt)
                f = self.fail[state]
                while f and ch not in self.goto[f]:
                    f = self.fail[f]
                target = self.goto[f].get(ch, 0)
                self.fail[nxt] = target if target != nxt else 0
                if self.ends[self.fail[nxt]]:
                    self.ends[nxt] = self.ends[nxt] + self.ends[self.fail[nxt]]

        # The moves, completed as they are used (a lazily built DFA): each state's row starts as its trie edges
        # and remembers the failure walk a character took, so a character costs one dict lookup.
        self.delta = [_Moves(self, state, edges) for state, edges in enumerate(self.goto)]
        self.learned = 0

    def __len__(self) -> int:
        return len(self.words)

    def matches(self, text: str) -> list[tuple[int, int]]:
        """Every occurrence (start, end) of every word in the text (folded here), in order of their ends."""
        return self.scan(fold(text))

    def scan(self, folded: str) -> list[tuple[int, int]]:
        """`matches` of a text already folded: the one pass."""
        delta, ends = self.delta, self.ends
        out: list[tuple[int, int]] = []
        state = 0
        for end, ch in enumerate(folded, 1):
            state = delta[state][ch]
            if ends[state]:
                out.extend((end - n, end) for n in ends[state])
        return out


class _Moves(dict[str, int]):
    """One state's moves: its trie edges, and the failure walks already taken (up to LEARN_LIMIT in all)."""

    __slots__ = ("automaton", "state")

    def __init__(self, automaton: Automaton, state: int, edges: dict[str, int]) -> None:
        super().__init__(edges)
        self.automaton = automaton
        self.state = state

    def __missing__(self, ch: str) -> int:
        a = self.automaton
        s = self.state
        while True:
            if s == 0:
                nxt = a.goto[0].get(ch, 0)
                break
            s = a.fail[s]
            step = a.goto[s].get(ch)
            if step is not None:
                nxt = step
                break
        if a.learned < LEARN_LIMIT:  # bounded memory; past it, the walk is taken each time (still correct)
            self[ch] = nxt
            a.learned += 1
        return nxt


@dataclass(frozen=True)
class FilterResult:
    allowed: bool
    mode: str
    text: str  # the text as delivered: masked in mask mode, unchanged otherwise
    words: tuple[str, ...]  # the words found (as listed), in order of first occurrence
    spans: tuple[tuple[int, int], ...]  # merged character ranges covered by them

    @property
    def action(self) -> str:
        """The contract's answer (spec/CLI.md `policy filter-text`): pass, mask or block."""
        return "block" if not self.allowed else ("mask" if self.words else "pass")

    def to_json(self) -> dict[str, Any]:
        return {"action": self.action, "allowed": self.allowed, "mode": self.mode, "text": self.text, "words": list(self.words),
                "spans": [list(s) for s in self.spans]}


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(a, b) for a, b in out]


class TextFilter:
    """The sensitive-word rule: a word list and what to do with a message that holds one."""

    def __init__(self, words: Iterable[str], mode: str = "mask", enabled: bool = True) -> None:
        self.automaton = _automaton(tuple(words))
        self.mode = mode if mode in MODES else "mask"
        self.enabled = enabled

    def apply(self, text: str) -> FilterResult:
        if not self.enabled or not len(self.automaton):
            return FilterResult(True, self.mode, text, (), ())
        folded = fold(text)
        found = self.automaton.scan(folded)
        if not found:
            return FilterResult(True, self.mode, text, (), ())
        seen: dict[str, None] = {}
        for start, end in sorted(found):
            seen.setdefault(self.automaton.original.get(folded[start:end], folded[start:end]))
        spans = merge(found)
        if self.mode == "block":
            return FilterResult(False, "block", text, tuple(seen), tuple(spans))
        parts, last = [], 0
        for start, end in spans:
            parts.append(text[last:start])
            parts.append("*" * (end - start))
            last = end
        parts.append(text[last:])
        return FilterResult(True, "mask", "".join(parts), tuple(seen), tuple(spans))


@lru_cache(maxsize=4)
def _automaton(words: tuple[str, ...]) -> Automaton:
    # Built once per word list: a server filters many messages with the same list.
    return Automaton(words)


def filter_message(conn: Connection, text: str, sender: str | None = None) -> tuple[FilterResult, bool]:
    """`policy filter-text [--from ACCOUNT]`: the stored rule applied to one message, and whether the protection
    is on. A named sender must be a member (`member_not_found` otherwise)."""
    if sender is not None:
        from sqlalchemy import select

        from youdu_console.domain.errors import NotFound
        from youdu_console.domain.validation import fold_account
        from youdu_console.store import tables

        account = fold_account(sender)
        if conn.execute(select(tables.MEMBERS.c.id).where(tables.MEMBERS.c.account == account)).first() is None:
            raise NotFound("member_not_found", account=account)
    rule = stored_filter(conn)
    return rule.apply(text), rule.enabled


def stored_filter(conn: Connection) -> TextFilter:
    """The enterprise's rule as stored (敏感信息保护 on or off, mode, words)."""
    return TextFilter(setting_value(conn, "sensitive.words"), setting_value(conn, "sensitive.mode"),
                      bool(setting_value(conn, "sensitive.enabled")))
