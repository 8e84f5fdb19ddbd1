import assert from "node:assert/strict";
import { test } from "node:test";
import { safeHttpUrl, splitLinks } from "../src/links";

test("an https link in a sentence becomes a link without the full stop", () => {
  assert.deepEqual(splitLinks("Book at https://clinic.example/book. Thanks"), [
    { kind: "text", text: "Book at " },
    { kind: "link", text: "https://clinic.example/book", href: "https://clinic.example/book" },
    { kind: "text", text: ". Thanks" },
  ]);
});

test("a link in parentheses keeps its own parentheses only", () => {
  const segments = splitLinks("(see https://en.example/wiki/Scar_(skin)) ok");
  assert.deepEqual(segments[1], {
    kind: "link", text: "https://en.example/wiki/Scar_(skin)", href: "https://en.example/wiki/Scar_(skin)",
  });
  assert.deepEqual(segments[2], { kind: "text", text: ") ok" });
});

test("javascript, data and mailto URLs stay plain text", () => {
  for (const text of ["javascript:alert(1)", "data:text/html,<b>x</b>", "mailto:a@b.example",
    "<a href=\"javascript:alert(1)\">x</a>"]) {
    assert.deepEqual(splitLinks(text), [{ kind: "text", text }]);
  }
});

test("markup around a link is split off as text, never part of the href", () => {
  const segments = splitLinks('<img src="https://x.example/a.png" onerror=alert(1)>');
  const links = segments.filter((s) => s.kind === "link");
  assert.deepEqual(links.map((l) => l.text), ["https://x.example/a.png"]);
  assert.equal(segments.map((s) => s.text).join(""), '<img src="https://x.example/a.png" onerror=alert(1)>');
});

test("safeHttpUrl resolves a relative privacy path against the page and refuses other schemes", () => {
  assert.equal(safeHttpUrl("/privacy", "http://localhost:8000/treatments"), "http://localhost:8000/privacy");
  assert.equal(safeHttpUrl("javascript:alert(1)", "http://localhost:8000/"), null);
  assert.equal(safeHttpUrl("not a url"), null);
});
