// The context recorded before the first prompt (spec core §7.2–7.3): permissions + developer text, AGENTS.md, environment.

import {
  AGENTS_MD_MARKERS,
  assertNever,
  ENVIRONMENT_CONTEXT_MARKERS,
  PERMISSIONS_MARKERS,
  type ApprovalPolicy,
  type MessageItem,
  type ResponseItem,
  type SandboxPolicy,
} from "../protocol/index.js";

export interface InitialContextInput {
  cwd: string;
  /** Shell name as the model should see it, e.g. `bash`. */
  shell: string;
  /** Local date, `YYYY-MM-DD` (see `localDateString`). */
  currentDate: string;
  /** IANA time zone name, e.g. `Europe/Paris`; `Etc/UTC` when unknown. */
  timezone: string;
  sandbox: SandboxPolicy;
  approvalPolicy: ApprovalPolicy;
  /** Global + project AGENTS.md text (config/project-docs.ts); null when there is none. */
  projectDocs: string | null;
  /** `developer_instructions`; null when unset. */
  developerInstructions: string | null;
  includePermissionsInstructions: boolean;
  includeEnvironmentContext: boolean;
}

/**
 * The items recorded ahead of the first user prompt: a developer message (permissions, developer
 * instructions) and a user message (AGENTS.md, environment context). Either is left out when it would be empty.
 */
export function buildInitialContext(input: InitialContextInput): ResponseItem[] {
  const developer: string[] = [];
  if (input.includePermissionsInstructions) developer.push(permissionsInstructions(input.sandbox, input.approvalPolicy));
  if (input.developerInstructions !== null && input.developerInstructions.trim() !== "") {
    developer.push(input.developerInstructions);
  }
  const user: string[] = [];
  if (input.projectDocs !== null && input.projectDocs.trim() !== "") {
    user.push(agentsMdFragment(input.cwd, input.projectDocs));
  }
  if (input.includeEnvironmentContext) user.push(environmentContextFragment(input));
  return [...textMessage("developer", developer), ...textMessage("user", user)];
}

/** `<permissions instructions>`: the sandbox the commands run in and what the approval policy means for retries. */
export function permissionsInstructions(sandbox: SandboxPolicy, approvalPolicy: ApprovalPolicy): string {
  const lines = [
    `${sandboxText(sandbox)}${writableRootsText(sandbox)}`,
    approvalText(approvalPolicy),
  ];
  return `${PERMISSIONS_MARKERS.start}\n${lines.join("\n")}\n${PERMISSIONS_MARKERS.end}`;
}

/** The AGENTS.md part of the context message. */
export function agentsMdFragment(cwd: string, text: string): string {
  return `${AGENTS_MD_MARKERS.start}${cwd}\n\n<INSTRUCTIONS>\n${text}\n${AGENTS_MD_MARKERS.end}`;
}

/** `<environment_context>` in codex's shape: one element per line, two-space indent. */
export function environmentContextFragment(env: Pick<InitialContextInput, "cwd" | "shell" | "currentDate" | "timezone">): string {
  return [
    ENVIRONMENT_CONTEXT_MARKERS.start,
    `  <cwd>${env.cwd}</cwd>`,
    `  <shell>${env.shell}</shell>`,
    `  <current_date>${env.currentDate}</current_date>`,
    `  <timezone>${env.timezone}</timezone>`,
    ENVIRONMENT_CONTEXT_MARKERS.end,
  ].join("\n");
}

/**
 * `YYYY-MM-DD` for the instant `epochMs` in the process's local zone (`TZ`, else the system's), the zone
 * `localTimeZone` names. Date's local fields, not Intl.DateTimeFormat: Intl loads ~7 MB of ICU data.
 */
export function localDateString(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${String(d.getFullYear()).padStart(4, "0")}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

function textMessage(role: "developer" | "user", texts: readonly string[]): MessageItem[] {
  if (texts.length === 0) return [];
  return [{ type: "message", role, content: texts.map((text) => ({ type: "input_text", text })) }];
}

function sandboxText(sandbox: SandboxPolicy): string {
  const network = `Network access is ${sandbox.networkAccess ? "enabled" : "restricted"}.`;
  switch (sandbox.mode) {
    case "read-only":
      return `Shell commands run in the \`read-only\` sandbox: they can read files anywhere but cannot create, change or delete any file. ${network}`;
    case "workspace-write":
      return `Shell commands run in the \`workspace-write\` sandbox: they can read files anywhere and change files only inside the writable roots. ${network}`;
    case "danger-full-access":
      return `Shell commands run without a sandbox (\`danger-full-access\`): they have the same file access as the user. ${network}`;
    default:
      return assertNever(sandbox.mode);
  }
}

function writableRootsText(sandbox: SandboxPolicy): string {
  if (sandbox.mode !== "workspace-write" || sandbox.writableRoots.length === 0) return "";
  const roots = sandbox.writableRoots.map((r) => `\`${r}\``);
  return roots.length === 1 ? ` The writable root is ${roots[0]}.` : ` The writable roots are ${roots.join(", ")}.`;
}

function approvalText(policy: ApprovalPolicy): string {
  switch (policy) {
    case "never":
      return (
        "The approval policy is `never`: no one will be asked to approve anything, so an action the sandbox " +
        "blocks stays blocked. Do not retry a blocked action or ask for more permissions; work within these " +
        "limits, and if the task cannot be finished that way, say what was blocked in your final message."
      );
    case "on-request":
      return "The approval policy is `on-request`: commands run in the sandbox, and the user may be asked to approve one that needs to run outside it.";
    case "on-failure":
      return "The approval policy is `on-failure`: commands run in the sandbox, and a command the sandbox stops may be retried without it once the user approves.";
    case "untrusted":
      return "The approval policy is `untrusted`: only known read-only commands run without asking; anything else needs the user's approval first.";
    default:
      return assertNever(policy);
  }
}
