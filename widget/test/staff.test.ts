import assert from "node:assert/strict";
import { test } from "node:test";
import { authorLine, spokenAuthor, staffName } from "../src/staff";

test("a staff message's name is shown, the assistant's messages have none", () => {
  assert.equal(staffName(" Maria "), "Maria");
  assert.equal(staffName(undefined), null);
  assert.equal(staffName(""), null);
  assert.equal(staffName("   "), null);
  assert.equal(staffName(42), null);
  assert.equal(staffName("x".repeat(41)), null);
});

test("the name is said as the clinic team's, on screen and to a screen reader", () => {
  assert.equal(authorLine("Maria"), "Maria · clinic team");
  assert.equal(spokenAuthor("Maria"), "Maria, clinic team: ");
});
