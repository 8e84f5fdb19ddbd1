"""The unanswered-questions grouping on a fixed set of visitors' messages (issue 11)."""

from __future__ import annotations

from typing import Dict, List

from bot.web.staff.unanswered import Group, Message, group_messages, normalise

# Questions the assistant had no answer for, as visitors wrote them: four topics, spelled
# and worded differently, and two strays that belong to nothing else.
FIXED_SET = {
    "botox": ["Do you do botox?", "do u offer botox", "botox for forehead lines??",
              "how much is botox", "Can I get Botox injections there"],
    "parking": ["Is there parking at the clinic?", "where do I park", "parking available?",
                "is parking free"],
    "tattoo": ["can you remove a tattoo", "tattoo removal?", "do you do laser tattoo removal"],
    "hair": ["laser hair removal prices", "do you do hair removal on legs",
             "hair removal for underarms"],
    "stray": ["what is the meaning of life", "my cat is sick"],
}


def _messages() -> List[Message]:
    messages: List[Message] = []
    for topic, texts in FIXED_SET.items():
        for index, text in enumerate(texts):
            event_id = len(messages) + 1
            messages.append(Message(event_id, f"{topic}-{index}", 1_000_000.0 + event_id,
                                    text))
    return messages


def _topics(texts: tuple[str, ...]) -> set[str]:
    return {topic for topic, group in FIXED_SET.items() for text in texts if text in group}


def test_each_topic_of_the_fixed_set_is_one_group_and_no_group_mixes_topics() -> None:
    groups = group_messages(_messages())
    by_topic: Dict[str, List[Group]] = {}
    for group in groups:
        topics = _topics(tuple(m.text for m in group.messages))
        assert len(topics) == 1, [m.text for m in group.messages]
        by_topic.setdefault(topics.pop(), []).append(group)
    for topic in ("botox", "parking", "tattoo", "hair"):
        assert len(by_topic[topic]) == 1, [[m.text for m in g.messages]
                                           for g in by_topic[topic]]
        assert by_topic[topic][0].count == len(FIXED_SET[topic])


def test_unrelated_messages_stay_apart() -> None:
    groups = group_messages(_messages())
    strays = [g for g in groups if _topics(tuple(m.text for m in g.messages)) == {"stray"}]
    assert sorted(g.count for g in strays) == [1, 1]


def test_groups_come_largest_first_with_their_counts() -> None:
    groups = group_messages(_messages())
    assert [g.count for g in groups] == sorted((g.count for g in groups), reverse=True)
    assert groups[0].count == 5 and _topics(groups[0].examples) == {"botox"}


def test_the_same_text_asked_twice_counts_twice_and_is_shown_once() -> None:
    messages = [*_messages(),
                Message(100, "again-1", 2_000_000.0, "Is there parking at the clinic?"),
                Message(101, "again-2", 2_000_001.0, "is there PARKING at the clinic")]
    parking = next(g for g in group_messages(messages) if _topics(g.examples) == {"parking"})
    assert parking.count == 6
    assert parking.examples[0].lower().startswith("is there parking")
    assert len({normalise(e) for e in parking.examples}) == len(parking.examples)
    assert parking.conversation_ids[:2] == ("again-2", "again-1")  # the latest first


def test_a_group_keeps_every_message_for_marking_it_handled() -> None:
    groups = group_messages(_messages())
    assert sorted(i for g in groups for i in g.event_ids) == list(range(1, 18))


def test_nothing_one_message_and_empty_text_are_grouped_without_error() -> None:
    assert group_messages([]) == []
    one = group_messages([Message(1, "c", 1.0, "Do you do botox?")])
    assert [(g.count, g.examples) for g in one] == [(1, ("Do you do botox?",))]
    assert group_messages([Message(1, "c", 1.0, " ?! "), Message(2, "c", 2.0, "")]) == []


def test_messages_of_only_common_words_are_still_grouped() -> None:
    groups = group_messages([Message(1, "a", 1.0, "what is it"),
                             Message(2, "b", 2.0, "what is this"),
                             Message(3, "c", 3.0, "parking?")])
    assert sum(g.count for g in groups) == 3


def test_a_misspelt_word_and_another_form_of_it_join_their_question() -> None:
    texts = ["do you do botx", "Do you do botox?", "is there parking", "where do I park"]
    groups = group_messages([Message(i, "c", float(i), t) for i, t in enumerate(texts)])
    assert sorted(sorted(m.text for m in g.messages) for g in groups) == [
        ["Do you do botox?", "do you do botx"], ["is there parking", "where do I park"]]
