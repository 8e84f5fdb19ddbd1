/** The conversation kept in the browser tab: its session id and what was said.
 *
 * sessionStorage, not localStorage: a clinic's visitors may use a shared computer (the waiting
 * room's, a library's). sessionStorage ends with the tab, so the next person to sit down does
 * not find the last one's health questions, and the session id (which lets whoever holds it
 * continue the conversation) is not left behind. It survives reloads and navigation within
 * the site, which is what the conversation needs.
 */

import { type Language, languageOf } from "./language";
import type { QuickReply } from "./questions";

export interface Entry {
  from: "bot" | "visitor";
  /** Milliseconds since the epoch. */
  at: number;
  text?: string;
  buttons?: QuickReply[];
  /** The first name of the staff member who wrote it; none for the assistant's messages. */
  staff?: string;
  /** A link the bot sent as an attachment, e.g. a booked consultation's .ics file. */
  link?: string;
}

export interface Conversation {
  sessionId: string;
  history: Entry[];
  /** "/greet" was sent for this session. */
  greeted: boolean;
  open: boolean;
  /** The language the conversation is in (the widget's words follow it). */
  language?: Language;
  /** The page's language changed since the assistant was last told. */
  switchPending?: boolean;
  /** The language of the page the widget was last on. */
  pageLanguage?: Language;
}

/** The history kept: enough for any intake and booking, bounded for sessionStorage's quota. */
export const MAX_ENTRIES = 300;
export const STORAGE_KEY = "clinic-chat.v1";
const SESSION_ID = /^[0-9a-f]{64}$/;

/** 256 random bits as hex: the session id is the conversation's only credential. */
export function newSessionId(random: (bytes: Uint8Array) => Uint8Array): string {
  return Array.from(random(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");
}

function isEntry(value: unknown): value is Entry {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (entry.from === "bot" || entry.from === "visitor") && typeof entry.at === "number";
}

export class ConversationStore {
  constructor(
    private readonly storage: Pick<Storage, "getItem" | "setItem"> | null,
    private readonly random: (bytes: Uint8Array) => Uint8Array,
  ) {}

  /** The stored conversation, or a new one when there is none (or it is unreadable). */
  load(): Conversation {
    try {
      const saved = JSON.parse(this.storage?.getItem(STORAGE_KEY) ?? "null") as unknown;
      if (typeof saved === "object" && saved !== null) {
        const c = saved as Record<string, unknown>;
        if (typeof c.sessionId === "string" && SESSION_ID.test(c.sessionId)) {
          return {
            sessionId: c.sessionId,
            history: Array.isArray(c.history) ? c.history.filter(isEntry) : [],
            greeted: c.greeted === true,
            open: c.open === true,
            ...(c.language === undefined ? {} : { language: languageOf(c.language) }),
            switchPending: c.switchPending === true,
            ...(c.pageLanguage === undefined ? {} : { pageLanguage: languageOf(c.pageLanguage) }),
          };
        }
      }
    } catch {
      // Unreadable (or storage refused): start afresh rather than break the page.
    }
    return { sessionId: newSessionId(this.random), history: [], greeted: false, open: false };
  }

  save(conversation: Conversation): void {
    const kept = { ...conversation, history: conversation.history.slice(-MAX_ENTRIES) };
    try {
      this.storage?.setItem(STORAGE_KEY, JSON.stringify(kept));
    } catch {
      // Storage full or disabled (private browsing): the chat goes on, without surviving a reload.
    }
  }
}
