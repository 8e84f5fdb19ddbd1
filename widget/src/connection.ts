/** Rasa's socket.io channel (rasa/core/channels/socketio.py, session_persistence: true).
 *
 * Every (re)connection asks for the same session again (session_request) and sends nothing
 * until the server confirms it: only then has this socket joined the session's room, where
 * the replies are sent. Messages typed meanwhile wait here, in order. socket.io-client's own
 * buffer is not used for them because it would flush before the session_request.
 */

import { io, type Socket } from "socket.io-client";
import type { QuickReply } from "./questions";

/** What Rasa's SocketIOOutput emits as bot_uttered (staff_name: bot/channels/socketio.py). */
export interface BotMessage {
  text?: string;
  staff_name?: unknown;
  /** The language the visitor's message set the conversation to (bot/channels/socketio.py). */
  language?: unknown;
  quick_replies?: { content_type?: string; title?: string; payload?: string }[];
  attachment?: unknown;
}

export type Status = "connecting" | "online" | "offline";

export interface ConnectionEvents {
  message(message: BotMessage): void;
  status(status: Status): void;
}

export class Connection {
  private readonly socket: Socket;
  private confirmed = false;
  private readonly waiting: Utterance[] = [];

  constructor(
    serverUrl: string,
    path: string,
    private readonly sessionId: string,
    private readonly events: ConnectionEvents,
  ) {
    this.socket = io(serverUrl, {
      path,
      autoConnect: false,
      // Websocket first (no sticky sessions needed between polling requests); long-polling
      // where a proxy or network blocks websockets.
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      reconnection: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
      timeout: 10000,
    });
    this.socket.on("connect", () => {
      this.confirmed = false;
      this.socket.emit("session_request", { session_id: this.sessionId });
    });
    this.socket.on("session_confirm", () => {
      this.confirmed = true;
      this.events.status("online");
      this.flush();
    });
    this.socket.on("bot_uttered", (message: BotMessage) => this.events.message(message));
    this.socket.on("disconnect", (reason: Socket.DisconnectReason) => {
      this.confirmed = false;
      this.events.status("offline");
      // After a server-side disconnect socket.io does not retry by itself; a restarting
      // Rasa server is the case that matters here, so try again.
      if (reason === "io server disconnect") this.socket.connect();
    });
    this.socket.io.on("reconnect_attempt", () => this.events.status("offline"));
  }

  start(): void {
    if (!this.socket.connected && !this.socket.active) {
      this.events.status("connecting");
      this.socket.connect();
    }
  }

  get started(): boolean {
    return this.socket.active;
  }

  /** Send `message` now if the session is confirmed, else as soon as it is; `chosen` when it
   * is a button's payload rather than the visitor's own words. */
  send(message: string, chosen = false): void {
    this.waiting.push(utterance(message, this.sessionId, chosen));
    this.flush();
  }

  private flush(): void {
    while (this.confirmed && this.socket.connected && this.waiting.length > 0) {
      this.socket.emit("user_uttered", this.waiting.shift() as Utterance);
    }
  }
}

export interface Utterance {
  message: string;
  session_id: string;
  metadata?: { choice: true };
}

/** What goes to Rasa for one message. A chosen button's payload is marked, so the assistant
 * does not take its (English) words for the visitor's language. */
export function utterance(message: string, sessionId: string, chosen: boolean): Utterance {
  const said: Utterance = { message, session_id: sessionId };
  if (chosen) said.metadata = { choice: true };
  return said;
}

/** The buttons of a bot message that can be shown (a title and a payload each). */
export function quickReplies(message: BotMessage): QuickReply[] {
  return (message.quick_replies ?? [])
    .filter((r) => typeof r.title === "string" && typeof r.payload === "string")
    .map((r) => ({ title: r.title as string, payload: r.payload as string }));
}

/** The link a bot attachment carries: a bare URL (the booking's .ics file) or Rasa's image
 * payload; null for anything else. */
export function attachmentUrl(attachment: unknown): string | null {
  if (typeof attachment === "string") return attachment;
  if (typeof attachment === "object" && attachment !== null) {
    const payload = (attachment as { payload?: { src?: unknown } }).payload;
    if (typeof payload?.src === "string") return payload.src;
  }
  return null;
}
