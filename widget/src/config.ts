/** The page's window.ClinicChatConfig, checked and completed with defaults. */

import { type Language, languageOf } from "./language";
import { safeHttpUrl } from "./links";

export interface WidgetConfig {
  /** Where the Rasa server is reached, e.g. "https://chat.clinic.example". */
  serverUrl: string;
  /** The socket.io path of Rasa's channel (credentials.yml socketio_path). */
  socketPath: string;
  /** The clinic's privacy page, shown before the contact questions. */
  privacyUrl: string;
  /** The page's language: a new conversation starts in it. */
  language: Language;
  /** The clinic's own title, shown as written; empty: the widget's, in the visitor's language. */
  title: string;
  /** A line under the title, e.g. what the assistant can help with; empty: the widget's. */
  greeting: string;
  /** The clinic's title and line for a conversation in Spanish; empty: the two above. */
  titleEs: string;
  greetingEs: string;
  primaryColor: string;
  position: "left" | "right";
}

export const DEFAULTS: WidgetConfig = {
  serverUrl: "",
  socketPath: "/socket.io",
  privacyUrl: "/privacy",
  language: "en",
  title: "",
  greeting: "",
  titleEs: "",
  greetingEs: "",
  primaryColor: "#1f5f7a",
  position: "right",
};

const HEX_OR_FUNCTION_COLOR = /^(#[0-9a-f]{3,8}|(rgb|rgba|hsl|hsla)\([0-9.,%\s/a-z-]+\))$/i;

function text(value: unknown, fallback: string, maxLength = 200): string {
  return typeof value === "string" && value.trim() ? value.trim().slice(0, maxLength) : fallback;
}

/** A CSS colour that cannot break out of the custom property it is written into. */
export function safeColor(value: unknown, fallback: string): string {
  return typeof value === "string" && HEX_OR_FUNCTION_COLOR.test(value.trim())
    ? value.trim()
    : fallback;
}

/** The header's title and the line under it in `language`: the clinic's own (its Spanish ones
 * while the conversation is in Spanish, else as written), or the widget's `own` words. */
export function heading(
  config: WidgetConfig, language: Language, own: { title: string; greeting: string },
): { title: string; greeting: string } {
  const spanish = language === "es";
  return {
    title: (spanish && config.titleEs) || config.title || own.title,
    greeting: (spanish && config.greetingEs) || config.greeting || own.greeting,
  };
}

/** The configuration from `raw` (anything a page may have set); `pageUrl` resolves relative
 * URLs. An unusable server URL falls back to the page's own origin. */
export function readConfig(raw: unknown, pageUrl: string): WidgetConfig {
  const given = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const server = safeHttpUrl(text(given.serverUrl, ""), pageUrl) ?? new URL(pageUrl).origin;
  const socketPath = text(given.socketPath, DEFAULTS.socketPath);
  return {
    serverUrl: new URL(server).origin,
    socketPath: socketPath.startsWith("/") ? socketPath : `/${socketPath}`,
    privacyUrl: safeHttpUrl(text(given.privacyUrl, DEFAULTS.privacyUrl), pageUrl) ?? "",
    language: languageOf(given.language),
    title: text(given.title, DEFAULTS.title, 60),
    greeting: text(given.greeting, DEFAULTS.greeting),
    titleEs: text(given.titleEs, DEFAULTS.titleEs, 60),
    greetingEs: text(given.greetingEs, DEFAULTS.greetingEs),
    primaryColor: safeColor(given.primaryColor, DEFAULTS.primaryColor),
    position: given.position === "left" ? "left" : "right",
  };
}
