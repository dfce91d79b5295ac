// A request as the cassette keeps it: no credentials, run values as tokens, volatile text stabilised.

import { describe, expect, it } from "vitest";
import { normalizeRequest, normalizeRequestBody } from "../../../../src/model/cassettes/normalize-request.js";

const CTX = {
  baseUrl: "http://127.0.0.1:4000/v1",
  placeholders: [
    { token: "{{cwd}}", value: "/tmp/ws/repo" },
    { token: "{{thread_id}}", value: "thread-0123456789" },
  ],
  secrets: ["sk-live-secret-value-1234"],
};

describe("normalizeRequestBody", () => {
  it("stabilises the environment context and tool-output headers", () => {
    const envContext =
      "<environment_context>\n  <cwd>/tmp/ws/repo</cwd>\n  <shell>zsh</shell>\n  <current_date>2026-11-21</current_date>\n  <timezone>Europe/Paris</timezone>\n</environment_context>";
    const output = "Chunk ID: 3fa9c1\nWall time: 0.0123 seconds\nProcess exited with code 0\nOutput:\nok\n";
    const patchOutput = "Exit code: 0\nWall time: 0.1 seconds\nOutput:\nSuccess.";
    expect(normalizeRequestBody({ input: [envContext, output, patchOutput], prompt_cache_key: "thread-0123456789" }, CTX)).toEqual({
      input: [
        "<environment_context>\n  <cwd>{{cwd}}</cwd>\n  <shell>{{shell}}</shell>\n  <current_date>{{date}}</current_date>\n  <timezone>{{timezone}}</timezone>\n</environment_context>",
        "Chunk ID: {{chunk_id}}\nWall time: {{wall_time}} seconds\nProcess exited with code 0\nOutput:\nok\n",
        "Exit code: 0\nWall time: {{wall_time}} seconds\nOutput:\nSuccess.",
      ],
      prompt_cache_key: "{{thread_id}}",
    });
  });

  it("drops the temp dirs from the writable roots: /tmp and $TMPDIR depend on the machine, not the run", () => {
    const ctx = { ...CTX, placeholders: [...CTX.placeholders, { token: "{{tmpdir}}", value: "/var/folders/x/T" }] };
    const permissions = (roots: string): string =>
      `<permissions instructions>\nShell commands run in the \`workspace-write\` sandbox: … Network access is restricted.${roots}\nThe approval policy is \`never\`.</permissions instructions>`;
    const recorded = permissions(" The writable root is `/tmp/ws/repo`.");
    const expected = permissions(" The writable root is `{{cwd}}`.");
    for (const live of [
      recorded,
      permissions(" The writable roots are `/tmp/ws/repo`, `/tmp`, `/var/folders/x/T`."),
      permissions(" The writable roots are `/tmp/ws/repo`, `/private/tmp`."),
      permissions(" The writable roots are `/tmp/ws/repo`, `{{tmpdir}}`."),
    ]) {
      expect(normalizeRequestBody({ input: [live] }, ctx)).toEqual({ input: [expected] });
    }
    // Other roots (--add-dir, writable_roots) stay: they are part of the run.
    expect(normalizeRequestBody({ input: [permissions(" The writable roots are `/tmp/ws/repo`, `/data`, `/tmp`.")] }, ctx)).toEqual({
      input: [permissions(" The writable roots are `{{cwd}}`, `/data`.")],
    });
  });

  it("is idempotent", () => {
    const once = normalizeRequestBody({ text: "Wall time: 1.5 seconds\n/tmp/ws/repo" }, CTX);
    expect(normalizeRequestBody(once, CTX)).toEqual(once);
  });

  it("redacts secrets inside the body", () => {
    expect(normalizeRequestBody({ input: "my key is sk-live-secret-value-1234" }, CTX)).toEqual({ input: "my key is <redacted>" });
  });
});

describe("normalizeRequest", () => {
  it("path relative to the base URL, query dropped; credentials and machine headers never kept", () => {
    const req = normalizeRequest(
      "http://127.0.0.1:4000/v1/responses?api-version=2",
      {
        method: "post",
        headers: new Headers({
          Authorization: "Bearer sk-live-secret-value-1234",
          "api-key": "k-1234567890",
          "X-Custom-Token": "t-1234567890",
          Cookie: "a=b",
          "OpenAI-Organization": "org-1",
          "User-Agent": "codex_exec/0.1.0 (Linux 6.1; x64)",
          "X-Stainless-OS": "Linux",
          originator: "codex_exec",
          session_id: "thread-0123456789",
          "x-echo": "sk-live-secret-value-1234",
        }),
        body: JSON.stringify({ model: "gpt-5.5", input: [] }),
      },
      CTX,
    );
    expect(req).toEqual({
      method: "POST",
      path: "/responses",
      headers: { originator: "codex_exec", session_id: "{{thread_id}}", "x-echo": "<redacted>" },
      body: { model: "gpt-5.5", input: [] },
    });
  });

  it("a body that is not JSON is kept as text; none is null", () => {
    expect(normalizeRequest("http://h/v1/x", { method: "POST", body: "plain" }, CTX).body).toBe("plain");
    expect(normalizeRequest(new URL("http://h/other"), undefined, CTX)).toMatchObject({ method: "GET", path: "/other", body: null });
  });
});
