/** The widget's own words in English and Spanish, and the messages that tell the assistant
 * which language the visitor chose (the `language` entity of domain.yml fills the slot). */

export type Language = "en" | "es";
export const LANGUAGES: readonly Language[] = ["en", "es"];

/** "es" for "es", "ES", "es-MX"...; "en" for anything else (as bot/language does). */
export function languageOf(value: unknown): Language {
  return typeof value === "string" && value.trim().toLowerCase().replace("_", "-").split("-")[0] === "es"
    ? "es"
    : "en";
}

export function otherLanguage(language: Language): Language {
  return language === "es" ? "en" : "es";
}

/** The first message of a conversation: intent greet, in Spanish with the language entity. */
export function greetPayload(language: Language): string {
  return language === "es" ? '/greet{"language":"es"}' : "/greet";
}

/** The visitor chose `language` (the header's switch, or the page's). */
export function switchPayload(language: Language): string {
  return `/switch_language{"language":"${language}"}`;
}

export interface WidgetText {
  /** The default title and the line under it, used when the page sets none. */
  title: string;
  greeting: string;
  close: string;
  conversation: string;
  placeholder: string;
  messageLabel: string;
  send: string;
  footer: string;
  /** What a screen reader hears before each message. */
  assistant: string;
  you: string;
  suggested: string;
  calendarLink: string;
  offline: string;
  /** Before the consent question: text, the privacy page's link, text. */
  privacyNote: readonly [string, string, string];
  privacyNoteWithoutLink: string;
  clinicTeam: string;
  /** The header's switch, written in the language it switches to. */
  switchLabel: string;
  switchDescription: string;
}

export const TEXT: Readonly<Record<Language, WidgetText>> = {
  en: {
    title: "Ask the clinic",
    greeting: "Questions about micro-needling, PRP or prices? Ask here.",
    close: "Close the chat",
    conversation: "Conversation",
    placeholder: "Type your question…",
    messageLabel: "Your message",
    send: "Send",
    footer: "Automated assistant: general information, not medical advice. In an emergency, call 911.",
    assistant: "Assistant: ",
    you: "You: ",
    suggested: "Suggested answers",
    calendarLink: "Add the consultation to your calendar (.ics)",
    offline: "Connection lost. Reconnecting… Your messages will be sent when it is back.",
    privacyNote: [
      "Before you share contact details: how the clinic keeps and uses them is explained in our ",
      "privacy notice", ".",
    ],
    privacyNoteWithoutLink:
      "Before you share contact details: how the clinic keeps and uses them is explained in the clinic's privacy notice.",
    clinicTeam: "clinic team",
    switchLabel: "Español",
    switchDescription: "Cambiar el chat a español",
  },
  es: {
    title: "Pregúntele a la clínica",
    greeting: "¿Tiene preguntas sobre el microneedling, el PRP o los precios? Pregúntenos aquí.",
    close: "Cerrar el chat",
    conversation: "Conversación",
    placeholder: "Escriba su pregunta…",
    messageLabel: "Su mensaje",
    send: "Enviar",
    footer: "Asistente automático: información general, no es consejo médico. En una emergencia, llame al 911.",
    assistant: "Asistente: ",
    you: "Usted: ",
    suggested: "Respuestas sugeridas",
    calendarLink: "Agregue la consulta a su calendario (.ics)",
    offline: "Se perdió la conexión. Reconectando… Sus mensajes se mandarán en cuanto regrese.",
    privacyNote: [
      "Antes de darnos sus datos de contacto: en nuestro ",
      "aviso de privacidad", " le explicamos cómo los guarda y los usa la clínica.",
    ],
    privacyNoteWithoutLink:
      "Antes de darnos sus datos de contacto: en el aviso de privacidad de la clínica se explica cómo los guarda y los usa.",
    clinicTeam: "equipo de la clínica",
    switchLabel: "English",
    switchDescription: "Switch the chat to English",
  },
};

/** What the conversation kept in the tab needs to know about its language. */
export interface LanguageState {
  language?: Language;
  /** "/greet" was sent for this session. */
  greeted: boolean;
  /** The language changed (on the page) since the assistant was last told. */
  switchPending?: boolean;
  /** The language of the page the widget was last on. */
  pageLanguage?: Language;
}

/** The conversation's language as a page in `pageLanguage` loads: a new conversation takes
 * the page's; one already going keeps its own unless the visitor changed the page's language
 * since, which is a choice the assistant is then told about on the next open. A conversation
 * that went Spanish on the English page (the visitor wrote in Spanish) stays Spanish there. */
export function adoptPageLanguage(state: LanguageState, pageLanguage: Language): void {
  const current = state.language ?? "en";
  const lastPage = state.pageLanguage ?? current;
  state.pageLanguage = pageLanguage;
  if (!state.greeted) {
    state.language = pageLanguage;
  } else if (lastPage !== pageLanguage && current !== pageLanguage) {
    state.language = pageLanguage;
    state.switchPending = true;
  } else {
    state.language = current;
  }
}

/** The assistant's reply says the visitor's message set the conversation's language (the
 * `language` of a bot_uttered, bot/channels/socketio.py): follow it. True when it changed. */
export function followAssistant(state: LanguageState, told: unknown): boolean {
  if (told !== "en" && told !== "es") return false;
  if ((state.language ?? "en") === told) return false;
  state.language = told;
  state.switchPending = false;
  return true;
}

/** What to send when the panel opens: the greeting for a new conversation, the language
 * for one whose language changed meanwhile, nothing otherwise. Marks them as sent. */
export function payloadsOnOpen(state: LanguageState): string[] {
  const language = state.language ?? "en";
  if (!state.greeted) {
    state.greeted = true;
    state.switchPending = false;
    return [greetPayload(language)];
  }
  if (state.switchPending) {
    state.switchPending = false;
    return [switchPayload(language)];
  }
  return [];
}

/** The visitor pressed the header's switch: the new language and the message to send. */
export function switchLanguage(state: LanguageState): { language: Language; payload: string } {
  const language = otherLanguage(state.language ?? "en");
  state.language = language;
  state.switchPending = false;
  return { language, payload: switchPayload(language) };
}
