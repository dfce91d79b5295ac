// One turn through the engine, as the ThreadEvents the CLI prints with --json (same mapper, same order).

import type { EngineArgs } from "../engine/engine-args.js";
import { checkWorkspace } from "../engine/git-check.js";
import { checkInputSize } from "../engine/input-limit.js";
import { prepareOutputSchema } from "../engine/output-schema.js";
import { prepareRun } from "../engine/prepare-run.js";
import { runEngine } from "../engine/run-engine.js";
import { loadImages } from "../engine/start-session.js";
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
  checkWorkspace(req.args, prepared.cwd);
  const schema = req.outputSchema === undefined ? null : await prepareOutputSchema(req.outputSchema, "outputSchema");
  const images: UserInput[] = await loadImages(req.imagePaths, prepared.cwd);
  const run = runEngine(
    prepared,
    req.args,
    {
      type: "user_turn",
      items: [...images, { type: "text", text: req.prompt }],
      ...(schema ? { overrides: { finalOutputJsonSchema: schema.strict, checkFinalOutput: schema.check } } : {}),
    },
    { onRequest: () => req.onRequest?.(), writeStderr: () => undefined },
  );
  const abort = (): void => run.stop();
  req.signal?.addEventListener("abort", abort, { once: true });
  if (req.signal?.aborted) abort();
  const mapper = new ThreadEventMapper();
  try {
    for await (const event of run.events) {
      if (event.type === "run_started") {
        req.onThread?.(event.threadId);
        yield* mapper.start(event.configured);
        continue;
      }
      req.observe?.(event.msg);
      yield* mapper.map(event.msg);
    }
  } catch (err) {
    // A run stopped while it was starting may end in the start-up's own error: the abort is what happened.
    if (req.signal?.aborted) throw abortReason(req.signal);
    throw err;
  } finally {
    req.signal?.removeEventListener("abort", abort);
  }
  // An aborted turn is not a completed one with an empty answer: say so, as a failed fetch or spawn would.
  if (req.signal?.aborted) throw abortReason(req.signal);
}

/** What an aborted signal stands for: its reason when that is an Error, else an `AbortError`. */
function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException("This operation was aborted", "AbortError");
}
