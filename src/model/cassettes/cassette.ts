// The cassette format: a manifest plus one JSON file per HTTP exchange with the model provider.

import { z } from "../../protocol/zod.js";

export const CASSETTE_VERSION = 1;
export const MANIFEST_FILE = "manifest.json";

/** `manifest.json`: what was recorded, with which model and wire, and how many exchanges. */
export const CassetteManifest = z.object({
  version: z.literal(CASSETTE_VERSION),
  /** ISO time of the recording. */
  created: z.string(),
  codex_exec_version: z.string(),
  model: z.string(),
  wire: z.enum(["responses", "chat"]),
  count: z.number().check(z.int(), z.nonnegative()),
});
export type CassetteManifest = z.infer<typeof CassetteManifest>;

const HeaderMap = z.record(z.string(), z.string());

/** The request as sent, with secrets removed and run-specific values as `{{tokens}}`. */
export const RecordedRequest = z.object({
  method: z.string(),
  /** Relative to the provider's base URL, without the query: `/responses`, `/chat/completions`. */
  path: z.string(),
  headers: HeaderMap,
  /** The JSON body, normalised (`normalizeRequestBody`); null when there was none. */
  body: z.unknown(),
});
export type RecordedRequest = z.infer<typeof RecordedRequest>;

/** A streamed response: status, a safe subset of headers, and each SSE frame's data in order. */
const SseResponse = z.strictObject({
  status: z.number().check(z.int()),
  headers: HeaderMap,
  events: z.array(z.unknown()),
  /** Set when the stream broke (not by us) after these events; replay breaks it the same way. */
  stream_error: z.optional(z.string()),
});

/** Any other response (an HTTP error, a JSON body): the body as JSON, or as text when it is not JSON. */
const BodyResponse = z.strictObject({
  status: z.number().check(z.int()),
  headers: HeaderMap,
  body: z.unknown(),
});

/** The request never got a response (connection refused, reset before headers). */
const NetworkErrorResponse = z.strictObject({ network_error: z.string() });

export const RecordedResponse = z.union([SseResponse, BodyResponse, NetworkErrorResponse]);
export type RecordedResponse = z.infer<typeof RecordedResponse>;

/** One `NNNN.json` file. */
export const CassetteExchange = z.object({ request: RecordedRequest, response: RecordedResponse });
export type CassetteExchange = z.infer<typeof CassetteExchange>;

/** A loaded cassette; `source` names it in messages (the directory). */
export interface Cassette {
  source: string;
  manifest: CassetteManifest;
  exchanges: CassetteExchange[];
}

/** The file of exchange `n` (1-based): `0001.json`. */
export function exchangeFileName(n: number): string {
  return `${String(n).padStart(4, "0")}.json`;
}

/** Whether a file name is an exchange file of some cassette. */
export function isExchangeFileName(name: string): boolean {
  return /^\d{4,}\.json$/.test(name);
}

/** Files as JSON text: pretty, so cassettes review well in diffs. */
export function cassetteJson(value: CassetteManifest | CassetteExchange): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** `path: message` for the first problem zod found, for one-line errors. */
export function describeSchemaError(err: z.core.$ZodError): string {
  const issue = err.issues[0];
  if (!issue) return "invalid";
  const where = issue.path.length > 0 ? issue.path.map(String).join(".") : "(root)";
  return `${where}: ${issue.message}`;
}
