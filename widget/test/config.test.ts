import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULTS, heading, readConfig } from "../src/config";
import { TEXT } from "../src/language";

const PAGE = "http://localhost:8000/";

test("the README's snippet is read as written", () => {
  const config = readConfig({
    serverUrl: "http://localhost:5005", socketPath: "/socket.io", privacyUrl: "/privacy",
    title: "Ask the clinic", primaryColor: "#1f5f7a", position: "left",
  }, PAGE);
  assert.equal(config.serverUrl, "http://localhost:5005");
  assert.equal(config.privacyUrl, "http://localhost:8000/privacy");
  assert.equal(config.position, "left");
});

test("a missing config talks to the page's own origin with the defaults", () => {
  const config = readConfig(undefined, "https://www.clinic.example/treatments");
  assert.equal(config.serverUrl, "https://www.clinic.example");
  assert.equal(config.title, DEFAULTS.title);
  assert.equal(config.socketPath, "/socket.io");
});

test("the clinic's Spanish title and line are shown while the conversation is in Spanish", () => {
  const config = readConfig({ title: "Ask us", greeting: "Questions?", titleEs: "Pregúntenos",
    greetingEs: "¿Dudas?" }, PAGE);
  assert.deepEqual(heading(config, "es", TEXT.es), { title: "Pregúntenos", greeting: "¿Dudas?" });
  assert.deepEqual(heading(config, "en", TEXT.en), { title: "Ask us", greeting: "Questions?" });
});

test("without Spanish ones the clinic's words are shown as written, else the widget's own", () => {
  const english = readConfig({ title: "Ask us" }, PAGE);
  assert.deepEqual(heading(english, "es", TEXT.es), { title: "Ask us", greeting: TEXT.es.greeting });
  assert.deepEqual(heading(readConfig({}, PAGE), "es", TEXT.es),
    { title: TEXT.es.title, greeting: TEXT.es.greeting });
});

test("a colour that could break out of its CSS property falls back to the default", () => {
  for (const primaryColor of ["red; background: url(https://evil.example)", "#12345g", 42]) {
    assert.equal(readConfig({ primaryColor }, PAGE).primaryColor, DEFAULTS.primaryColor);
  }
  assert.equal(readConfig({ primaryColor: "rgb(10, 20, 30)" }, PAGE).primaryColor, "rgb(10, 20, 30)");
});

test("a javascript: privacy link or server URL is refused", () => {
  const config = readConfig({ privacyUrl: "javascript:alert(1)", serverUrl: "javascript:alert(1)" }, PAGE);
  assert.equal(config.privacyUrl, "");
  assert.equal(config.serverUrl, "http://localhost:8000");
});
