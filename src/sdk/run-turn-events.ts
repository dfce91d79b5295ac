// One turn through the engine, as the ThreadEvents the CLI prints with --json (same mapper, same order).

import type { EngineArgs } from "../engine/engine-args.js";
import { checkInputSize } from "../engine/input-limit.js";
import { runLimits, startWatchdog, type Watchdog } from "../engine/run-watchdog.js";
import { prepareOutputSchema } from "../engine/output-schema.js";
import { prepareRun } from "../engine/prepare-run.js";
import { sessionEvents } from "../engine/session-events.js";
import { loadImages, startSession } from "../engine/start-session.js";
import type { EventMsg, ThreadEvent, UserInput } from "../protocol/index.js";
import { ThreadEventMapper } from "../render/thread-event-mapper.js";

export interface TurnRequest {
  args: EngineArgs;
  env: Readonly<Record<string, string | undefined>>;
  prompt: string;
  imagePaths: readonly string[];
  outputSchema?: unknown;
  signal?: AbortSignal | undefined;
  /** Sees every internal event too (for callers that need more than ThreadEvents). */
  observe?: (msg: EventMsg) => void;
  /** Counts model requests. */
  onRequest?: () => void;
  /** Called with the thread id as soon as the thread exists. */
  onThread?: (threadId: string) => void;
}

/** Run one turn in-process and yield its ThreadEvents; resources are released when the generator ends. */
export async function* runTurnEvents(req: TurnRequest): AsyncGenerator<ThreadEvent> {
  checkInputSize(req.prompt);
  const prepared = await prepareRun(req.args, { env: req.env, cwd: process.cwd(), platform: process.platform });
  const schema = req.outputSchema === undefined ? null : await prepareOutputSchema(req.outputSchema, "outputSchema");
  const images: UserInput[] = await loadImages(req.imagePaths, prepared.cwd);
  // The watchdog is armed once the turn is submitted; until then activity goes nowhere.
  let watchdog: Watchdog | null = null;
  const session = await startSession(prepared, req.args, {
    onRequest: () => req.onRequest?.(),
    onActivity: () => watchdog?.beat(),
    writeStderr: () => undefined,
  });
  const abort = (): void => {
    session.conversation.submit({ type: "interrupt" });
  };
  req.signal?.addEventListener("abort", abort, { once: true });
  let submitted = false;
  let turnOver = false;
  let finished = false;
  try {
    const mapper = new ThreadEventMapper();
    req.onThread?.(session.threadId);
    yield* mapper.start(session.sessionConfigured);
    session.conversation.submit({
      type: "user_turn",
      items: [...images, { type: "text", text: req.prompt }],
      ...(schema ? { overrides: { finalOutputJsonSchema: schema.strict, checkFinalOutput: schema.check } } : {}),
    });
    submitted = true;
    // The CLI's limits: a turn that runs too long or goes silent fails with code `timeout` or `idle`.
    watchdog = startWatchdog(runLimits(req.args, prepared.config), (reason, message) =>
      session.conversation.submit({ type: "interrupt", reason, message }),
    );
    if (req.signal?.aborted) abort();
    for await (const msg of sessionEvents(session.conversation)) {
      // A heartbeat says a command is still running, not that anything happened.
      if (msg.type !== "exec_command_progress") watchdog.beat();
      if (msg.type === "task_complete" || msg.type === "turn_aborted") turnOver = true;
      req.observe?.(msg);
      yield* mapper.map(msg);
    }
    finished = true;
  } finally {
    watchdog?.stop();
    req.signal?.removeEventListener("abort", abort);
    if (!finished) {
      // The caller stopped reading (break, return, a throw): the turn must not go on without it. Stop it
      // and wait until its commands are ended and the session is down, then release everything.
      session.conversation.submit(submitted && !turnOver ? { type: "interrupt" } : { type: "shutdown" });
      for await (const msg of sessionEvents(session.conversation)) req.observe?.(msg);
    }
    await session.close();
  }
  // An aborted turn is not a completed one with an empty answer: say so, as a failed fetch or spawn would.
  if (req.signal?.aborted) throw abortReason(req.signal);
}

/** What an aborted signal stands for: its reason when that is an Error, else an `AbortError`. */
function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException("This operation was aborted", "AbortError");
}
