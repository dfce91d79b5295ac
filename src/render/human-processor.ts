// Default output: a readable transcript on stderr, only the final answer on stdout.

import { assertNever, tokensUsedText, type EventMsg, type SessionConfiguredEvent } from "../protocol/index.js";
import { capOutput } from "./cap-output.js";
import { colorDiff } from "./color-diff.js";
import { NOTHING, toStderr, type EventProcessor, type RenderOutput, type RunEnd } from "./event-processor.js";
import { progressLine } from "./progress-line.js";
import type { Style } from "./style.js";

export interface HumanOptions {
  style: Style;
  version: string;
  /** `hide_agent_reasoning`: print no reasoning summaries. */
  hideReasoning?: boolean;
}

/** Renders codex's human transcript layout. */
export class HumanEventProcessor implements EventProcessor {
  private readonly s: Style;
  private finalShown = false;
  /** The `user` block: held back until startup warnings (ignored config keys, MCP failures) are out. */
  private pendingPrompt: string | null = null;
  /** Commands begun and not yet ended, by call id (a heartbeat names its command when needed). */
  private readonly running = new Map<string, string>();
  /** The call id of the command whose `exec` block or heartbeat was the last thing printed, else null. */
  private lastShownCall: string | null = null;

  constructor(private readonly opts: HumanOptions) {
    this.s = opts.style;
  }

  start(c: SessionConfiguredEvent, prompt: string): RenderOutput {
    const s = this.s;
    const proxy: Array<[string, string]> = c.proxy === undefined ? [] : [["proxy", c.proxy]];
    const entries: Array<[string, string]> = [
      ["workdir", c.cwd],
      ["model", c.model],
      ["provider", c.model_provider_id],
      ...proxy,
      ["approval", c.approval_policy],
      ["sandbox", withBackend(c.sandbox_summary, c.sandbox_backend)],
    ];
    if (c.responses_wire) {
      entries.push(["reasoning effort", c.reasoning_effort ?? "none"]);
      entries.push(["reasoning summaries", c.reasoning_summary ?? "none"]);
    }
    entries.push(["session id", c.session_id]);
    const lines = [
      `codex-exec v${this.opts.version}`,
      "--------",
      ...entries.map(([k, v]) => `${s.bold(`${k}:`)} ${v}`),
      "--------",
    ];
    this.pendingPrompt = `${s.cyan("user")}\n${prompt}\n`;
    return toStderr(`${lines.join("\n")}\n`);
  }

  process(msg: EventMsg): RenderOutput {
    const out = this.render(msg);
    if (out.stderr !== "") {
      this.lastShownCall = msg.type === "exec_command_begin" || msg.type === "exec_command_progress" ? msg.call_id : null;
    }
    if (this.pendingPrompt === null || (msg.type === "warning" && out.stderr !== "")) return out;
    return { stdout: out.stdout, stderr: this.takePrompt() + out.stderr };
  }

  private takePrompt(): string {
    const prompt = this.pendingPrompt ?? "";
    this.pendingPrompt = null;
    return prompt;
  }

