// ToolRouter: dispatch by name, the namespace call form, aliases, unknown tools and crashing handlers.

import { describe, expect, it } from "vitest";
import { ToolRouter, type ToolCall, type ToolHandler, type ToolResult } from "../../../src/tools/tool-router.js";
import { context } from "./mcp/support.js";

const handler = (name: string, opts: { aliases?: string[]; parallelSafe?: boolean } = {}): ToolHandler => ({
  spec: { type: "function", name },
  parallelSafe: opts.parallelSafe ?? false,
  ...(opts.aliases ? { aliases: opts.aliases } : {}),
  handle: async () => ({ output: `ran ${name}`, success: true }),
});
const call = (name: string, namespace?: string): ToolCall => ({
  kind: "function",
  name,
  ...(namespace === undefined ? {} : { namespace }),
  arguments: "{}",
  callId: "c1",
});

describe("ToolRouter", () => {
  const router = new ToolRouter([
    handler("mcp__fx__echo", { aliases: ["mcp__fx__echo"], parallelSafe: true }),
    handler("mcp__my-srv__do_it", { aliases: ["mcp__my-srv__do.it", "mcp__my_srv__do_it"] }),
    handler("update_plan"),
  ]);

  it("dispatches flat names", async () => {
    expect(await router.dispatch(call("mcp__fx__echo"), context().ctx)).toEqual({ output: "ran mcp__fx__echo", success: true });
  });

  it.each([
    ["mcp__fx", "echo", "mcp__fx__echo"],
    ["mcp__fx__", "echo", "mcp__fx__echo"],
    ["mcp__my-srv__", "do.it", "mcp__my-srv__do_it"],
    ["mcp__my_srv__", "do_it", "mcp__my-srv__do_it"],
  ])("resolves namespace %s + name %s", async (namespace, name, target) => {
    expect((await router.dispatch(call(name, namespace), context().ctx)).output).toBe(`ran ${target}`);
  });

  it("aliases do not add specs", () => {
    expect(router.specs().map((s) => s.name)).toEqual(["mcp__fx__echo", "mcp__my-srv__do_it", "update_plan"]);
  });

  it("parallel safety follows the resolved handler", () => {
    expect(router.isParallelSafe(call("echo", "mcp__fx__"))).toBe(true);
    expect(router.isParallelSafe("mcp__fx__echo")).toBe(true);
    expect(router.isParallelSafe(call("nothing", "mcp__fx__"))).toBe(false);
  });

  it("an unknown namespace call names the joined tool", async () => {
    expect(await router.dispatch(call("nope", "mcp__fx__"), context().ctx)).toEqual({ output: "unsupported call: mcp__fx__nope", success: false });
  });

  it("a namespace call does not fall back to a bare tool of the same name", async () => {
    expect((await router.dispatch(call("update_plan", "mcp__fx__"), context().ctx)).success).toBe(false);
  });
});

describe("ToolRouter output budget", () => {
  const big = "x".repeat(200_000);
  const returning = (output: ToolResult): ToolHandler => ({
    spec: { type: "function", name: "mcp__s__big" },
    parallelSafe: false,
    handle: async () => output,
  });

  it("caps any tool's text at 1.2x the model's budget, in the middle; images stay whole", async () => {
    const policy = { mode: "bytes" as const, limit: 10_000 };
    const text = await new ToolRouter([returning({ output: big, success: true })], [], { truncation: policy }).dispatch(call("mcp__s__big"), context().ctx);
    expect(typeof text.output === "string" && text.output.length).toBeLessThan(12_200);
    expect(typeof text.output === "string" && text.output.startsWith("xxxx") && text.output.endsWith("xxxx")).toBe(true);
    expect(String(text.output)).toContain("truncated");

    const image = { type: "input_image" as const, image_url: `data:image/png;base64,${"A".repeat(50_000)}` };
    const items = await new ToolRouter([returning({ output: [{ type: "input_text", text: big }, image], success: true })], [], {
      truncation: policy,
    }).dispatch(call("mcp__s__big"), context().ctx);
    expect(Array.isArray(items.output) && items.output[1]).toEqual(image);
    expect(Array.isArray(items.output) && items.output[0]?.type === "input_text" && items.output[0].text.length).toBeLessThan(12_200);
  });

  it("output within the budget is returned as it is", async () => {
    const router = new ToolRouter([returning({ output: "small", success: true })], [], { truncation: { mode: "tokens", limit: 10 } });
    expect(await router.dispatch(call("mcp__s__big"), context().ctx)).toEqual({ output: "small", success: true });
  });
});
