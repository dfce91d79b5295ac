// The initial context items: exact shapes of the permissions, AGENTS.md and environment fragments, and their recognition.

import { afterEach, describe, expect, it } from "vitest";
import {
  agentsMdFragment,
  buildInitialContext,
  environmentContextFragment,
  localDateString,
  permissionsInstructions,
  type InitialContextInput,
} from "../../../src/agent/initial-context.js";
import {
  isContextualUserFragment,
  isContextualUserMessage,
  isPermissionsInstructions,
} from "../../../src/protocol/index.js";
import { userTextMessage, type SandboxPolicy } from "../../../src/protocol/index.js";

const READ_ONLY: SandboxPolicy = { mode: "read-only", writableRoots: [], readOnlySubpaths: [], networkAccess: false };
const WORKSPACE: SandboxPolicy = {
  mode: "workspace-write",
  writableRoots: ["/work/repo", "/tmp"],
  readOnlySubpaths: ["/work/repo/.git"],
  networkAccess: false,
};
const FULL: SandboxPolicy = { mode: "danger-full-access", writableRoots: [], readOnlySubpaths: [], networkAccess: true };

const input = (o: Partial<InitialContextInput> = {}): InitialContextInput => ({
  cwd: "/work/repo",
  shell: "bash",
  currentDate: "2026-04-24",
  timezone: "Europe/Paris",
  sandbox: READ_ONLY,
  approvalPolicy: "never",
  projectDocs: null,
  developerInstructions: null,
  includePermissionsInstructions: true,
  includeEnvironmentContext: true,
  ...o,
});

const ENV = [
  "<environment_context>",
  "  <cwd>/work/repo</cwd>",
  "  <shell>bash</shell>",
  "  <current_date>2026-04-24</current_date>",
  "  <timezone>Europe/Paris</timezone>",
  "</environment_context>",
].join("\n");

describe("buildInitialContext", () => {
  it("defaults: developer{permissions}, then user{environment_context}", () => {
    expect(buildInitialContext(input())).toEqual([
      { type: "message", role: "developer", content: [{ type: "input_text", text: permissionsInstructions(READ_ONLY, "never") }] },
      { type: "message", role: "user", content: [{ type: "input_text", text: ENV }] },
    ]);
  });

  it("everything: permissions + developer instructions; AGENTS.md + environment, in that order", () => {
    const items = buildInitialContext(
      input({ projectDocs: "global\n\n--- project-doc ---\n\nroot", developerInstructions: "Prefer small diffs." }),
    );
    expect(items).toEqual([
      {
        type: "message",
        role: "developer",
        content: [
          { type: "input_text", text: permissionsInstructions(READ_ONLY, "never") },
          { type: "input_text", text: "Prefer small diffs." },
        ],
      },
      {
        type: "message",
        role: "user",
        content: [
          {
            type: "input_text",
            text: "# AGENTS.md instructions for /work/repo\n\n<INSTRUCTIONS>\nglobal\n\n--- project-doc ---\n\nroot\n</INSTRUCTIONS>",
          },
          { type: "input_text", text: ENV },
        ],
      },
    ]);
  });

  it("include flags off and no docs: nothing at all", () => {
    expect(buildInitialContext(input({ includePermissionsInstructions: false, includeEnvironmentContext: false }))).toEqual([]);
  });

  it("permissions off: developer message holds only developer_instructions", () => {
    const items = buildInitialContext(input({ includePermissionsInstructions: false, developerInstructions: "dev" }));
    expect(items[0]).toEqual({ type: "message", role: "developer", content: [{ type: "input_text", text: "dev" }] });
  });

  it("environment off: user message holds only AGENTS.md", () => {
    const items = buildInitialContext(input({ includeEnvironmentContext: false, projectDocs: "docs" }));
    expect(items[1]).toEqual({
      type: "message",
      role: "user",
      content: [{ type: "input_text", text: agentsMdFragment("/work/repo", "docs") }],
    });
  });

  it("blank docs and blank developer instructions are left out", () => {
    const items = buildInitialContext(input({ projectDocs: " \n", developerInstructions: "  " }));
    expect(items.map((i) => (i.type === "message" ? i.content.length : -1))).toEqual([1, 1]);
  });
});

