"""Group the visitors' messages the assistant could not answer by what they ask about, so
staff see which FAQ to add next.

TF-IDF over character n-grams of the meaningful words, and complete-linkage clustering on
cosine distance with a fixed cut: no model is downloaded, and the same messages always make
the same groups.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Dict, List, Sequence

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from bot.store.unanswered import Message

__all__ = ["Group", "Message", "group_messages", "normalise"]

# Two messages closer than this in cosine distance are one question.
# Tuned on tests/web/staff/test_unanswered_grouping.py's fixed set.
DISTANCE_CUT = 0.85
# Clustering keeps a dense distance matrix: the newest this many distinct texts are grouped.
MAX_TEXTS = 2000
EXAMPLES = 3


@dataclass(frozen=True)
class Group:
    """Messages that ask about the same thing; `examples` are its most typical texts."""

    messages: tuple[Message, ...]
    examples: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.messages)

    @property
    def event_ids(self) -> tuple[int, ...]:
        return tuple(sorted(m.event_id for m in self.messages))

    @property
    def conversation_ids(self) -> tuple[str, ...]:
        """Its conversations, the latest message's first."""
        ordered = sorted(self.messages, key=lambda m: m.at, reverse=True)
        return tuple(dict.fromkeys(m.conversation_id for m in ordered))

    @property
    def last_at(self) -> float:
        return max(m.at for m in self.messages)


def normalise(text: str) -> str:
    """The text as compared: lower case, without punctuation and repeated spaces."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def group_messages(messages: Sequence[Message], distance_cut: float = DISTANCE_CUT
                   ) -> List[Group]:
    """The messages in groups, the largest first (ties: the most recent first)."""
    by_text: Dict[str, List[Message]] = {}
    for message in sorted(messages, key=lambda m: m.at, reverse=True):
        key = normalise(message.text)
        if key:
            by_text.setdefault(key, []).append(message)
    texts = list(by_text)[:MAX_TEXTS]
    labels = _cluster(texts, distance_cut)
    members: Dict[int, List[str]] = {}
    for text, label in zip(texts, labels, strict=True):
        members.setdefault(int(label), []).append(text)
    groups = [_group(group_texts, by_text) for group_texts in members.values()]
    return sorted(groups, key=lambda g: (-g.count, -g.last_at))


def _cluster(texts: List[str], distance_cut: float) -> List[int]:
    if len(texts) < 2:
        return [0] * len(texts)
    # Character n-grams of the words that carry meaning: "park" meets "parking" and "botx"
    # meets "botox", while "do you" or "is there" join nothing.
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    features = vectorizer.fit_transform([_content(text) for text in texts])
    # Rows are unit length, so cosine distance is 1 - the dot product; computed sparse, it
    # takes a fraction of what scikit-learn's dense cosine does on 2,000 texts.
    distances = np.clip(1.0 - (features @ features.T).toarray(), 0.0, None)
    np.fill_diagonal(distances, 0.0)
    # Complete linkage: every two texts of a group are alike, so one shared word ("removal")
    # does not chain tattoo removal to hair removal. scikit-learn 1.1 calls the distance
    # `affinity` (1.2 renamed it `metric`).
    clustering = AgglomerativeClustering(n_clusters=None, distance_threshold=distance_cut,
                                         affinity="precomputed", linkage="complete")
    return [int(label) for label in clustering.fit_predict(distances)]


def _content(text: str) -> str:
    kept = [word for word in text.split() if word not in ENGLISH_STOP_WORDS]
    return " ".join(kept) if kept else text


def _group(texts: List[str], by_text: Dict[str, List[Message]]) -> Group:
    counts = Counter({text: len(by_text[text]) for text in texts})
    # The texts asked most often first; among equals, the shortest reads best as a heading.
    typical = sorted(texts, key=lambda t: (-counts[t], len(t), t))[:EXAMPLES]
    examples = tuple(by_text[t][0].text.strip() for t in typical)
    messages = tuple(m for t in texts for m in by_text[t])
    return Group(messages, examples)
