// Where the prompt comes from: the argument, stdin, or both (stdin appended as a <stdin> block).

import { castToError, StartupError } from "../errors.js";
import { decodePromptBytes } from "./decode-prompt.js";

export interface PromptSources {
  /** The positional argument, if any. */
  arg: string | undefined;
  /** Root exec appends piped stdin to an argument prompt; resume and fork never do. */
  appendStdin: boolean;
  stdinIsTty: boolean;
  readStdin: () => Promise<Uint8Array>;
  /** Prints a notice line on stderr. */
  notice: (line: string) => void;
}

/** Resolve the prompt text with codex's rules and messages. */
export async function resolvePrompt(src: PromptSources): Promise<string> {
  if (src.arg === undefined || src.arg === "-") {
    if (src.arg === undefined) {
      if (src.stdinIsTty) {
        throw new StartupError(
          "prompt_missing",
          "No prompt provided. Either specify one as an argument or pipe the prompt into stdin.",
        );
      }
      src.notice("Reading prompt from stdin...");
    }
    const text = await readText(src);
    if (text.trim() === "") throw new StartupError("prompt_missing", "No prompt provided via stdin.");
    return text;
  }
  let prompt = src.arg;
  if (src.appendStdin && !src.stdinIsTty) {
    src.notice("Reading additional input from stdin...");
    const extra = await readText(src);
    if (extra.trim() !== "") prompt = withStdinBlock(prompt, extra);
  }
  if (prompt.trim() === "") {
    throw new StartupError("prompt_missing", "The prompt is empty. Pass the task as an argument or pipe it into stdin.");
  }
  return prompt;
}

/** `<prompt>\n\n<stdin>\n<text>[\n]</stdin>` exactly as codex builds it. */
export function withStdinBlock(prompt: string, stdin: string): string {
  return `${prompt}\n\n<stdin>\n${stdin}${stdin.endsWith("\n") ? "" : "\n"}</stdin>`;
}

async function readText(src: PromptSources): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await src.readStdin();
  } catch (err) {
    throw new StartupError("prompt_unreadable", `Failed to read prompt from stdin: ${castToError(err).message}`);
  }
  try {
    return decodePromptBytes(bytes);
  } catch (err) {
    throw new StartupError("prompt_unreadable", `Failed to read prompt from stdin: ${castToError(err).message}`);
  }
}
