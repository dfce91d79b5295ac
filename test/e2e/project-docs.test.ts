// End to end: AGENTS.md discovery (root → cwd, overrides, CODEX_HOME, byte cap) and the injected context message.

import { realpath, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reply, type RecordedRequest } from "../support/mock-responses-server.js";
import { parseJsonl, runCli } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";

const usage = { input_tokens: 10, output_tokens: 5 };
const AGENTS_START = "# AGENTS.md instructions for ";

type InputItem = { type: string; role?: string; content?: Array<{ type: string; text?: string }> };

function inputOf(req: RecordedRequest | undefined): InputItem[] {
  return (req?.body["input"] ?? []) as InputItem[];
}

/** The input_text parts of every user message, in order. */
function userParts(req: RecordedRequest | undefined): string[] {
  return inputOf(req).flatMap((it) =>
    it.type === "message" && it.role === "user" ? (it.content ?? []).flatMap((c) => (c.text === undefined ? [] : [c.text])) : [],
  );
}

function agentsParts(req: RecordedRequest | undefined): string[] {
  return userParts(req).filter((t) => t.startsWith(AGENTS_START));
}

const agentsBlock = (cwd: string, text: string): string => `${AGENTS_START}${cwd}\n\n<INSTRUCTIONS>\n${text}\n</INSTRUCTIONS>`;

describe.concurrent("project docs (AGENTS.md)", () => {
  it("root and subdirectory AGENTS.md (run with -C sub) form one part, root first, joined by a blank line", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }], usage)], {
      files: { "AGENTS.md": "root rules", "sub/AGENTS.md": "sub rules" },
    });
    const r = await runCli(["-C", "sub", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code, r.stderr).toBe(0);
    const sub = await realpath(path.join(ws.repo, "sub"));
    // The context message: the AGENTS.md part, then the environment context; then the prompt.
    const input = inputOf(mock.requests[0]);
    const context = input.at(-2);
    expect(context?.role).toBe("user");
    expect(context?.content?.map((c) => c.text)).toEqual([
      agentsBlock(sub, "root rules\n\nsub rules"),
      expect.stringMatching(new RegExp(`^<environment_context>\\n  <cwd>${sub}</cwd>\\n`)),
    ]);
    expect(input.at(-1)).toEqual({ type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] });
    expect(agentsParts(mock.requests[0])).toHaveLength(1);
  });

  it("AGENTS.override.md shadows AGENTS.md in its directory only", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }], usage)], {
      files: { "AGENTS.md": "root rules", "AGENTS.override.md": "override rules", "sub/AGENTS.md": "sub rules" },
    });
    const r = await runCli(["-C", "sub", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code, r.stderr).toBe(0);
    const sub = await realpath(path.join(ws.repo, "sub"));
    expect(agentsParts(mock.requests[0])).toEqual([agentsBlock(sub, "override rules\n\nsub rules")]);
    expect(JSON.stringify(mock.requests[0]?.body["input"])).not.toContain("root rules");
  });

  it("$CODEX_HOME/AGENTS.md comes first (trimmed), then the project-doc separator, then the project docs", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }], usage)], {
      files: { "AGENTS.md": "project rules" },
    });
    await writeFile(path.join(ws.codexHome, "AGENTS.md"), "\nglobal rules\n\n");
    const r = await runCli(["hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code, r.stderr).toBe(0);
    const repo = await realpath(ws.repo);
    expect(agentsParts(mock.requests[0])).toEqual([agentsBlock(repo, "global rules\n\n--- project-doc ---\n\nproject rules")]);
  });

  it("project_doc_fallback_filenames are tried after AGENTS.md", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }], usage)], {
      files: { "AGENTS.md": "root rules", "sub/CLAUDE.md": "fallback rules" },
    });
    const r = await runCli(["-c", 'project_doc_fallback_filenames=["CLAUDE.md"]', "-C", "sub", "hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
    });
    expect(r.code, r.stderr).toBe(0);
    const sub = await realpath(path.join(ws.repo, "sub"));
    expect(agentsParts(mock.requests[0])).toEqual([agentsBlock(sub, "root rules\n\nfallback rules")]);
  });

  it("project_doc_max_bytes=10 truncates to the first 10 bytes and reads nothing after", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }], usage)], {
      files: { "AGENTS.md": "0123456789ABCDEF", "sub/AGENTS.md": "sub rules" },
    });
    const r = await runCli(["-c", "project_doc_max_bytes=10", "-C", "sub", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code, r.stderr).toBe(0);
    const sub = await realpath(path.join(ws.repo, "sub"));
    expect(agentsParts(mock.requests[0])).toEqual([agentsBlock(sub, "0123456789")]);
  });

  it("project_doc_max_bytes=0 disables project docs; the CODEX_HOME instructions stay", async (ctx) => {
    const { ws, mock } = await scenario(
      ctx,
      [reply([{ message: "ok" }], usage), reply([{ message: "ok" }], usage)],
      { files: { "AGENTS.md": "project rules" } },
    );
    const r = await runCli(["-c", "project_doc_max_bytes=0", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code, r.stderr).toBe(0);
    expect(agentsParts(mock.requests[0])).toEqual([]);
    expect(userParts(mock.requests[0]).filter((t) => t.startsWith("<environment_context>"))).toHaveLength(1);

    await writeFile(path.join(ws.codexHome, "AGENTS.md"), "global rules");
    const r2 = await runCli(["-c", "project_doc_max_bytes=0", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r2.code, r2.stderr).toBe(0);
    expect(agentsParts(mock.requests[1])).toEqual([agentsBlock(await realpath(ws.repo), "global rules")]);
  });

  it("no docs anywhere: the context message has only the environment context", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }], usage)]);
    const r = await runCli(["hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code, r.stderr).toBe(0);
    expect(agentsParts(mock.requests[0])).toEqual([]);
    const context = inputOf(mock.requests[0]).at(-2);
    expect(context?.content).toHaveLength(1);
    expect(context?.content?.[0]?.text?.startsWith("<environment_context>")).toBe(true);
    expect(JSON.stringify(mock.requests[0]?.body["input"])).not.toContain("AGENTS.md");
  });

  it("resume does not inject the context a second time", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "one" }], usage), reply([{ message: "two" }], usage)], {
      files: { "AGENTS.md": "root rules" },
    });
    const first = await runCli(["--json", "first"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(first.code, first.stderr).toBe(0);
    const started = parseJsonl(first.stdout)[0];
    if (started?.type !== "thread.started") throw new Error("no thread.started");
    // The docs change between the runs; the resumed thread keeps the context it started with.
    await writeFile(path.join(ws.repo, "AGENTS.md"), "changed rules");
    const r = await runCli(["--json", "resume", started.thread_id, "second"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code, r.stderr).toBe(0);
    const parts = userParts(mock.requests[1]);
    expect(parts.filter((t) => t.startsWith("<environment_context>"))).toHaveLength(1);
    expect(agentsParts(mock.requests[1])).toEqual([agentsBlock(await realpath(ws.repo), "root rules")]);
    const developer = inputOf(mock.requests[1]).filter((it) => it.role === "developer");
    expect(developer).toHaveLength(1);
    expect(parts.filter((t) => !t.startsWith("<") && !t.startsWith(AGENTS_START))).toEqual(["first", "second"]);
  });
});
