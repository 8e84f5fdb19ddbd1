/** Questions of the assistant the widget shows differently from other channels, recognised by
 * their buttons' payloads (domain.yml), so the bot's wording can change freely. */

export interface QuickReply {
  title: string;
  payload: string;
}

/** utter_ask_scar_types: these payloads get a drawing; the other choices keep their words. */
export const SCAR_PICTURES: Readonly<Record<string, "icepick" | "boxcar" | "rolling">> = {
  "ice-pick": "icepick",
  boxcar: "boxcar",
  rolling: "rolling",
};

export function isScarTypeQuestion(buttons: readonly QuickReply[]): boolean {
  const payloads = new Set(buttons.map((b) => b.payload));
  return Object.keys(SCAR_PICTURES).every((payload) => payloads.has(payload));
}

/** utter_ask_data_consent and utter_ask_quick_consent: the questions just before a visitor's
 * name and number. Their payloads are plain "yes"/"no", like the optional marketing question's,
 * so the agreeing button's title tells them apart ("Yes, I agree" or "Sí, estoy de acuerdo", not
 * "Yes, send me offers" or "Sí, mándenme ofertas"). */
export function isDataConsentQuestion(buttons: readonly QuickReply[]): boolean {
  const payloads = buttons.map((b) => b.payload.trim().toLowerCase()).sort();
  if (payloads.join("|") !== "no|yes") return false;
  const agree = buttons.find((b) => b.payload.trim().toLowerCase() === "yes");
  return agree !== undefined && /\bagree\b|de acuerdo/i.test(agree.title);
}
