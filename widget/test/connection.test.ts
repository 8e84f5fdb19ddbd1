import assert from "node:assert/strict";
import { test } from "node:test";
import { utterance } from "../src/connection";

test("a chosen button's payload is marked as chosen so its words do not set the language", () => {
  assert.deepEqual(utterance("more than 20", "abc", true),
    { message: "more than 20", session_id: "abc", metadata: { choice: true } });
});

test("words the visitor typed go without the mark", () => {
  assert.deepEqual(utterance("tengo como 30", "abc", false), { message: "tengo como 30", session_id: "abc" });
});