describe("fragments", () => {
  it("environment context: codex's shape, two-space indent, no trailing newline", () => {
    expect(environmentContextFragment(input())).toBe(ENV);
  });

  it("AGENTS.md block", () => {
    expect(agentsMdFragment("/r", "line 1\nline 2")).toMatchInlineSnapshot(`
      "# AGENTS.md instructions for /r

      <INSTRUCTIONS>
      line 1
      line 2
      </INSTRUCTIONS>"
    `);
  });

  it("permissions, read-only + never", () => {
    expect(permissionsInstructions(READ_ONLY, "never")).toMatchInlineSnapshot(`
      "<permissions instructions>
      Shell commands run in the \`read-only\` sandbox: they can read files anywhere but cannot create, change or delete any file. Network access is restricted.
      The approval policy is \`never\`: no one will be asked to approve anything, so an action the sandbox blocks stays blocked. Do not retry a blocked action or ask for more permissions; work within these limits, and if the task cannot be finished that way, say what was blocked in your final message.
      </permissions instructions>"
    `);
  });

  it("workspace-write lists the writable roots in codex's form", () => {
    const text = permissionsInstructions(WORKSPACE, "never");
    expect(text).toContain("`workspace-write`");
    expect(text).toContain("Network access is restricted. The writable roots are `/work/repo`, `/tmp`.\n");
    const one = permissionsInstructions({ ...WORKSPACE, writableRoots: ["/work/repo"], networkAccess: true }, "never");
    expect(one).toContain("Network access is enabled. The writable root is `/work/repo`.\n");
  });

  it("no writable-roots sentence outside workspace-write", () => {
    expect(permissionsInstructions(READ_ONLY, "never")).not.toContain("writable root");
    expect(permissionsInstructions(FULL, "never")).not.toContain("writable root");
  });

  it("danger-full-access says there is no sandbox and the network is enabled", () => {
    const text = permissionsInstructions(FULL, "never");
    expect(text).toContain("without a sandbox (`danger-full-access`)");
    expect(text).toContain("Network access is enabled.");
  });

  it.each(["untrusted", "on-failure", "on-request", "never"] as const)("names approval policy %s", (policy) => {
    expect(permissionsInstructions(READ_ONLY, policy)).toContain(`The approval policy is \`${policy}\``);
  });
});

describe("recognising contextual fragments", () => {
  const [developer, user] = buildInitialContext(input({ projectDocs: "docs" }));

  it("the built user message is context, a plain prompt is not", () => {
    expect(user && isContextualUserMessage(user)).toBe(true);
    expect(isContextualUserMessage(userTextMessage("fix the bug"))).toBe(false);
    expect(developer && isContextualUserMessage(developer)).toBe(false);
  });

  it.each([
    ["AGENTS.md", agentsMdFragment("/x", "b"), true],
    ["environment", ENV, true],
    ["legacy user_instructions", "<user_instructions>\n\nold\n\n</user_instructions>", true],
    ["surrounding whitespace and case", "\n  <ENVIRONMENT_CONTEXT>\n</Environment_Context>\n", true],
    ["start marker only", "<environment_context> is a tag I like", false],
    ["marker in the middle", "please read <environment_context></environment_context>", false],
    ["ordinary text", "hello", false],
  ])("%s", (_name, text, want) => {
    expect(isContextualUserFragment({ type: "input_text", text })).toBe(want);
  });

  it("only input_text parts can be context", () => {
    expect(isContextualUserFragment({ type: "output_text", text: ENV })).toBe(false);
  });

  it("permissions instructions are recognised", () => {
    expect(isPermissionsInstructions({ type: "input_text", text: permissionsInstructions(WORKSPACE, "never") })).toBe(true);
    expect(isPermissionsInstructions({ type: "input_text", text: "be careful" })).toBe(false);
  });
});

describe("localDateString", () => {
  // 2026-04-24T23:30:00Z: already the 25th in Tokyo, still the 24th in New York.
  const t = Date.UTC(2026, 3, 24, 23, 30);
  const saved = process.env["TZ"];
  afterEach(() => {
    if (saved === undefined) delete process.env["TZ"];
    else process.env["TZ"] = saved;
  });

  it("formats the date in the process's local zone (Node applies a changed TZ at once)", () => {
    process.env["TZ"] = "Asia/Tokyo";
    expect(localDateString(t)).toBe("2026-04-25");
    process.env["TZ"] = "America/New_York";
    expect(localDateString(t)).toBe("2026-04-24");
    process.env["TZ"] = "Etc/UTC";
    expect(localDateString(t)).toBe("2026-04-24");
  });

  it("pads month, day and year", () => {
    process.env["TZ"] = "Etc/UTC";
    expect(localDateString(Date.UTC(987, 0, 5, 12))).toBe("0987-01-05");
  });
});
