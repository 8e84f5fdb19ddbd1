import assert from "node:assert/strict";
import { test } from "node:test";
import { isDataConsentQuestion, isScarTypeQuestion } from "../src/questions";

// As in domain.yml (utter_ask_scar_types, utter_ask_data_consent, utter_ask_marketing_consent).
const SCAR_TYPES = [
  { title: "Narrow, deep pits, like a pinprick (ice-pick)", payload: "ice-pick" },
  { title: "Round dents with sharp edges (boxcar)", payload: "boxcar" },
  { title: "Wide, shallow dips; skin looks wavy (rolling)", payload: "rolling" },
  { title: "Raised or thick scars", payload: "raised" },
  { title: "Not sure", payload: "not sure" },
];
const DATA_CONSENT = [{ title: "Yes, I agree", payload: "yes" }, { title: "No", payload: "no" }];
const MARKETING = [{ title: "Yes, send me offers", payload: "yes" }, { title: "No thanks", payload: "no" }];

test("the scar-type question is recognised by its payloads", () => {
  assert.ok(isScarTypeQuestion(SCAR_TYPES));
  assert.ok(!isScarTypeQuestion(SCAR_TYPES.filter((b) => b.payload !== "rolling")));
  assert.ok(!isScarTypeQuestion(DATA_CONSENT));
});

test("the data consent gets the privacy line, the marketing question does not", () => {
  assert.ok(isDataConsentQuestion(DATA_CONSENT));
  assert.ok(!isDataConsentQuestion(MARKETING));
  assert.ok(!isDataConsentQuestion([{ title: "Yes, I agree", payload: "yes" }]));
  assert.ok(!isDataConsentQuestion(SCAR_TYPES));
});
