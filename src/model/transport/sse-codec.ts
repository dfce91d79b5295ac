// Server-sent events as cassettes store them: one `data:` payload per frame, decoded from and encoded to SSE text.

import { createParser } from "eventsource-parser";

/**
 * Data as a cassette stores it (an SSE frame's, or a whole body's): the parsed JSON when it is an
 * object or array, else the raw text (`[DONE]`, an HTML error page, a malformed payload), which must
 * replay byte for byte.
 */
export function jsonOrText(data: string): unknown {
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed === "object" && parsed !== null) return parsed;
  } catch {
    // Not JSON: kept as text, below.
  }
  return data;
}

/**
 * One frame of SSE text for a stored value. Objects with a string `type` (every Responses event) get
 * `event: <type>` as the API sends it; Chat Completions chunks have no `type` and no event line.
 */
export function encodeSseFrame(value: unknown): string {
  const data = typeof value === "string" ? value : JSON.stringify(value);
  const type = typeof value === "object" && value !== null && !Array.isArray(value) ? Object.getOwnPropertyDescriptor(value, "type")?.value : undefined;
  const event = typeof type === "string" ? `event: ${type}\n` : "";
  return `${event}${data.split("\n").map((line) => `data: ${line}`).join("\n")}\n\n`;
}

/** Decodes SSE text pushed in arbitrary chunks into the data values of its complete frames (framing by eventsource-parser). */
export class SseFrameDecoder {
  readonly values: unknown[] = [];
  // Comment-only frames (keep-alives) carry no data and are not events: the parser skips them.
  private readonly parser = createParser({ onEvent: (event) => this.values.push(jsonOrText(event.data)) });

  push(text: string): void {
    this.parser.feed(text);
  }
}
