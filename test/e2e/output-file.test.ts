// End to end: `-o/--output-last-message FILE` — written only on a completed turn, checked before the run (spec §6.2).

import { lstat, mkdir, readFile, readdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { failed, httpError, reply } from "../support/mock-responses-server.js";
import { parseJsonl, runCli, sequence, splitFooter } from "../support/run-cli.js";
import { NO_RETRIES, scenario } from "../support/scenario.js";
import { failedEvents, itemEvents } from "../support/sse-events.js";

const exists = async (p: string): Promise<boolean> => (await lstat(p).catch(() => null)) !== null;

describe.concurrent("-o on success", () => {
  it("human mode: the file holds the final message without a trailing newline", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ message: "First." }, { message: "Final answer." }])], { providerExtra: NO_RETRIES });
    const out = path.join(ws.root, "last.txt");
    const r = await runCli(["--color", "never", "-o", out, "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Final answer.\n");
    expect(await readFile(out, "utf8")).toBe("Final answer.");
  });

  it("json mode, long form, replacing an existing file", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ message: "line 1\nline 2\n" }])], { providerExtra: NO_RETRIES });
    const out = path.join(ws.root, "last.txt");
    await writeFile(out, "stale content that is longer than the new one ".repeat(4));
    const r = await runCli(["--json", "--output-last-message", out, "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(sequence(parseJsonl(r.stdout)).at(-1)).toBe("turn.completed");
    // The message's own trailing newline is kept; none is added.
    expect(await readFile(out, "utf8")).toBe("line 1\nline 2\n");
    // No temp files are left next to it.
    expect((await readdir(ws.root)).filter((f) => f.includes("last.txt"))).toEqual(["last.txt"]);
  });

  it("a relative path is resolved against the process cwd", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ message: "relative ok" }])], { providerExtra: NO_RETRIES });
    const r = await runCli(["--json", "-o", "out/rel.txt", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(await readFile(path.join(ws.repo, "out", "rel.txt"), "utf8")).toBe("relative ok");
  });

  it("missing parent directories are created", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ message: "nested" }])], { providerExtra: NO_RETRIES });
    const out = path.join(ws.root, "a", "b", "c", "last.txt");
    const r = await runCli(["--json", "-o", out, "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(await readFile(out, "utf8")).toBe("nested");
  });

  it("a completed turn without a message writes an empty file and warns", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ reasoning: "only thinking" }])], { providerExtra: NO_RETRIES });
    const out = path.join(ws.root, "last.txt");
    await writeFile(out, "old");
    const r = await runCli(["--json", "-o", out, "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(await readFile(out, "utf8")).toBe("");
    expect(r.stderr).toContain(`Warning: no last agent message; wrote empty content to ${out}\n`);
  });

  it("human mode: the -o warning comes before `tokens used`, as codex orders the end of a run", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ reasoning: "only thinking" }], { input_tokens: 10, output_tokens: 5 })], {
      providerExtra: NO_RETRIES,
    });
    const out = path.join(ws.root, "last.txt");
    const r = await runCli(["--color", "never", "-o", out, "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(splitFooter(r.stderr).body.endsWith(`Warning: no last agent message; wrote empty content to ${out}\ntokens used\n15\n`)).toBe(true);
  });
});

describe.concurrent("-o on failure", () => {
  it("response.failed: the existing file keeps its old content, exit 1", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [failed("server_is_overloaded", "try later")], { providerExtra: NO_RETRIES });
    const out = path.join(ws.root, "last.txt");
    await writeFile(out, "old content");
    const r = await runCli(["--json", "-o", out, "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(mock.requests).toHaveLength(1);
    expect(sequence(parseJsonl(r.stdout)).at(-1)).toBe("turn.failed");
    expect(await readFile(out, "utf8")).toBe("old content");
  });

  it("a message streamed before response.failed is not written", async (ctx) => {
    const [created, failure] = failedEvents("server_is_overloaded", "try later");
    const events = [created, ...itemEvents({ message: "partial answer" }, 0), failure].filter((e) => e !== undefined);
    const { ws } = await scenario(ctx, [{ kind: "sse", events }], { providerExtra: NO_RETRIES });
    const out = path.join(ws.root, "last.txt");
    await writeFile(out, "old content");
    const r = await runCli(["--json", "-o", out, "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(sequence(parseJsonl(r.stdout)).at(-1)).toBe("turn.failed");
    expect(await readFile(out, "utf8")).toBe("old content");
  });

  it("HTTP 400 in human mode: old content kept, nothing on stdout, exit 1", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [httpError(400, { error: { message: "bad param", type: "invalid_request_error" } })], {
      providerExtra: NO_RETRIES,
    });
    const out = path.join(ws.root, "last.txt");
    await writeFile(out, "old content");
    const r = await runCli(["--color", "never", "-o", out, "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(mock.requests).toHaveLength(1);
    expect(await readFile(out, "utf8")).toBe("old content");
  });

  it("a symlink path is refused before any request; the link target is untouched", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "should not be written" }])], { providerExtra: NO_RETRIES });
    const target = path.join(ws.root, "target.txt");
    const link = path.join(ws.root, "link.txt");
    await writeFile(target, "target content");
    await symlink(target, link);
    const r = await runCli(["--json", "-o", link, "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`^Reading additional input from stdin\\.\\.\\.\\nError: Failed to open last message file "${link.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}": .+\\n$`));
    expect(mock.requests).toHaveLength(0);
    expect(await readFile(target, "utf8")).toBe("target content");
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
  });

  it("a dangling symlink is refused too (nothing created at its target)", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "should not be written" }])], { providerExtra: NO_RETRIES });
    const target = path.join(ws.root, "nowhere.txt");
    const link = path.join(ws.root, "dangling.txt");
    await symlink(target, link);
    const r = await runCli(["-o", link, "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Error: Failed to open last message file "${link}"`);
    expect(mock.requests).toHaveLength(0);
    expect(await exists(target)).toBe(false);
  });

  it("a directory path is refused before any request", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "x" }])], { providerExtra: NO_RETRIES });
    const dir = path.join(ws.root, "adir");
    await mkdir(dir);
    const r = await runCli(["-o", dir, "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`Error: Failed to open last message file "${dir}"`);
    expect(mock.requests).toHaveLength(0);
  });

  it("the git check runs before -o is prepared: no parent directory is created", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "x" }])], { providerExtra: NO_RETRIES, git: false });
    const out = path.join(ws.root, "made", "last.txt");
    const r = await runCli(["-o", out, "-"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: "go" });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Not inside a trusted directory and --skip-git-repo-check was not specified.\n");
    expect(mock.requests).toHaveLength(0);
    expect(await exists(path.join(ws.root, "made"))).toBe(false);
  });
});
