/** Bot text split into plain text and http(s) links, so links can be rendered as <a> elements
 * and everything else as text nodes: nothing a bot or visitor writes is ever parsed as HTML. */

export type Segment = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

const URL_CANDIDATE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Punctuation that ends a sentence rather than the URL: "see https://x.example/a."
const TRAILING_PUNCTUATION = /[.,;:!?'"\]]+$/;

/** The http(s) URL `candidate` stands for, or null when it is not one. */
export function safeHttpUrl(candidate: string, base?: string): string | null {
  try {
    const url = base === undefined ? new URL(candidate) : new URL(candidate, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function trimUrl(raw: string): string {
  let url = raw.replace(TRAILING_PUNCTUATION, "");
  // A closing parenthesis belongs to the URL only when the URL opened one: "(see https://x/y)".
  while (url.endsWith(")") && count(url, "(") < count(url, ")")) {
    url = url.slice(0, -1).replace(TRAILING_PUNCTUATION, "");
  }
  return url;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

export function splitLinks(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_CANDIDATE)) {
    const start = match.index ?? 0;
    const raw = trimUrl(match[0]);
    const href = safeHttpUrl(raw);
    if (href === null) continue;
    if (start > last) segments.push({ kind: "text", text: text.slice(last, start) });
    segments.push({ kind: "link", text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) segments.push({ kind: "text", text: text.slice(last) });
  return segments;
}
