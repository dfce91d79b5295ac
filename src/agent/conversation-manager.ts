// Starts conversations and hands them out only once they report SessionConfigured.

import { InternalError } from "../errors.js";
import type { SessionConfiguredEvent } from "../protocol/index.js";
import { AgentSession } from "./agent-session.js";
import type { AgentDeps, SessionConfig } from "./session-config.js";

export interface NewConversation {
  conversationId: string;
  conversation: AgentSession;
  sessionConfigured: SessionConfiguredEvent;
}

export class ConversationManager {
  constructor(private readonly deps: AgentDeps) {}

  /** Spawn a session and wait for its first event, which must be SessionConfigured. */
  async newConversation(config: SessionConfig): Promise<NewConversation> {
    const conversation = AgentSession.spawn(config, this.deps);
    const first = await conversation.nextEvent();
    if (first?.msg.type !== "session_configured") {
      throw new InternalError(`session did not start: expected SessionConfigured, got ${first?.msg.type ?? "end of stream"}`);
    }
    return { conversationId: first.msg.session_id, conversation, sessionConfigured: first.msg };
  }
}
