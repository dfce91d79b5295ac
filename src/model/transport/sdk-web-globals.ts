// The web globals the bundled openai SDK names, without undici: scripts/build.mjs imports these into its modules.
//
// Node 20 loads undici (~10 MB resident) the first time `Headers`, `FormData`, `Response` or `fetch` is
// touched. The SDK builds every request's headers with `new Headers()` and tests each body with
// `instanceof FormData`; with these in their place a plain run never loads it (README "Performance").

export { FetchHeaders as Headers } from "./fetch-headers.js";

/**
 * `instanceof FormData` answered by the value's tag, without loading undici; `new FormData()` (file
 * uploads, which we never send) still builds the platform's own.
 */
export class FormData {
  constructor() {
    return new globalThis.FormData();
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return Object.prototype.toString.call(value) === "[object FormData]";
  }
}
