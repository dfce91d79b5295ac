// A `Response` for our node:http fetch that does not load undici (the global Response would: ~10 MB).
//
// What the openai SDK and our model clients read from a response: status, headers, url and the body as a
// web ReadableStream, or whole via text()/json()/arrayBuffer(). Anything that needs a real Response (the
// record and replay wrappers) builds one from these fields.

import type { FetchHeaders } from "./fetch-headers.js";

export interface FetchResponseInit {
  status: number;
  statusText: string;
  headers: FetchHeaders;
  url: string;
}

export class FetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: FetchHeaders;
  readonly url: string;
  readonly redirected = false;
  readonly type = "basic";
  readonly body: ReadableStream<Uint8Array> | null;

  constructor(body: ReadableStream<Uint8Array> | null, init: FetchResponseInit) {
    this.body = body;
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = init.headers;
    this.url = init.url;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  get bodyUsed(): boolean {
    return this.body?.locked === true;
  }

  get [Symbol.toStringTag](): string {
    return "Response";
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    if (this.body === null) return new Uint8Array(0);
    if (this.body.locked) throw new TypeError("Body is unusable: Body has already been read");
    const parts: Uint8Array[] = [];
    let length = 0;
    const reader = this.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      length += value.byteLength;
    }
    const out = new Uint8Array(length);
    let offset = 0;
    for (const p of parts) {
      out.set(p, offset);
      offset += p.byteLength;
    }
    return out;
  }

  async text(): Promise<string> {
    return new TextDecoder().decode(await this.bytes());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }
}
