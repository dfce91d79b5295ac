// Argument schemas of exec_command and write_stdin; the wire specs are generated from them so both agree.

import { z } from "../../protocol/zod.js";

/** exec_command arguments (upstream names; `login` defaults to true, `tty` to false). */
export const ExecCommandArgs = z.object({
  cmd: z.string().check(z.describe("The shell command line to run.")),
  workdir: z.optional(z.string()).check(z.describe("Directory to run in; relative paths resolve against the turn's working directory.")),
  shell: z.optional(z.string()).check(z.describe("Shell binary to run the command with; defaults to the user's shell.")),
  login: z.optional(z.boolean()).check(z.describe("Run the shell as a login shell (`-lc`) rather than `-c`. Defaults to true.")),
  tty: z
    .optional(z.boolean())
    .check(z.describe("Give the command a pseudo-terminal, for programs that need one. Defaults to false (plain pipes).")),
  yield_time_ms: z
    .optional(z.number())
    .check(z.describe("How long to wait for the command to finish before returning with a session ID (250-30000 ms).")),
  max_output_tokens: z.optional(z.number()).check(z.describe("Cap on returned output; longer output keeps its start and end.")),
});
export type ExecCommandArgs = z.infer<typeof ExecCommandArgs>;

/** write_stdin arguments; empty `chars` is a poll. */
export const WriteStdinArgs = z.object({
  session_id: z.number().check(z.describe("Session ID of the running command, as returned by exec_command.")),
  chars: z.optional(z.string()).check(z.describe("Text to send to the command's stdin; omit or leave empty to just read new output.")),
  yield_time_ms: z.optional(z.number()).check(z.describe("How long to collect output after writing before returning (ms).")),
  max_output_tokens: z.optional(z.number()).check(z.describe("Cap on returned output; longer output keeps its start and end.")),
});
export type WriteStdinArgs = z.infer<typeof WriteStdinArgs>;
