import assert from "node:assert/strict";
import { randomFillSync } from "node:crypto";
import { test } from "node:test";
import { ConversationStore, MAX_ENTRIES, newSessionId, STORAGE_KEY } from "../src/storage";

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

const random = (bytes: Uint8Array): Uint8Array => randomFillSync(bytes);

test("a session id is 256 random bits in hex, different every time", () => {
  const ids = new Set(Array.from({ length: 100 }, () => newSessionId(random)));
  assert.equal(ids.size, 100);
  for (const id of ids) assert.match(id, /^[0-9a-f]{64}$/);
});

test("a saved conversation is loaded again with the same session id and history", () => {
  const storage = new MemoryStorage();
  const store = new ConversationStore(storage, random);
  const first = store.load();
  first.history.push({ from: "visitor", at: 1, text: "how much?" });
  first.greeted = true;
  store.save(first);
  const again = new ConversationStore(storage, random).load();
  assert.equal(again.sessionId, first.sessionId);
  assert.deepEqual(again.history, [{ from: "visitor", at: 1, text: "how much?" }]);
  assert.ok(again.greeted);
});

test("a tampered or broken stored value starts a new conversation", () => {
  for (const stored of ["{not json", JSON.stringify({ sessionId: "short", history: [] }), "null"]) {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, stored);
    const loaded = new ConversationStore(storage, random).load();
    assert.match(loaded.sessionId, /^[0-9a-f]{64}$/);
    assert.deepEqual(loaded.history, []);
  }
});

test("the history kept is bounded", () => {
  const storage = new MemoryStorage();
  const store = new ConversationStore(storage, random);
  const conversation = store.load();
  for (let i = 0; i < MAX_ENTRIES + 50; i += 1) conversation.history.push({ from: "bot", at: i, text: `${i}` });
  store.save(conversation);
  const loaded = store.load();
  assert.equal(loaded.history.length, MAX_ENTRIES);
  assert.equal(loaded.history[0].text, "50");
});

test("storage that refuses to save does not break the chat", () => {
  const store = new ConversationStore({
    getItem: () => { throw new Error("SecurityError"); },
    setItem: () => { throw new Error("QuotaExceededError"); },
  }, random);
  const conversation = store.load();
  assert.doesNotThrow(() => store.save(conversation));
});

test("the conversation's language is kept across reloads; an unknown one reads as English", () => {
  const storage = new MemoryStorage();
  const store = new ConversationStore(storage, random);
  const first = store.load();
  first.language = "es";
  first.switchPending = true;
  first.pageLanguage = "en";
  store.save(first);
  const again = store.load();
  assert.equal(again.language, "es");
  assert.equal(again.switchPending, true);
  assert.equal(again.pageLanguage, "en");
  storage.setItem(STORAGE_KEY, JSON.stringify({ ...first, language: "klingon" }));
  assert.equal(store.load().language, "en");
});
