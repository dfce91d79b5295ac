// A model request as a cassette stores and compares it: secrets gone, volatile values made stable.

import type { RecordedRequest } from "./cassette.js";
import { insertTokens, mapStrings, redactSecrets, type Placeholder } from "./placeholders.js";

/** What makes a request portable: the run's values to tokenise and the secrets to remove. */
export interface NormalizeContext {
  /** The provider base URL the request was sent to; recorded paths are relative to it. */
  baseUrl: string;
  placeholders: readonly Placeholder[];
  secrets: readonly string[];
}

/** Headers that authenticate or identify the caller, or vary by machine; never recorded. */
const DROPPED_HEADER = /^(authorization|proxy-authorization|api-key|x-api-key|cookie|set-cookie|openai-organization|openai-project|user-agent|x-stainless-.*)$/;
/** Any other header whose name suggests a credential is dropped too. */
const CREDENTIAL_NAME = /key|token|secret|auth|cookie|password|session-token/;

/** The request the SDK is about to send, normalised. */
export function normalizeRequest(input: string | URL | Request, init: RequestInit | undefined, ctx: NormalizeContext): RecordedRequest {
  const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
  const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
  return {
    method,
    path: relativePath(url.pathname, ctx.baseUrl),
    headers: normalizeHeaders(new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)), ctx),
    body: normalizeRequestBody(parseBody(init?.body), ctx),
  };
}

/**
 * The body with run values as tokens, secrets redacted, and the parts that change on every run or
 * machine replaced: the date, time zone and shell of `<environment_context>`, the temp directories
 * among the writable roots, the chunk id and wall time of tool outputs.
 */
export function normalizeRequestBody(body: unknown, ctx: Pick<NormalizeContext, "placeholders" | "secrets">): unknown {
  return mapStrings(redactSecrets(insertTokens(body, ctx.placeholders), ctx.secrets), stabilizeText);
}

/** Request headers worth keeping: no credentials, machine details or SDK telemetry. */
export function normalizeHeaders(headers: Headers, ctx: Pick<NormalizeContext, "placeholders" | "secrets">): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers.entries()) {
    if (DROPPED_HEADER.test(name) || CREDENTIAL_NAME.test(name)) continue;
    out[name] = redactSecrets(insertTokens(value, ctx.placeholders), ctx.secrets);
  }
  return out;
}

/** The permissions message's list of writable roots (agent/initial-context.ts writes it). */
const WRITABLE_ROOTS = / The writable roots? (?:is|are) (`[^`\n]*`(?:, `[^`\n]*`)*)\./g;
/** Roots that depend on the machine, not the run: `/tmp` (when it exists) and `$TMPDIR` (as its token). */
const TEMP_ROOTS = new Set(["/tmp", "/private/tmp", "{{tmpdir}}"]);

/**
 * The permissions message without the temp directories among its writable roots: whether `/tmp`
 * exists and where `$TMPDIR` points differ between machines, so a cassette must not depend on them.
 */
function withoutTempRoots(text: string): string {
  return text.replace(WRITABLE_ROOTS, (_whole, list: string) => {
    const roots = list
      .slice(1, -1)
      .split("`, `")
      .filter((root) => !TEMP_ROOTS.has(root))
      .map((root) => `\`${root}\``);
    if (roots.length === 0) return "";
    return roots.length === 1 ? ` The writable root is ${roots[0]}.` : ` The writable roots are ${roots.join(", ")}.`;
  });
}

function stabilizeText(text: string): string {
  return withoutTempRoots(text)
    .replace(/<current_date>[^<]*<\/current_date>/g, "<current_date>{{date}}</current_date>")
    .replace(/<timezone>[^<]*<\/timezone>/g, "<timezone>{{timezone}}</timezone>")
    .replace(/<shell>[^<]*<\/shell>/g, "<shell>{{shell}}</shell>")
    .replace(/^Chunk ID: [0-9a-f]+$/gm, "Chunk ID: {{chunk_id}}")
    .replace(/^Wall time: \d+(?:\.\d+)? seconds$/gm, "Wall time: {{wall_time}} seconds");
}

/** `/v1/responses` under base `…/v1` → `/responses`; other paths are kept whole. */
function relativePath(pathname: string, baseUrl: string): string {
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
  return basePath !== "" && pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : pathname;
}

function parseBody(body: RequestInit["body"] | undefined): unknown {
  if (typeof body !== "string") return null;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
