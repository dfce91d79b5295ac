// `--json`: each session event becomes the JSONL lines of the codex exec contract on stdout.

import type { EventMsg, SessionConfiguredEvent, ThreadEvent } from "../protocol/index.js";
import { NOTHING, toStdout, type EventProcessor, type RenderOutput } from "./event-processor.js";
import { ThreadEventMapper } from "./thread-event-mapper.js";

/** One `JSON.stringify` line per ThreadEvent; the mapping itself is shared with the TypeScript API. */
export class JsonlEventProcessor implements EventProcessor {
  private readonly mapper = new ThreadEventMapper();

  start(configured: SessionConfiguredEvent): RenderOutput {
    return lines(this.mapper.start(configured));
  }

  process(msg: EventMsg): RenderOutput {
    return lines(this.mapper.map(msg));
  }

  finish(): RenderOutput {
    return NOTHING;
  }
}

function lines(events: readonly ThreadEvent[]): RenderOutput {
  return events.length === 0 ? NOTHING : toStdout(events.map((e) => `${JSON.stringify(e)}\n`).join(""));
}
