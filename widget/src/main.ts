/** Entry point: `<script src=".../widget.js" defer>` after `window.ClinicChatConfig = {...}`. */

import { readConfig } from "./config";
import { ConversationStore } from "./storage";
import { ChatWidget } from "./widget";

declare global {
  interface Window {
    ClinicChatConfig?: unknown;
  }
}

function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage; // throws where storage is blocked (some privacy settings)
  } catch {
    return null;
  }
}

function start(): void {
  if (document.getElementById("clinic-chat-widget")) return; // the snippet pasted twice
  const config = readConfig(window.ClinicChatConfig, window.location.href);
  const store = new ConversationStore(sessionStorageOrNull(), (bytes) => crypto.getRandomValues(bytes));
  new ChatWidget(config, store).mount(document.body);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start, { once: true });
} else {
  start();
}
