// End to end: --output-schema (strictified, sent, answer validated and retried once) and request options.

import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reply } from "../support/mock-responses-server.js";
import { parseJsonl, runCli } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";

const SCHEMA = {
  type: "object",
  properties: { name: { type: "string" }, n: { type: "integer" } },
  required: ["name"],
};
const answer = (value: unknown) => reply([{ message: typeof value === "string" ? value : JSON.stringify(value) }]);

describe.concurrent("--output-schema", () => {
  it("a fixable schema is made strict (and said so), sent as text.format, and the answer's introduced nulls are dropped", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [answer({ name: "x", n: null })]);
    await writeFile(path.join(ws.repo, "schema.json"), JSON.stringify(SCHEMA));
    const r = await runCli(["--output-schema", "schema.json", "-o", "out.json", "give json"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: output schema made strict: (root): added "additionalProperties": false\n');
    expect(r.stderr).toContain('note: output schema made strict: (root): made optional property "n" required and nullable\n');
    expect(mock.requests[0]?.body["text"]).toMatchObject({
      format: {
        type: "json_schema",
        name: "codex_output_schema",
        strict: true,
        schema: {
          type: "object",
          properties: { name: { type: "string" }, n: { type: ["integer", "null"] } },
          required: ["name", "n"],
          additionalProperties: false,
        },
      },
    });
    expect(r.stdout).toBe('{"name":"x"}\n');
    expect(await readFile(path.join(ws.repo, "out.json"), "utf8")).toBe('{"name":"x"}');
  });

  it("a draft-07 schema (declared by $schema) is accepted; optional fields behind $ref come back without their nulls", async (ctx) => {
    const schema = {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      definitions: { person: { type: "object", properties: { n: { type: "string" }, nick: { type: "string" } }, required: ["n"] } },
      properties: { person: { $ref: "#/definitions/person" } },
      required: ["person"],
    };
    const { ws, mock } = await scenario(ctx, [answer({ person: { n: "a", nick: null } }), answer({ person: { n: "a", nick: null } })]);
    await writeFile(path.join(ws.repo, "schema.json"), JSON.stringify(schema));
    const r = await runCli(["--output-schema", "schema.json", "give json"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('{"person":{"n":"a"}}\n');
    // The JSONL item says what stdout says.
    const j = await runCli(["--json", "--output-schema", "schema.json", "give json"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(parseJsonl(j.stdout).find((e) => e.type === "item.completed")).toMatchObject({ item: { text: '{"person":{"n":"a"}}' } });
    expect(mock.requests).toHaveLength(2);
  });

  it("an answer that does not match is retried once with the validator's findings", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [answer({ name: 5, n: 1 }), answer({ name: "ok", n: 2 })]);
    await writeFile(path.join(ws.repo, "schema.json"), JSON.stringify(SCHEMA));
    const r = await runCli(["--json", "--output-schema", "schema.json", "give json"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests).toHaveLength(2);
    expect(JSON.stringify(mock.requests[1]?.body["input"])).toContain("does not match the required JSON schema: answer/name must be string");
    const events = parseJsonl(r.stdout);
    expect(events.filter((e) => e.type === "item.completed" && e.item.type === "agent_message").at(-1)).toMatchObject({
      item: { text: '{"name":"ok","n":2}' },
    });
  });

  it("a second mismatch fails the turn with code schema; -o keeps its old content", async (ctx) => {
    const { ws } = await scenario(ctx, [answer("not json"), answer({ name: 1 })]);
    await writeFile(path.join(ws.repo, "schema.json"), JSON.stringify(SCHEMA));
    await writeFile(path.join(ws.repo, "out.json"), "previous");
    const r = await runCli(["--json", "--output-schema", "schema.json", "-o", "out.json", "give json"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
    });
    expect(r.code).toBe(1);
    expect(parseJsonl(r.stdout).at(-1)).toMatchObject({ type: "turn.failed", error: { code: "schema" } });
    expect(await readFile(path.join(ws.repo, "out.json"), "utf8")).toBe("previous");
  });

  it("schema file errors fail before any request", async (ctx) => {
    const { ws, mock } = await scenario(ctx, []);
    await writeFile(path.join(ws.repo, "bad.json"), "{ not json");
    await writeFile(path.join(ws.repo, "open.json"), JSON.stringify({ type: "object", additionalProperties: { type: "string" } }));
    await writeFile(path.join(ws.repo, "array.json"), JSON.stringify({ type: "array", items: { type: "string" } }));
    const cases: Array<[string, string]> = [
      ["missing.json", "Failed to read output schema file missing.json: "],
      ["bad.json", "Output schema file bad.json is not valid JSON: "],
      ["open.json", "cannot be used in strict mode at /additionalProperties: must be false in strict mode"],
      ["array.json", 'cannot be used in strict mode at (root): the root must be `"type": "object"`'],
    ];
    for (const [file, message] of cases) {
      const r = await runCli(["--output-schema", file, "x"], { cwd: ws.repo, codexHome: ws.codexHome });
      expect({ file, code: r.code }).toEqual({ file, code: 1 });
      expect(r.stderr).toContain(message);
    }
    expect(mock.requests).toHaveLength(0);
  });
});

describe.concurrent("request options", () => {
  it("effort, summary, verbosity, max output tokens and --instructions reach the request body", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])]);
    const r = await runCli(
      [
        "--reasoning-effort",
        "high",
        "--max-output-tokens",
        "500",
        "--instructions",
        "Answer in French.",
        "-c",
        'model_reasoning_summary="detailed"',
        "-c",
        'model_verbosity="high"',
        "hi",
      ],
      { cwd: ws.repo, codexHome: ws.codexHome },
    );
    expect(r.code).toBe(0);
    const body = mock.requests[0]?.body ?? {};
    expect(body).toMatchObject({
      reasoning: { effort: "high", summary: "detailed" },
      max_output_tokens: 500,
      text: { verbosity: "high" },
    });
    expect(String(body["instructions"])).toMatch(/^You are codex-exec[\s\S]*\n\nAnswer in French\.$/);
  });

  it("--instructions @file and model_instructions_file", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])]);
    await writeFile(path.join(ws.repo, "base.md"), "You are a terse bot.\n");
    await writeFile(path.join(ws.repo, "extra.md"), "Use British spelling.\n");
    const r = await runCli(["-c", `model_instructions_file="${path.join(ws.repo, "base.md")}"`, "--instructions", "@extra.md", "hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
    });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.body["instructions"]).toBe("You are a terse bot.\n\nUse British spelling.");
  });

  it("the `instructions` key replaces the base instructions; model_instructions_file wins over it", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }]), reply([{ message: "ok" }])]);
    await writeFile(path.join(ws.repo, "base.md"), "From the file.\n");
    const opts = { cwd: ws.repo, codexHome: ws.codexHome };
    expect((await runCli(["-c", 'instructions="You are a terse bot."', "hi"], opts)).code).toBe(0);
    expect((await runCli(["-c", 'instructions="ignored"', "-c", `model_instructions_file="${path.join(ws.repo, "base.md")}"`, "hi"], opts)).code).toBe(0);
    expect(mock.requests.map((r) => r.body["instructions"])).toEqual(["You are a terse bot.", "From the file."]);
  });

  it("--max-output-tokens out of range is a usage error; a missing instructions file is a startup error", async (ctx) => {
    const { ws, mock } = await scenario(ctx, []);
    const tokens = await runCli(["--max-output-tokens", "0", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(tokens.code).toBe(2);
    expect(tokens.stderr).toContain("expected a whole number from 1 to 128000");
    const file = await runCli(["--instructions", "@nope.md", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(file.code).toBe(1);
    expect(file.stderr).toContain("Error: cannot read --instructions file nope.md");
    expect(existsSync(path.join(ws.codexHome, "sessions"))).toBe(false);
    expect(mock.requests).toHaveLength(0);
  });
});