  private render(msg: EventMsg): RenderOutput {
    const s = this.s;
    switch (msg.type) {
      case "agent_message":
        this.finalShown = true;
        return toStderr(`${s.magenta(s.italic("codex"))}\n${msg.message}\n`);
      case "agent_reasoning":
        // Labelled (codex prints it bare): without colour, bare reasoning reads like the prompt or the answer.
        if (msg.text.trim() === "" || this.opts.hideReasoning === true) return NOTHING;
        return toStderr(`${s.magenta(s.italic("thinking"))}\n${s.dim(msg.text)}\n`);
      case "stream_error":
        return toStderr(`${s.red(s.bold("ERROR:"))} ${msg.message} (${msg.details})\n`);
      case "error":
        return toStderr(`${s.red(s.bold("ERROR:"))} ${msg.error.message}\n`);
      case "warning":
        return toStderr(`${s.yellow(s.bold("warning:"))} ${msg.message}\n`);
      case "turn_aborted":
        return toStderr(`${s.dim("turn interrupted")}\n`);
      case "context_compacted":
        return toStderr(`${s.dim("context compacted")}\n`);
      case "review_output":
        return NOTHING;
      case "exec_command_begin":
        this.running.set(msg.call_id, msg.command);
        return toStderr(`${s.magenta(s.italic("exec"))}\n${s.bold(msg.command)} in ${msg.cwd}\n`);
      case "exec_command_progress": {
        const command = msg.call_id === this.lastShownCall ? null : (this.running.get(msg.call_id) ?? null);
        return toStderr(progressLine(msg, command, s));
      }
      case "exec_command_end": {
        this.running.delete(msg.call_id);
        const took = ` in ${msg.duration_ms}ms:`;
        const head =
          msg.status === "completed"
            ? s.green(` succeeded${took}`)
            : msg.status === "declined"
              ? s.yellow(` declined${took}`)
              : s.red(` exited ${msg.exit_code ?? 1}${took}`);
        // Capped (codex prints it whole): `seq 1 500` must not put 500 lines in a CI log.
        const out = msg.aggregated_output.trim() === "" ? "" : `${capOutput(msg.aggregated_output, s)}\n`;
        return toStderr(`${head}\n${out}`);
      }
      case "patch_apply_begin":
        return toStderr(`${s.bold("apply patch")}\n`);
      case "patch_apply_end": {
        // codex lists each file by the path the patch names; a move shows its source.
        const paths = msg.changes.map((c) => `${s.dim(c.path)}\n`).join("");
        // Unlike codex, a failed patch says why (a declined one stays as codex shows it).
        const reason = msg.status === "failed" && msg.stderr.trim() !== "" ? `${s.red(msg.stderr.trimEnd())}\n` : "";
        return toStderr(`${s.bold("patch:")} ${msg.status}\n${paths}${reason}`);
      }
      case "turn_diff":
        // The diff ends in a newline; printing it as a line leaves a blank line after it, as codex does.
        return msg.unified_diff.trim() === "" ? NOTHING : toStderr(`${colorDiff(msg.unified_diff, s)}\n`);
      case "plan_update": {
        const lines = msg.explanation ? [s.italic(msg.explanation)] : [];
        for (const p of msg.plan) {
          if (p.status === "completed") lines.push(s.green(`  ✓ ${p.step}`));
          else if (p.status === "in_progress") lines.push(s.cyan(`  → ${p.step}`));
          else lines.push(`  • ${s.dim(p.step)}`);
        }
        return toStderr(`${lines.join("\n")}\n`);
      }
      case "mcp_tool_call_begin":
        return toStderr(`${s.bold("mcp:")} ${msg.server}/${msg.tool} started\n`);
      case "mcp_tool_call_end": {
        const status = msg.status === "completed" ? s.green(msg.status) : s.red(msg.status);
        const error = msg.error === null ? "" : `${s.red(msg.error)}\n`;
        return toStderr(`${s.bold("mcp:")} ${msg.server}/${msg.tool} (${status})\n${error}`);
      }
      // codex prints both ends of a search; its query is only known at the end.
      case "web_search_begin":
        return toStderr("web search: \n");
      case "web_search_end":
        return toStderr(`web search: ${msg.query}\n`);
      case "tool_call_end":
      case "session_configured":
      case "task_started":
      case "token_count":
      case "task_complete":
      case "shutdown_complete":
        return NOTHING;
      default:
        return assertNever(msg);
    }
  }

  finish(end: RunEnd): RenderOutput {
    let stderr = this.takePrompt();
    let stdout = "";
    if (end.usage) stderr += `${this.s.dim("tokens used")}\n${tokensUsedText(end.usage)}\n`;
    if (end.status === "completed" && end.finalMessage !== null) {
      if (!(end.stdoutIsTty && end.stderrIsTty)) stdout = `${end.finalMessage}\n`;
      else if (!this.finalShown) stderr += `${this.s.magenta(this.s.italic("codex"))}\n${end.finalMessage}\n`;
    }
    return stdout === "" ? toStderr(stderr) : { stdout, stderr };
  }
}

/** `read-only (landlock)`: which backend enforces the mode; nothing to add when nothing is confined. */
function withBackend(summary: string, backend: string | undefined): string {
  return backend === undefined || backend === "unconfined" ? summary : `${summary} (${backend})`;
}
