// Prompt resolution (exec-frontend.md §2.5): argument, forced `-`, piped stdin, the <stdin> block.

import { describe, expect, it } from "vitest";
import { resolvePrompt, withStdinBlock } from "../../../src/cli/resolve-prompt.js";
import { StartupError } from "../../../src/errors.js";

interface Run {
  result: string | undefined;
  error: unknown;
  notices: string[];
  reads: number;
}

async function run(
  arg: string | undefined,
  stdinIsTty: boolean,
  stdin: string | Uint8Array | Error,
  appendStdin = true,
): Promise<Run> {
  const notices: string[] = [];
  let reads = 0;
  const out: Run = { result: undefined, error: undefined, notices, reads: 0 };
  try {
    out.result = await resolvePrompt({
      arg,
      appendStdin,
      stdinIsTty,
      readStdin: async () => {
        reads += 1;
        if (stdin instanceof Error) throw stdin;
        return typeof stdin === "string" ? new TextEncoder().encode(stdin) : stdin;
      },
      notice: (line) => notices.push(line),
    });
  } catch (err) {
    out.error = err;
  }
  out.reads = reads;
  return out;
}

const NO_PROMPT = "No prompt provided. Either specify one as an argument or pipe the prompt into stdin.";

describe("resolvePrompt: no argument (RequiredIfPiped)", () => {
  it("TTY stdin → error, stdin untouched", async () => {
    const r = await run(undefined, true, "ignored");
    expect(r.error).toBeInstanceOf(StartupError);
    expect(r.error).toMatchObject({ code: "prompt_missing", message: NO_PROMPT });
    expect(r.reads).toBe(0);
    expect(r.notices).toEqual([]);
  });

  it("piped stdin → notice, prompt verbatim (trailing newline kept)", async () => {
    const r = await run(undefined, false, "prompt from stdin\n");
    expect(r.result).toBe("prompt from stdin\n");
    expect(r.notices).toEqual(["Reading prompt from stdin..."]);
  });

  it.each(["", "   ", "\n\t\n"])("blank piped stdin %j → No prompt provided via stdin.", async (stdin) => {
    const r = await run(undefined, false, stdin);
    expect(r.error).toMatchObject({ code: "prompt_missing", message: "No prompt provided via stdin." });
    expect(r.notices).toEqual(["Reading prompt from stdin..."]);
  });
});

describe("resolvePrompt: `-` (Forced)", () => {
  it.each([true, false])("reads stdin with no notice (stdin TTY: %s)", async (tty) => {
    const r = await run("-", tty, "  from dash\n");
    expect(r.result).toBe("  from dash\n");
    expect(r.notices).toEqual([]);
    expect(r.reads).toBe(1);
  });

  it("blank stdin → error", async () => {
    const r = await run("-", false, " \n");
    expect(r.error).toMatchObject({ code: "prompt_missing", message: "No prompt provided via stdin." });
  });
});

describe("resolvePrompt: argument (OptionalAppend)", () => {
  it("TTY stdin: argument as is, stdin never read", async () => {
    const r = await run("do it", true, "never read");
    expect(r).toMatchObject({ result: "do it", notices: [], reads: 0 });
  });

  it("piped stdin: the <stdin> block, exactly as in the spec", async () => {
    const r = await run("Summarize this concisely", false, "my output\n");
    expect(r.result).toBe("Summarize this concisely\n\n<stdin>\nmy output\n</stdin>");
    expect(r.notices).toEqual(["Reading additional input from stdin..."]);
  });

  it("piped stdin without a trailing newline gets one before </stdin>", async () => {
    const r = await run("P", false, "no newline");
    expect(r.result).toBe("P\n\n<stdin>\nno newline\n</stdin>");
  });

  it("piped stdin is appended verbatim (inner blank lines, leading spaces)", async () => {
    const r = await run("P", false, "  a\n\nb\n\n");
    expect(r.result).toBe("P\n\n<stdin>\n  a\n\nb\n\n</stdin>");
  });

  it.each(["", " ", "\n\n"])("blank piped stdin %j leaves the prompt unchanged (notice still shown)", async (stdin) => {
    const r = await run("just this", false, stdin);
    expect(r.result).toBe("just this");
    expect(r.notices).toEqual(["Reading additional input from stdin..."]);
  });

  it("a blank argument with blank stdin is an error", async () => {
    const r = await run("   ", true, "");
    expect(r.error).toBeInstanceOf(StartupError);
    expect(r.error).toMatchObject({ code: "prompt_missing" });
  });

  it("stdin decoded with BOM handling before appending", async () => {
    const r = await run("P", false, Uint8Array.from([0xef, 0xbb, 0xbf, 0x78, 0x0a]));
    expect(r.result).toBe("P\n\n<stdin>\nx\n</stdin>");
  });
});

describe("resolvePrompt: unreadable stdin", () => {
  it.each([
    {
      name: "invalid UTF-8",
      arg: undefined,
      stdin: Uint8Array.from([0x61, 0xff]) as Uint8Array | Error,
      message:
        "Failed to read prompt from stdin: input is not valid UTF-8 (invalid byte at offset 1). Convert it to UTF-8 and retry (e.g., `iconv -f <ENC> -t UTF-8 prompt.txt`).",
    },
    {
      name: "UTF-32 with `-`",
      arg: "-",
      stdin: Uint8Array.from([0xff, 0xfe, 0, 0]),
      message: "Failed to read prompt from stdin: input appears to be UTF-32LE. Convert it to UTF-8 and retry.",
    },
    {
      name: "read error while appending",
      arg: "P",
      stdin: new Error("EIO: i/o error, read"),
      message: "Failed to read prompt from stdin: EIO: i/o error, read",
    },
  ])("$name", async ({ arg, stdin, message }) => {
    const r = await run(arg, false, stdin);
    expect(r.error).toBeInstanceOf(StartupError);
    expect(r.error).toMatchObject({ code: "prompt_unreadable", message });
  });
});

describe("withStdinBlock", () => {
  it.each([
    { prompt: "a", stdin: "b", want: "a\n\n<stdin>\nb\n</stdin>" },
    { prompt: "a", stdin: "b\n", want: "a\n\n<stdin>\nb\n</stdin>" },
    { prompt: "a\n", stdin: "b\r\n", want: "a\n\n\n<stdin>\nb\r\n</stdin>" },
  ])("$prompt + $stdin", ({ prompt, stdin, want }) => {
    expect(withStdinBlock(prompt, stdin)).toBe(want);
  });
});

describe("resume and fork (no stdin appending)", () => {
  it("an argument prompt is used as is, and stdin is not read", async () => {
    const r = await run("continue", false, "piped text", false);
    expect(r.result).toBe("continue");
    expect(r.reads).toBe(0);
    expect(r.notices).toEqual([]);
  });
  it("no argument still reads piped stdin", async () => {
    expect((await run(undefined, false, "from stdin", false)).result).toBe("from stdin");
  });
});
