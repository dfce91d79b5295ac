// Flat MCP tool names: sanitising, the 64-character limit with a sha1 suffix, uniqueness, namespace aliases.

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { flatToolNames, namespaceAliases } from "../../../../src/tools/mcp/mcp-tool-names.js";

const sha1 = (s: string): string => createHash("sha1").update(s).digest("hex");

describe("flatToolNames", () => {
  it("joins server and tool as mcp__<server>__<tool>", () => {
    expect(flatToolNames([{ server: "fx", tool: "echo" }])).toEqual(["mcp__fx__echo"]);
  });

  it("replaces characters outside [A-Za-z0-9_-] with _", () => {
    expect(flatToolNames([{ server: "my-srv", tool: "files.read/all" }])).toEqual(["mcp__my-srv__files_read_all"]);
  });

  it("cuts names over 64 characters and ends them in the sha1 of the raw name", () => {
    const tool = "a".repeat(80);
    const [name] = flatToolNames([{ server: "srv", tool }]);
    expect(name).toHaveLength(64);
    expect(name).toBe(`mcp__srv__${"a".repeat(64 - 40 - 10)}${sha1(`mcp__srv__${tool}`)}`);
  });

  it("keeps names unique when two raw names sanitise alike", () => {
    const names = flatToolNames([
      { server: "srv", tool: "a.b" },
      { server: "srv", tool: "a_b" },
    ]);
    expect(names[0]).toBe("mcp__srv__a_b");
    expect(names[1]).toBe(`mcp__srv__a_b_${sha1("mcp__srv__a_b").slice(0, 12)}`);
    expect(new Set(names).size).toBe(2);
  });

  it("offers a tool listed twice only once", () => {
    expect(flatToolNames([
      { server: "srv", tool: "x" },
      { server: "srv", tool: "x" },
    ])).toEqual(["mcp__srv__x", null]);
  });

  it("every name fits the API's pattern", () => {
    const names = flatToolNames([{ server: "wéird srv", tool: "tööl ✓".repeat(20) }]);
    expect(names[0]).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
});

describe("namespaceAliases", () => {
  it("covers the raw names and codex 0.125's namespace sanitising", () => {
    expect(namespaceAliases({ server: "my-srv", tool: "do.it" })).toEqual(["mcp__my-srv__do.it", "mcp__my_srv__do_it"]);
    expect(namespaceAliases({ server: "fx", tool: "echo" })).toEqual(["mcp__fx__echo"]);
  });
});
