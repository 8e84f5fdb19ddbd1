/** The chat widget's interface: launcher, panel, messages, quick replies, composer.
 *
 * Bot and visitor text only ever reaches the page as text nodes (textContent) or as the href of
 * an http(s) link: never through innerHTML.
 */

import { heading, type WidgetConfig } from "./config";
import { attachmentUrl, type BotMessage, Connection, quickReplies, type Status } from "./connection";
import {
  adoptPageLanguage, followAssistant, type Language, payloadsOnOpen, switchLanguage, TEXT,
  type WidgetText,
} from "./language";
import { safeHttpUrl, splitLinks } from "./links";
import { isDataConsentQuestion, isScarTypeQuestion, type QuickReply, SCAR_PICTURES } from "./questions";
import { authorLine, spokenAuthor, staffName } from "./staff";
import type { Conversation, ConversationStore, Entry } from "./storage";
import css from "./widget.css";
import boxcarSvg from "./icons/boxcar.svg";
import chatSvg from "./icons/chat.svg";
import closeSvg from "./icons/close.svg";
import icepickSvg from "./icons/icepick.svg";
import rollingSvg from "./icons/rolling.svg";
import sendSvg from "./icons/send.svg";

const PICTURES: Record<string, string> = { icepick: icepickSvg, boxcar: boxcarSvg, rolling: rollingSvg };
/** Stop showing "typing" if no reply came (a message lost while the server restarted). */
const TYPING_TIMEOUT_MS = 30000;
/** A short drop (a reconnect within this time) is not worth a warning. */
const OFFLINE_NOTICE_DELAY_MS = 1500;
const PHONE_LAYOUT = "(max-width: 600px)";
const MAX_MESSAGE_LENGTH = 1000;

type Attributes = Record<string, string>;

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K, className = "", attributes: Attributes = {}, text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** One of our own SVG files as an element, decorative (the button's words are its name). */
function icon(svg: string): Element {
  const parsed = new DOMParser().parseFromString(svg, "image/svg+xml").documentElement;
  const node = document.importNode(parsed, true);
  node.setAttribute("aria-hidden", "true");
  node.setAttribute("focusable", "false");
  return node;
}

function link(href: string, text: string): HTMLAnchorElement {
  // A new tab keeps the conversation on screen; noopener so the page cannot reach back.
  const a = element("a", "", { href, target: "_blank", rel: "noopener noreferrer" }, text);
  return a;
}

function linkified(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const segment of splitLinks(text)) {
    fragment.append(
      segment.kind === "link" ? link(segment.href, segment.text) : document.createTextNode(segment.text),
    );
  }
  return fragment;
}

const TIME_FORMAT = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });

