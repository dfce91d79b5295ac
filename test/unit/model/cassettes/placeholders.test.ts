// Placeholders and redaction: run values ↔ tokens in recorded traffic, secrets never kept.

import { describe, expect, it } from "vitest";
import { insertTokens, orderPlaceholders, redactSecrets, resolveTokens, type Placeholder } from "../../../../src/model/cassettes/placeholders.js";

const RUN: Placeholder[] = [
  { token: "{{cwd}}", value: "/tmp/ws-1/repo" },
  { token: "{{thread_id}}", value: "019a1fe7-6409-7e80-b08c-8c459f045b31" },
  { token: "{{tmpdir}}", value: "/tmp" },
  { token: "{{home}}", value: "/" },
];

describe("insertTokens", () => {
  it.each([
    { text: "cd /tmp/ws-1/repo && ls", want: "cd {{cwd}} && ls" },
    { text: '{"workdir":"/tmp/ws-1/repo/src"}', want: '{"workdir":"{{cwd}}/src"}' },
    { text: "The writable roots are `/tmp/ws-1/repo`, `/tmp`.", want: "The writable roots are `{{cwd}}`, `{{tmpdir}}`." },
    { text: "/tmp/other/file", want: "{{tmpdir}}/other/file" },
    { text: "/var/tmp and /tmpfoo and /tmp/ws-1/repository", want: "/var/tmp and /tmpfoo and {{tmpdir}}/ws-1/repository" },
    { text: "thread 019a1fe7-6409-7e80-b08c-8c459f045b31", want: "thread {{thread_id}}" },
  ])("$text", ({ text, want }) => {
    expect(insertTokens(text, RUN)).toBe(want);
  });

  it("walks objects and arrays (values, not keys), leaving other types alone", () => {
    const body = { "/tmp/x": ["/tmp/ws-1/repo", 3, null, true, { deep: "at /tmp/ws-1/repo" }] };
    expect(insertTokens(body, RUN)).toEqual({ "/tmp/x": ["{{cwd}}", 3, null, true, { deep: "at {{cwd}}" }] });
  });

  it("ignores values too short to be safe, and duplicates; longest first", () => {
    expect(orderPlaceholders(RUN).map((p) => p.token)).toEqual(["{{thread_id}}", "{{cwd}}", "{{tmpdir}}"]);
    expect(orderPlaceholders([{ token: "{{a}}", value: "/same" }, { token: "{{b}}", value: "/same" }])).toEqual([{ token: "{{a}}", value: "/same" }]);
  });
});

describe("resolveTokens", () => {
  it("puts this run's values back; the first value given for a token wins", () => {
    const here: Placeholder[] = [
      { token: "{{cwd}}", value: "/home/me/demo/repo" },
      { token: "{{cwd}}", value: "/private/home/me/demo/repo" },
    ];
    expect(resolveTokens({ arguments: '{"workdir":"{{cwd}}/src"}', other: "{{unknown}}" }, here)).toEqual({
      arguments: '{"workdir":"/home/me/demo/repo/src"}',
      other: "{{unknown}}",
    });
  });

  it("round-trips insertTokens", () => {
    const text = "cat /tmp/ws-1/repo/a.txt in thread 019a1fe7-6409-7e80-b08c-8c459f045b31";
    expect(resolveTokens(insertTokens(text, RUN), RUN)).toBe(text);
  });
});

describe("redactSecrets", () => {
  it("removes every occurrence, anywhere in the value", () => {
    const secret = "sk-test-0123456789abcdef";
    expect(redactSecrets({ a: `Bearer ${secret}`, b: [`x${secret}y${secret}`] }, [secret])).toEqual({
      a: "Bearer <redacted>",
      b: ["x<redacted>y<redacted>"],
    });
  });

  it("ignores short values that would match ordinary text", () => {
    expect(redactSecrets("true 1 abc", ["true", "1", "abc"])).toBe("true 1 abc");
  });
});
