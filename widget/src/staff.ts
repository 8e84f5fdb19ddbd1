/** Messages a staff member wrote after taking over the conversation: Rasa's socket.io output
 * (bot/channels/socketio.py) adds `staff_name` to them; the assistant's own carry none. */

import { type Language, TEXT } from "./language";

/** As the portal allows (bot/web/staff/takeover.py MAX_NAME). */
export const MAX_STAFF_NAME = 40;

/** The name to show, or null for the assistant's messages (and anything unusable). */
export function staffName(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const name = value.trim();
  return name && name.length <= MAX_STAFF_NAME ? name : null;
}

/** Shown above the staff member's bubble. */
export function authorLine(name: string, language: Language = "en"): string {
  return `${name} · ${TEXT[language].clinicTeam}`;
}

/** What a screen reader hears before the staff member's words. */
export function spokenAuthor(name: string, language: Language = "en"): string {
  return `${name}, ${TEXT[language].clinicTeam}: `;
}