/** A colour's relative luminance (WCAG), from the rgb() string getComputedStyle gives. */
function luminance(rgb: string): number | null {
  const parts = rgb.match(/[\d.]+/g);
  if (!parts || parts.length < 3) return null;
  const [r, g, b] = parts.slice(0, 3).map((p) => {
    const c = Number(p) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export class ChatWidget {
  private readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  private readonly frame: HTMLElement;
  private readonly launcher: HTMLButtonElement;
  private readonly launcherLabel: HTMLElement;
  private readonly unread: HTMLElement;
  private readonly title: HTMLElement;
  private readonly greeting: HTMLElement;
  private readonly languageButton: HTMLButtonElement;
  private readonly closeButton: HTMLButtonElement;
  private readonly inputLabel: HTMLElement;
  private readonly send: HTMLButtonElement;
  private readonly footer: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly status: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly log: HTMLOListElement;
  private readonly typing: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly conversation: Conversation;
  private connection: Connection | null = null;
  private activeReplies: HTMLElement[] = [];
  private typingTimer: number | undefined;
  private offlineTimer: number | undefined;
  private pageOverflow: string | null = null;

  constructor(private readonly config: WidgetConfig, private readonly store: ConversationStore) {
    this.conversation = store.load();
    adoptPageLanguage(this.conversation, config.language);
    this.host = element("div", "", { id: "clinic-chat-widget" });
    this.root = this.host.attachShadow({ mode: "open" });
    this.adoptStyles();

    this.frame = element("div", `frame ${config.position}`);
    this.launcher = element("button", "launcher", {
      type: "button", "aria-haspopup": "dialog", "aria-expanded": "false", "aria-controls": "ccw-panel",
    });
    this.unread = element("span", "unread", { hidden: "" });
    this.launcherLabel = element("span");
    this.launcher.append(icon(chatSvg), this.launcherLabel, this.unread);

    this.panel = element("section", "panel", {
      id: "ccw-panel", role: "dialog", "aria-labelledby": "ccw-title", "aria-describedby": "ccw-greeting",
      tabindex: "-1", hidden: "",
    });
    const header = element("div", "header");
    const headerText = element("div", "header-text");
    this.title = element("h2", "title", { id: "ccw-title" });
    this.greeting = element("p", "greeting", { id: "ccw-greeting" });
    headerText.append(this.title, this.greeting);
    this.languageButton = element("button", "language", { type: "button" });
    const close = element("button", "close", { type: "button" });
    this.closeButton = close;
    close.append(icon(closeSvg));
    header.append(headerText, this.languageButton, close);

    this.status = element("p", "status", { role: "status", hidden: "" });
    this.scroller = element("div", "scroller");
    // role=log is polite by default; said outright for screen readers that ignore the role.
    this.log = element("ol", "log", { role: "log", "aria-live": "polite" });
    this.typing = element("div", "typing", { hidden: "", "aria-hidden": "true" });
    this.typing.append(element("span"), element("span"), element("span"));
    this.scroller.append(this.log, this.typing);

    const composer = element("form", "composer");
    this.input = element("input", "", {
      id: "ccw-input", type: "text", autocomplete: "off", enterkeyhint: "send",
      maxlength: String(MAX_MESSAGE_LENGTH),
    });
    this.inputLabel = element("label", "visually-hidden", { for: "ccw-input" });
    this.send = element("button", "send", { type: "submit" });
    this.send.append(icon(sendSvg));
    composer.append(this.inputLabel, this.input, this.send);
    this.footer = element("p", "footer");

    this.panel.append(header, this.status, this.scroller, composer, this.footer);
    this.frame.append(this.panel, this.launcher);
    this.root.append(this.frame);

    this.launcher.addEventListener("click", () => (this.isOpen ? this.close() : this.open()));
    close.addEventListener("click", () => this.close());
    this.languageButton.addEventListener("click", () => this.switchLanguage());
    this.showText();
    this.save();
    this.panel.addEventListener("keydown", (event) => this.onKeydown(event));
    composer.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submitTyped();
    });
    for (const entry of this.conversation.history) this.render(entry, false);
    this.showRepliesOfLastQuestion();
  }

  /** Put the widget on the page; reopen it if it was open before a reload or navigation. */
  mount(parent: HTMLElement): void {
    parent.append(this.host);
    this.applyColors();
    if (this.conversation.open) this.open(false);
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  open(moveFocus = true): void {
    const phone = window.matchMedia(PHONE_LAYOUT).matches;
    this.panel.hidden = false;
    // Full screen on a phone: the page behind is out of reach, as in a modal dialog.
    this.panel.setAttribute("aria-modal", String(phone));
    this.frame.classList.add("open");
    this.launcher.setAttribute("aria-expanded", "true");
    this.unread.hidden = true;
    this.conversation.open = true;
    this.save();
    this.followViewport(true);
    this.scrollToEnd();
    this.connect();
    const payloads = payloadsOnOpen(this.conversation);
    this.save();
    for (const payload of payloads) this.sendPayload(payload);
    if (!moveFocus) return;
    // On a phone, focus on the input would open the on-screen keyboard over the greeting
    // before the visitor chose to type; the panel itself takes focus there.
    if (phone) this.panel.focus();
    else this.input.focus();
  }

  close(): void {
    this.panel.hidden = true;
    this.frame.classList.remove("open");
    this.launcher.setAttribute("aria-expanded", "false");
    this.conversation.open = false;
    this.save();
    this.followViewport(false);
    this.launcher.focus();
  }

  private get language(): Language {
    return this.conversation.language ?? "en";
  }

  private get text(): WidgetText {
    return TEXT[this.language];
  }

  /** The widget's own words in the conversation's language (messages already shown stay). */
  private showText(): void {
    const text = this.text;
    const { title, greeting } = heading(this.config, this.language, text);
    this.host.lang = this.language;
    this.launcherLabel.textContent = title;
    this.title.textContent = title;
    this.greeting.textContent = greeting;
    this.languageButton.textContent = text.switchLabel;
    this.languageButton.lang = this.language === "es" ? "en" : "es";
    this.languageButton.setAttribute("aria-label", text.switchDescription);
    this.closeButton.setAttribute("aria-label", text.close);
    this.log.setAttribute("aria-label", text.conversation);
    this.input.placeholder = text.placeholder;
    this.inputLabel.textContent = text.messageLabel;
    this.send.setAttribute("aria-label", text.send);
    this.footer.textContent = text.footer;
    if (!this.status.hidden) this.status.textContent = text.offline;
    for (const group of this.activeReplies) group.setAttribute("aria-label", text.suggested);
  }

  /** The header's switch: tell the assistant, and say the widget's own words in it. */
  private switchLanguage(): void {
    const label = this.text.switchLabel;
    const { payload } = switchLanguage(this.conversation);
    this.showText();
    this.visitorSays(label, payload);
  }

  private connect(): void {
    if (this.connection === null) {
      this.connection = new Connection(this.config.serverUrl, this.config.socketPath,
        this.conversation.sessionId, {
          message: (message) => this.receive(message),
          status: (status) => this.showStatus(status),
        });
    }
    this.connection.start();
  }

  private receive(message: BotMessage): void {
    this.hideTyping();
    if (followAssistant(this.conversation, message.language)) this.showText();
    const at = Date.now();
    const entries: Entry[] = [];
    const buttons = quickReplies(message);
    const staff = staffName(message.staff_name);
    if (typeof message.text === "string" && message.text.trim()) {
      entries.push({
        from: "bot", at, text: message.text, ...(buttons.length ? { buttons } : {}), ...(staff ? { staff } : {}),
      });
    } else if (buttons.length) {
      entries.push({ from: "bot", at, buttons });
    }
    const url = attachmentUrl(message.attachment);
    const href = url === null ? null : safeHttpUrl(url);
    if (href !== null) entries.push({ from: "bot", at, link: href });
    for (const entry of entries) {
      this.conversation.history.push(entry);
      this.render(entry, true);
    }
    this.save();
    if (!this.isOpen && entries.length) this.unread.hidden = false;
  }

  private submitTyped(): void {
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = "";
    this.visitorSays(text, text);
  }

  /** Show `shown` as the visitor's message and send `payload` to the assistant. */
  private visitorSays(shown: string, payload: string, chosen = false): void {
    const entry: Entry = { from: "visitor", at: Date.now(), text: shown };
    this.conversation.history.push(entry);
    this.save();
    this.clearReplies();
    this.render(entry, true);
    this.sendPayload(payload, chosen);
  }

  private sendPayload(payload: string, chosen = false): void {
    this.connect();
    this.connection?.send(payload, chosen);
    this.showTyping();
  }

  private render(entry: Entry, live: boolean): void {
    if (entry.from === "bot" && entry.buttons && isDataConsentQuestion(entry.buttons)) {
      this.log.append(this.privacyNote());
    }
    if (entry.text !== undefined || entry.link !== undefined) {
      const staff = entry.from === "bot" ? staffName(entry.staff) : null;
      const item = element("li", staff ? "msg bot staff" : `msg ${entry.from}`);
      // The visible name is for sighted visitors; a screen reader hears it in the bubble's label.
      const text = this.text;
      if (staff) {
        item.append(element("span", "author", { "aria-hidden": "true" }, authorLine(staff, this.language)));
      }
      const bubble = element("div", "bubble");
      const speaker = staff ? spokenAuthor(staff, this.language)
        : entry.from === "bot" ? text.assistant : text.you;
      bubble.append(element("span", "visually-hidden", {}, speaker));
      if (entry.text !== undefined) bubble.append(linkified(entry.text));
      if (entry.link !== undefined) bubble.append(link(entry.link, entry.link.endsWith(".ics")
        ? text.calendarLink : entry.link));
      const when = new Date(entry.at);
      item.append(bubble, element("time", "", { datetime: when.toISOString() }, TIME_FORMAT.format(when)));
      this.log.append(item);
    }
    if (live && entry.from === "bot" && entry.buttons?.length) this.showReplies(entry.buttons);
    if (live) this.scrollToEnd();
  }

  private privacyNote(): HTMLElement {
    const note = element("li", "note");
    const text = this.text;
    if (this.config.privacyUrl) {
      const [before, linkText, after] = text.privacyNote;
      note.append(before, link(this.config.privacyUrl, linkText), after);
    } else {
      note.append(text.privacyNoteWithoutLink);
    }
    return note;
  }

  /** After a reload: the buttons of the bot's messages since the visitor last spoke. */
  private showRepliesOfLastQuestion(): void {
    const history = this.conversation.history;
    let first = history.length;
    while (first > 0 && history[first - 1].from === "bot") first -= 1;
    for (const entry of history.slice(first)) {
      if (entry.buttons?.length) this.showReplies(entry.buttons);
    }
  }

  private showReplies(buttons: QuickReply[]): void {
    const pictures = isScarTypeQuestion(buttons);
    const group = element("li", pictures ? "replies pictures" : "replies", {
      role: "group", "aria-label": this.text.suggested,
    });
    for (const button of buttons) {
      const picture = pictures ? SCAR_PICTURES[button.payload] : undefined;
      const reply = element("button", picture ? "reply picture" : "reply", { type: "button" });
      if (picture) reply.append(icon(PICTURES[picture]));
      reply.append(element("span", "", {}, button.title));
      reply.addEventListener("click", () => this.visitorSays(button.title, button.payload, true));
      group.append(reply);
    }
    this.log.append(group);
    this.activeReplies.push(group);
  }

  private clearReplies(): void {
    const hadFocus = this.activeReplies.some((group) => group.contains(this.root.activeElement));
    for (const group of this.activeReplies) group.remove();
    this.activeReplies = [];
    if (hadFocus) this.input.focus();
  }

  private showTyping(): void {
    this.typing.hidden = false;
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => this.hideTyping(), TYPING_TIMEOUT_MS);
    this.scrollToEnd();
  }

  private hideTyping(): void {
    window.clearTimeout(this.typingTimer);
    this.typing.hidden = true;
  }

  private showStatus(status: Status): void {
    window.clearTimeout(this.offlineTimer);
    if (status === "online" || status === "connecting") {
      this.status.hidden = true;
      this.status.textContent = "";
      return;
    }
    this.offlineTimer = window.setTimeout(() => {
      this.status.textContent = this.text.offline;
      this.status.hidden = false;
    }, OFFLINE_NOTICE_DELAY_MS);
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === "Escape") {
      event.preventDefault();
      this.close();
    } else if (event.key === "Tab" && window.matchMedia(PHONE_LAYOUT).matches) {
      this.keepFocusInside(event);
    }
  }

  /** On a phone the panel covers the page, so Tab cycles within it instead of reaching
   * controls hidden behind it. */
  private keepFocusInside(event: KeyboardEvent): void {
    const focusable = Array.from(this.panel.querySelectorAll<HTMLElement>("a[href], button, input"))
      .filter((node) => !node.hasAttribute("disabled") && node.getClientRects().length > 0);
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = this.root.activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  /** Size the full-screen phone panel to the visible viewport, which shrinks when the
   * on-screen keyboard opens while 100dvh may not; and keep the page behind from scrolling. */
  private readonly fitViewport = (): void => {
    const viewport = window.visualViewport;
    if (!viewport) return;
    this.host.style.setProperty("--ccw-viewport-height", `${viewport.height}px`);
    this.host.style.setProperty("--ccw-viewport-top", `${viewport.offsetTop}px`);
    if (this.isOpen) this.scrollToEnd();
  };

  private followViewport(on: boolean): void {
    const viewport = window.visualViewport;
    const page = document.documentElement.style;
    if (on) {
      viewport?.addEventListener("resize", this.fitViewport);
      viewport?.addEventListener("scroll", this.fitViewport);
      this.fitViewport();
      if (window.matchMedia(PHONE_LAYOUT).matches && this.pageOverflow === null) {
        this.pageOverflow = page.overflow;
        page.overflow = "hidden";
      }
    } else {
      viewport?.removeEventListener("resize", this.fitViewport);
      viewport?.removeEventListener("scroll", this.fitViewport);
      if (this.pageOverflow !== null) {
        page.overflow = this.pageOverflow;
        this.pageOverflow = null;
      }
    }
  }

  private scrollToEnd(): void {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  private save(): void {
    this.store.save(this.conversation);
  }

  /** Constructed stylesheets are not inline styles, so a page whose Content-Security-Policy
   * forbids 'unsafe-inline' styles still shows the widget styled. */
  private adoptStyles(): void {
    if ("adoptedStyleSheets" in this.root && typeof CSSStyleSheet.prototype.replaceSync === "function") {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      this.root.adoptedStyleSheets = [sheet];
    } else {
      this.root.append(element("style", "", {}, css));
    }
  }

  /** The configured colour, with text on it (and links in its colour) kept readable. */
  private applyColors(): void {
    const style = this.host.style;
    style.setProperty("--ccw-primary", this.config.primaryColor);
    const probe = element("span");
    probe.style.color = this.config.primaryColor;
    this.root.append(probe);
    const primary = luminance(getComputedStyle(probe).color);
    probe.remove();
    if (primary === null) return;
    // Contrast against white (4.5:1 needs luminance <= 0.183) decides the text on the colour.
    style.setProperty("--ccw-on-primary", primary <= 0.183 ? "#ffffff" : "#111111");
    style.setProperty("--ccw-primary-text", primary <= 0.183 ? this.config.primaryColor : "#1c2429");
  }
}
