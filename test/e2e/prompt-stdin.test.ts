// End to end: where the prompt comes from — the argument, piped stdin, `-`, or both (spec §2.5).

import { describe, expect, it } from "vitest";
import { reply, type RecordedRequest, type Step } from "../support/mock-responses-server.js";
import { runCli } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";

/** The text of the last user message in a recorded Responses request. */
function userText(req: RecordedRequest | undefined): string {
  const input = (req?.body["input"] ?? []) as Array<{ type?: string; role?: string; content?: Array<{ type: string; text?: string }> }>;
  const last = input.filter((i) => i.type === "message" && i.role === "user").at(-1);
  return (last?.content ?? []).filter((c) => c.type === "input_text").map((c) => c.text ?? "").join("");
}

const ok = (): Step => reply([{ message: "ok" }]);

describe.concurrent("prompt from stdin only (no argument)", () => {
  it("reads piped stdin with a notice and sends it verbatim, trailing newline included", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["--color", "never"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: "prompt from stdin\n" });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("ok\n");
    expect(r.stderr.split("\n")[0]).toBe("Reading prompt from stdin...");
    expect(r.stderr).not.toContain("Reading additional input from stdin...");
    expect(mock.requests).toHaveLength(1);
    expect(userText(mock.requests[0])).toBe("prompt from stdin\n");
    // The header's `user` block shows the prompt as sent.
    expect(r.stderr).toContain("\nuser\nprompt from stdin\n\ncodex\nok\n");
  });

  it("keeps multi-line stdin byte for byte (inner blank lines, no trailing newline)", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const text = "line one\n\n  indented line\tTAB\nlast";
    const r = await runCli(["--json"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: text });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("Reading prompt from stdin...\n");
    expect(userText(mock.requests[0])).toBe(text);
  });

  it("blank piped stdin: `No prompt provided via stdin.`, exit 1, no request", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli([], { cwd: ws.repo, codexHome: ws.codexHome, stdin: "  \n\t\n" });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("Reading prompt from stdin...\nNo prompt provided via stdin.\n");
    expect(mock.requests).toHaveLength(0);
  });

  it("stdin at EOF immediately (</dev/null) is blank too", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["--json"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: null });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("Reading prompt from stdin...\nNo prompt provided via stdin.\n");
    expect(mock.requests).toHaveLength(0);
  });

  it("prompt resolution happens before the git check: the prompt error wins outside a repo", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { git: false });
    const r = await runCli([], { cwd: ws.repo, codexHome: ws.codexHome, stdin: "" });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Reading prompt from stdin...\nNo prompt provided via stdin.\n");
    expect(mock.requests).toHaveLength(0);
  });
});

describe.concurrent("`-` forces stdin", () => {
  it("reads stdin without any notice and sends it verbatim", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["--json", "-"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: "from dash\n" });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(mock.requests).toHaveLength(1);
    expect(userText(mock.requests[0])).toBe("from dash\n");
  });

  it("blank stdin with `-`: `No prompt provided via stdin.` and nothing else, exit 1, no request", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["-"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: "\n \n" });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("No prompt provided via stdin.\n");
    expect(mock.requests).toHaveLength(0);
  });

  it("empty stdin with `-` in JSON mode: same error, stdout stays empty", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["--json", "-"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: "" });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("No prompt provided via stdin.\n");
    expect(mock.requests).toHaveLength(0);
  });
});

describe.concurrent("argument plus piped stdin", () => {
  it("appends stdin as a <stdin> block (stdin ending in a newline)", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["--color", "never", "Summarize this concisely"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      stdin: "my output\n",
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("ok\n");
    expect(r.stderr.split("\n")[0]).toBe("Reading additional input from stdin...");
    const expected = "Summarize this concisely\n\n<stdin>\nmy output\n</stdin>";
    expect(userText(mock.requests[0])).toBe(expected);
    // The header's `user` block shows the combined prompt.
    expect(r.stderr).toContain(`\nuser\n${expected}\ncodex\n`);
  });

  it("adds the newline before </stdin> only when stdin lacks one", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["--json", "explain"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: "a\nb" });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("Reading additional input from stdin...\n");
    expect(userText(mock.requests[0])).toBe("explain\n\n<stdin>\na\nb\n</stdin>");
  });

  it("empty piped stdin leaves the prompt unchanged", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["--json", "just the prompt"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: "" });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("Reading additional input from stdin...\n");
    expect(userText(mock.requests[0])).toBe("just the prompt");
  });

  it("whitespace-only piped stdin leaves the prompt unchanged", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["--json", "just the prompt"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: " \n\n\t" });
    expect(r.code).toBe(0);
    expect(userText(mock.requests[0])).toBe("just the prompt");
  });
});

describe.concurrent("stdin decoding", () => {
  it("a UTF-8 BOM is stripped; non-ASCII text arrives intact", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const stdin = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("héllo wörld ✓\n", "utf8")]);
    const r = await runCli(["--json", "-"], { cwd: ws.repo, codexHome: ws.codexHome, stdin });
    expect(r.code).toBe(0);
    expect(userText(mock.requests[0])).toBe("héllo wörld ✓\n");
  });

  it("UTF-16LE with a BOM is decoded", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const stdin = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("hi ✓", "utf16le")]);
    const r = await runCli(["--json", "-"], { cwd: ws.repo, codexHome: ws.codexHome, stdin });
    expect(r.code).toBe(0);
    expect(userText(mock.requests[0])).toBe("hi ✓");
  });

  it("invalid UTF-8: the offset and the iconv hint, exit 1, no request", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const stdin = Buffer.from([0x61, 0x62, 0xff, 0x63]);
    const r = await runCli(["-"], { cwd: ws.repo, codexHome: ws.codexHome, stdin });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "Failed to read prompt from stdin: input is not valid UTF-8 (invalid byte at offset 2). Convert it to UTF-8 and retry (e.g., `iconv -f <ENC> -t UTF-8 prompt.txt`).\n",
    );
    expect(mock.requests).toHaveLength(0);
  });

  it("UTF-32LE is refused with a conversion hint", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const stdin = Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x68, 0x00, 0x00, 0x00]);
    const r = await runCli(["-"], { cwd: ws.repo, codexHome: ws.codexHome, stdin });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Failed to read prompt from stdin: input appears to be UTF-32LE. Convert it to UTF-8 and retry.\n");
    expect(mock.requests).toHaveLength(0);
  });
});
