"""Answers kept by question: a dict that works out, and keeps, what it is asked and lacks.

Key moments and the proceedings' themes read millions of words. Asked through a dict, in C (by
str.translate, filter() or map() with `answers.__getitem__`), a question already answered costs no
Python step; Python runs only for a word or character not met before. A bound keeps texts of ever
new words from growing the dict without end: past it, answers are worked out but not kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

Question = TypeVar("Question")
Answer = TypeVar("Answer")

MOST_KEPT = 200_000  # answers kept by default: words of a language and its names, with room to spare


class Answers(dict[Question, Answer]):
    """`answer(question)`, kept for next time while fewer than `most` are kept (None: no bound)."""

    def __init__(self, answer: Callable[[Question], Answer], most: int | None = MOST_KEPT) -> None:
        super().__init__()
        self.answer, self.most = answer, most

    def __missing__(self, question: Question) -> Answer:
        found = self.answer(question)
        if self.most is None or len(self) < self.most:
            self[question] = found
        return found
