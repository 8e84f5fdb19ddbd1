import assert from "node:assert/strict";
import { test } from "node:test";
import { readConfig } from "../src/config";
import {
  adoptPageLanguage, followAssistant, greetPayload, type LanguageState, languageOf, payloadsOnOpen,
  switchLanguage, switchPayload, TEXT,
} from "../src/language";
import { isDataConsentQuestion } from "../src/questions";
import { authorLine, spokenAuthor } from "../src/staff";

const PAGE = "http://localhost:8000/es";

test("a Spanish page's config makes the widget Spanish; anything else is English", () => {
  assert.equal(readConfig({ language: "es" }, PAGE).language, "es");
  assert.equal(readConfig({ language: "es-MX" }, PAGE).language, "es");
  assert.equal(readConfig({ language: "fr" }, PAGE).language, "en");
  assert.equal(readConfig({}, PAGE).language, "en");
  assert.equal(languageOf(undefined), "en");
});

test("a new conversation on the Spanish page opens with the Spanish greeting", () => {
  const state: LanguageState = { greeted: false };
  adoptPageLanguage(state, "es");
  assert.deepEqual(payloadsOnOpen(state), ['/greet{"language":"es"}']);
  assert.equal(state.greeted, true);
  assert.deepEqual(payloadsOnOpen(state), []); // opening again sends nothing
});

test("a new conversation on the English page opens with the plain greeting", () => {
  const state: LanguageState = { greeted: false };
  adoptPageLanguage(state, "en");
  assert.deepEqual(payloadsOnOpen(state), ["/greet"]);
});

test("the header's switch sends switch_language and flips the widget's language both ways", () => {
  const state: LanguageState = { greeted: true, language: "en" };
  assert.deepEqual(switchLanguage(state), { language: "es", payload: '/switch_language{"language":"es"}' });
  assert.equal(state.language, "es");
  assert.deepEqual(switchLanguage(state), { language: "en", payload: '/switch_language{"language":"en"}' });
  assert.equal(state.language, "en");
});

test("a conversation keeps its language across pages in the same language", () => {
  const state: LanguageState = { greeted: true, language: "es" };
  adoptPageLanguage(state, "es");
  assert.equal(state.language, "es");
  assert.deepEqual(payloadsOnOpen(state), []);
});

test("choosing the other language on the page switches the conversation on the next open", () => {
  const state: LanguageState = { greeted: true, language: "en" };
  adoptPageLanguage(state, "es");
  assert.equal(state.language, "es");
  assert.deepEqual(payloadsOnOpen(state), ['/switch_language{"language":"es"}']);
  assert.deepEqual(payloadsOnOpen(state), []);
});

test("a visitor who writes in Spanish on the English page gets the widget in Spanish", () => {
  const state: LanguageState = { greeted: true, language: "en", pageLanguage: "en" };
  assert.equal(followAssistant(state, "es"), true);
  assert.equal(state.language, "es");
  assert.equal(followAssistant(state, "es"), false); // already Spanish: nothing to redo
  assert.equal(followAssistant(state, "en"), true);
  assert.equal(state.language, "en");
});

test("a reply without a language, or with one the widget does not speak, changes nothing", () => {
  const state: LanguageState = { greeted: true, language: "es" };
  for (const told of [undefined, null, "", "fr", "ES", 1]) {
    assert.equal(followAssistant(state, told), false);
    assert.equal(state.language, "es");
  }
});

test("a conversation that went Spanish on the English page stays Spanish when a page loads", () => {
  const state: LanguageState = { greeted: false };
  adoptPageLanguage(state, "en");
  payloadsOnOpen(state);
  followAssistant(state, "es");
  adoptPageLanguage(state, "en"); // a reload, or the next English page
  assert.equal(state.language, "es");
  assert.deepEqual(payloadsOnOpen(state), []);
});

test("the page's switch still wins after the conversation followed the visitor", () => {
  const state: LanguageState = { greeted: true, language: "es", pageLanguage: "en" };
  adoptPageLanguage(state, "es"); // the visitor chose Español on the page: nothing to switch
  assert.deepEqual(payloadsOnOpen(state), []);
  adoptPageLanguage(state, "en"); // and then English
  assert.equal(state.language, "en");
  assert.deepEqual(payloadsOnOpen(state), ['/switch_language{"language":"en"}']);
});

test("the payloads are the ones domain.yml's language entity reads", () => {
  assert.equal(greetPayload("es"), '/greet{"language":"es"}');
  assert.equal(switchPayload("en"), '/switch_language{"language":"en"}');
  assert.deepEqual(JSON.parse(switchPayload("es").slice("/switch_language".length)), { language: "es" });
});

test("every string of the widget has its own Spanish wording", () => {
  for (const key of Object.keys(TEXT.en) as (keyof typeof TEXT.en)[]) {
    const en = TEXT.en[key];
    const es = TEXT.es[key];
    assert.ok(String(es).trim(), key);
    assert.notDeepEqual(es, en, key);
  }
  assert.equal(TEXT.es.placeholder, "Escriba su pregunta…");
  assert.equal(TEXT.es.send, "Enviar");
  assert.match(TEXT.es.footer, /no es consejo médico.*911/);
  assert.equal(TEXT.es.privacyNote[1], "aviso de privacidad");
  // The switch is written in the language it switches to.
  assert.equal(TEXT.en.switchLabel, "Español");
  assert.equal(TEXT.es.switchLabel, "English");
});

test("a staff member is named as the clinic team's in the conversation's language", () => {
  assert.equal(authorLine("Maria", "es"), "Maria · equipo de la clínica");
  assert.equal(spokenAuthor("Maria", "es"), "Maria, equipo de la clínica: ");
  assert.equal(authorLine("Maria"), "Maria · clinic team");
});

test("the Spanish data consent gets the privacy line, the Spanish offers question does not", () => {
  assert.ok(isDataConsentQuestion([{ title: "Sí, estoy de acuerdo", payload: "yes" }, { title: "No", payload: "no" }]));
  assert.ok(!isDataConsentQuestion([
    { title: "Sí, mándenme ofertas", payload: "yes" }, { title: "No, gracias", payload: "no" },
  ]));
});
