// Decoding stdin prompt bytes: BOMs, UTF-16, UTF-32 refusal, strict UTF-8 with the byte offset.

import { describe, expect, it } from "vitest";
import { decodePromptBytes } from "../../../src/cli/decode-prompt.js";

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const utf16le = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, "utf16le"));
const utf16be = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, "utf16le").swap16());
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(parts));

const BOM8 = bytes(0xef, 0xbb, 0xbf);
const BOM16LE = bytes(0xff, 0xfe);
const BOM16BE = bytes(0xfe, 0xff);

const invalidUtf8 = (offset: number): string =>
  `input is not valid UTF-8 (invalid byte at offset ${offset}). Convert it to UTF-8 and retry (e.g., \`iconv -f <ENC> -t UTF-8 prompt.txt\`).`;

describe("decodePromptBytes: accepted input", () => {
  it.each([
    { name: "empty", input: bytes(), text: "" },
    { name: "ASCII", input: utf8("hello\n"), text: "hello\n" },
    { name: "multi-byte UTF-8", input: utf8("héllo wörld — ✓ 🎉"), text: "héllo wörld — ✓ 🎉" },
    { name: "UTF-8 BOM stripped", input: concat(BOM8, utf8("with bom\n")), text: "with bom\n" },
    { name: "only a UTF-8 BOM", input: BOM8, text: "" },
    { name: "UTF-16LE with BOM", input: concat(BOM16LE, utf16le("hi ✓\n")), text: "hi ✓\n" },
    { name: "UTF-16BE with BOM", input: concat(BOM16BE, utf16be("hi ✓\n")), text: "hi ✓\n" },
    { name: "UTF-16LE surrogate pair", input: concat(BOM16LE, utf16le("🎉")), text: "🎉" },
    { name: "UTF-16 empty body", input: BOM16LE, text: "" },
  ])("$name", ({ input, text }) => {
    expect(decodePromptBytes(input)).toBe(text);
  });
});

describe("decodePromptBytes: refused input", () => {
  it.each([
    {
      name: "UTF-32LE BOM",
      input: bytes(0xff, 0xfe, 0, 0, 0x41, 0, 0, 0),
      message: "input appears to be UTF-32LE. Convert it to UTF-8 and retry.",
    },
    {
      name: "UTF-32BE BOM",
      input: bytes(0, 0, 0xfe, 0xff, 0, 0, 0, 0x41),
      message: "input appears to be UTF-32BE. Convert it to UTF-8 and retry.",
    },
    {
      name: "odd-length UTF-16LE",
      input: concat(BOM16LE, utf16le("ab"), bytes(0x41)),
      message: "input looked like UTF-16LE but could not be decoded. Convert it to UTF-8 and retry.",
    },
    {
      name: "odd-length UTF-16BE",
      input: concat(BOM16BE, bytes(0x00)),
      message: "input looked like UTF-16BE but could not be decoded. Convert it to UTF-8 and retry.",
    },
    {
      name: "lone surrogate in UTF-16LE",
      input: concat(BOM16LE, bytes(0x00, 0xd8, 0x41, 0x00)),
      message: "input looked like UTF-16LE but could not be decoded. Convert it to UTF-8 and retry.",
    },
    { name: "invalid first byte", input: bytes(0xff, 0x41), message: invalidUtf8(0) },
    { name: "Latin-1 byte after ASCII", input: concat(utf8("caf"), bytes(0xe9)), message: invalidUtf8(3) },
    { name: "after a valid multi-byte char", input: concat(utf8("é✓"), bytes(0xc0, 0x80)), message: invalidUtf8(5) },
    { name: "stray continuation byte", input: concat(utf8("ab"), bytes(0x80), utf8("c")), message: invalidUtf8(2) },
    { name: "truncated sequence at the end", input: concat(utf8("abc"), bytes(0xe2, 0x9c)), message: invalidUtf8(3) },
    { name: "overlong encoding", input: concat(utf8("x"), bytes(0xe0, 0x80, 0xaf)), message: invalidUtf8(1) },
    { name: "UTF-16 surrogate encoded in UTF-8", input: concat(utf8("ok"), bytes(0xed, 0xa0, 0x80)), message: invalidUtf8(2) },
    { name: "offset counts the stripped BOM", input: concat(BOM8, utf8("ab"), bytes(0xff)), message: invalidUtf8(5) },
  ])("$name", ({ input, message }) => {
    expect(() => decodePromptBytes(input)).toThrow(new Error(message));
  });
});
