// One turn through the engine, as the ThreadEvents the CLI prints with --json (same mapper, same order).

import type { EngineArgs } from "../api/engine-args.js";
import { prepareOutputSchema } from "../api/output-schema.js";
import { prepareRun } from "../api/prepare-run.js";
import { sessionEvents } from "../api/session-events.js";
import { loadImages, startSession } from "../api/start-session.js";
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
  const prepared = await prepareRun(req.args, { env: req.env, cwd: process.cwd(), platform: process.platform });
  const schema = req.outputSchema === undefined ? null : await prepareOutputSchema(req.outputSchema, "outputSchema");
  const images: UserInput[] = await loadImages(req.imagePaths, prepared.cwd);
  const session = await startSession(prepared, req.args, req.env, {
    onRequest: () => req.onRequest?.(),
    onActivity: () => undefined,
    writeStderr: () => undefined,
  });
  const abort = (): void => {
    session.conversation.submit({ type: "interrupt" });
  };
  req.signal?.addEventListener("abort", abort, { once: true });
  try {
    const mapper = new ThreadEventMapper();
    req.onThread?.(session.threadId);
    yield* mapper.start(session.sessionConfigured);
    session.conversation.submit({
      type: "user_turn",
      items: [...images, { type: "text", text: req.prompt }],
      ...(schema ? { overrides: { finalOutputJsonSchema: schema.strict, checkFinalOutput: schema.check } } : {}),
    });
    if (req.signal?.aborted) abort();
    for await (const msg of sessionEvents(session.conversation)) {
      req.observe?.(msg);
      yield* mapper.map(msg);
    }
  } finally {
    req.signal?.removeEventListener("abort", abort);
    await session.close();
  }
}
