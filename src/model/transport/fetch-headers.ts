// A WHATWG `Headers` that does not load undici: Node 20 builds the global one (and ~10 MB of undici) on first touch.
//
// Used for the responses of our node:http fetch and, through the build (scripts/build.mjs), as the SDK's
// `Headers` inside the bundle, so a plain run never loads undici (README "Performance"). `instanceof`
// accepts real Headers too, so code holding either kind treats them alike.

type HeadersInitLike = Iterable<readonly [string, string]> | Record<string, string> | { forEach(cb: (value: string, name: string) => void): void };

/** RFC 9110 token: what a header name may consist of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** HTTP whitespace around a value is not part of it. */
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

export class FetchHeaders {
  // Lower-case name → values in order (joined with ", " when read, except set-cookie).
  private readonly map = new Map<string, string[]>();

  constructor(init?: HeadersInitLike) {
    if (init === undefined || init === null) return;
    if (typeof (init as { forEach?: unknown }).forEach === "function" && !Array.isArray(init)) {
      (init as { forEach(cb: (value: string, name: string) => void): void }).forEach((value, name) => this.append(name, value));
    } else if (Symbol.iterator in init) {
      for (const [name, value] of init as Iterable<readonly [string, string]>) this.append(name, value);
    } else {
      for (const [name, value] of Object.entries(init)) this.append(name, value);
    }
  }

  /** True for this class and for the platform's Headers (by tag, without touching the global). */
  static [Symbol.hasInstance](value: unknown): boolean {
    return Object.prototype.toString.call(value) === "[object Headers]";
  }

  get [Symbol.toStringTag](): string {
    return "Headers";
  }

  append(name: string, value: string): void {
    const key = checkedName(name);
    const list = this.map.get(key);
    const v = String(value).replace(EDGE_WHITESPACE, "");
    if (list) list.push(v);
    else this.map.set(key, [v]);
  }

  set(name: string, value: string): void {
    this.map.set(checkedName(name), [String(value).replace(EDGE_WHITESPACE, "")]);
  }

  delete(name: string): void {
    this.map.delete(checkedName(name));
  }

  get(name: string): string | null {
    return this.map.get(checkedName(name))?.join(", ") ?? null;
  }

  has(name: string): boolean {
    return this.map.has(checkedName(name));
  }

  getSetCookie(): string[] {
    return [...(this.map.get("set-cookie") ?? [])];
  }

  forEach(callback: (value: string, name: string, headers: FetchHeaders) => void, thisArg?: unknown): void {
    for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this);
  }

  /** Sorted by name, as the standard says; each set-cookie on its own. */
  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.map.keys()].sort()) {
      const values = this.map.get(name) ?? [];
      if (name === "set-cookie") for (const v of values) yield [name, v];
      else yield [name, values.join(", ")];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

function checkedName(name: string): string {
  const text = String(name);
  if (!TOKEN.test(text)) throw new TypeError(`Headers: invalid header name "${text}"`);
  return text.toLowerCase();
}
