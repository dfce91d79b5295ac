// The events of a session's single turn, ending the session once the turn is over.

import type { AgentSession } from "../agent/agent-session.js";
import type { EventMsg } from "../protocol/index.js";

/** Yields every event until the session shuts down; a finished or aborted turn triggers the shutdown. */
export async function* sessionEvents(conversation: AgentSession): AsyncGenerator<EventMsg> {
  for (;;) {
    const ev = await conversation.nextEvent();
    if (ev === null) return;
    yield ev.msg;
    if (ev.msg.type === "task_complete" || ev.msg.type === "turn_aborted") conversation.submit({ type: "shutdown" });
    if (ev.msg.type === "shutdown_complete") return;
  }
}
