// Translates thread history (Responses items) and tool specs into Chat Completions `messages` and `tools`.

import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionContentPart,
  ChatCompletionContentPartImage,
  ChatCompletionFunctionTool,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import { assertNever, MISSING_CALL_OUTPUT, type ContentItem, type ResponseItem, type ToolSpec } from "../../protocol/index.js";


/**
 * `messages` for one request. Decisions, for the widest server compatibility (llama.cpp, vLLM, Ollama,
 * LM Studio templates often accept only system/user/assistant/tool, and some a single leading system):
 * - the instructions and the developer messages before the conversation form one leading `system` message;
 *   later developer messages become `system` messages where they stand (never the `developer` role);
 * - user text stays a plain string unless the message has images (then text and `image_url` parts);
 * - adjacent calls become one assistant message with `tool_calls`, joined to the assistant text just before
 *   them; a custom (freeform) call becomes a function call with `{"input": <text>}` arguments;
 * - outputs become `tool` messages with text content; images in outputs follow as one `user` message;
 * - reasoning and web search items are dropped; calls without an output get "aborted".
 */
export function chatMessages(instructions: string, history: readonly ResponseItem[]): ChatCompletionMessageParam[] {
  const b = new MessageBuilder(instructions);
  for (const item of history) b.add(item);
  return b.finish();
}

class MessageBuilder {
  private readonly out: ChatCompletionMessageParam[] = [];
  private readonly system: string[] = [];
  private leading = true;
  /** Call ids of the latest tool_calls message that have no tool message yet. */
  private unanswered: string[] = [];
  /** Images returned by tools, sent as a user message once the tool messages are done. */
  private images: ChatCompletionContentPart[] = [];

  constructor(instructions: string) {
    if (instructions !== "") this.system.push(instructions);
  }

  add(item: ResponseItem): void {
    switch (item.type) {
      case "message":
        if (item.role === "developer" || item.role === "system") {
          this.addSystem(joinText(item.content, "\n"));
          return;
        }
        this.startConversation();
        this.closeCalls();
        if (item.role === "user") this.out.push({ role: "user", content: userContent(item.content) });
        else this.addAssistantText(joinText(item.content, ""));
        return;
      case "function_call":
        // A namespace-form call (`mcp__server__` + `tool`) is one flat name on this wire.
        this.addCall({
          id: item.call_id,
          type: "function",
          function: { name: `${item.namespace ?? ""}${item.name}`, arguments: item.arguments },
        });
        return;
      case "custom_tool_call":
        this.addCall({
          id: item.call_id,
          type: "function",
          function: { name: item.name, arguments: JSON.stringify({ input: item.input }) },
        });
        return;
      case "function_call_output":
      case "custom_tool_call_output":
        this.addOutput(item.call_id, item.output);
        return;
      case "reasoning":
      case "web_search_call":
        return;
      default:
        assertNever(item);
    }
  }

  finish(): ChatCompletionMessageParam[] {
    this.startConversation();
    this.closeCalls();
    return this.out;
  }

  private addSystem(text: string): void {
    if (text === "") return;
    if (this.leading) {
      this.system.push(text);
      return;
    }
    this.closeCalls();
    this.out.push({ role: "system", content: text });
  }

  /** The leading system message goes out once the first non-system item arrives. */
  private startConversation(): void {
    if (!this.leading) return;
    this.leading = false;
    if (this.system.length > 0) this.out.push({ role: "system", content: this.system.join("\n\n") });
  }

  private addAssistantText(text: string): void {
    if (text === "") return;
    this.out.push({ role: "assistant", content: text });
  }

  private addCall(call: ChatCompletionMessageFunctionToolCall): void {
    this.startConversation();
    const last = this.out.at(-1);
    if (last?.role === "assistant" && (this.unanswered.length > 0 || last.tool_calls === undefined)) {
      // Parallel calls, or calls right after the assistant's text: one assistant message.
      last.tool_calls = [...(last.tool_calls ?? []), call];
    } else {
      this.closeCalls();
      const message: ChatCompletionAssistantMessageParam = { role: "assistant", content: null, tool_calls: [call] };
      this.out.push(message);
    }
    this.unanswered.push(call.id);
  }

  private addOutput(callId: string, output: string | ContentItem[]): void {
    // An output with no open call before it (e.g. its call was compacted away) would be rejected by the server.
    const at = this.unanswered.indexOf(callId);
    if (at < 0) return;
    this.unanswered.splice(at, 1);
    const parts = typeof output === "string" ? [] : output;
    const images = parts.filter((p): p is Extract<ContentItem, { type: "input_image" }> => p.type === "input_image");
    let text = typeof output === "string" ? output : joinText(parts, "\n");
    if (images.length > 0) {
      // Tool messages carry text only (OpenAI rejects images there), so images follow as a user message.
      text = [text, `(${images.length === 1 ? "the image is" : "the images are"} attached in the next message)`]
        .filter((t) => t !== "")
        .join("\n");
      this.images.push({ type: "text", text: `Image output of tool call ${callId}:` }, ...images.map(imagePart));
    }
    this.out.push({ role: "tool", tool_call_id: callId, content: text });
  }

  /** Answer the calls still open and send tool images; called before any non-output message. */
  private closeCalls(): void {
    for (const id of this.unanswered) this.out.push({ role: "tool", tool_call_id: id, content: MISSING_CALL_OUTPUT });
    this.unanswered = [];
    if (this.images.length > 0) {
      this.out.push({ role: "user", content: this.images });
      this.images = [];
    }
  }
}

/** Plain text when the message has no images (most compatible), else text and image parts. */
function userContent(content: readonly ContentItem[]): string | ChatCompletionContentPart[] {
  if (!content.some((c) => c.type === "input_image")) return joinText(content, "\n");
  return content.flatMap((c): ChatCompletionContentPart[] => {
    if (c.type === "input_image") return [imagePart(c)];
    const text = partText(c);
    return text === "" ? [] : [{ type: "text", text }];
  });
}

function imagePart(c: Extract<ContentItem, { type: "input_image" }>): ChatCompletionContentPartImage {
  return { type: "image_url", image_url: { url: c.image_url, ...(c.detail ? { detail: c.detail } : {}) } };
}

function partText(c: ContentItem): string {
  switch (c.type) {
    case "input_text":
    case "output_text":
      return c.text;
    case "refusal":
      return c.refusal;
    case "input_image":
      return "";
    default:
      return assertNever(c);
  }
}

function joinText(content: readonly ContentItem[], separator: string): string {
  return content
    .map(partText)
    .filter((t) => t !== "")
    .join(separator);
}

/** Only function tools exist on this wire; custom (freeform) and server-side tools are Responses-only. */
export function chatTools(specs: readonly ToolSpec[]): { tools: ChatCompletionFunctionTool[]; dropped: string[] } {
  const tools: ChatCompletionFunctionTool[] = [];
  const dropped: string[] = [];
  for (const spec of specs) {
    const name = spec.name;
    if (spec.type !== "function" || typeof name !== "string") {
      dropped.push(typeof name === "string" ? `${spec.type}:${name}` : spec.type);
      continue;
    }
    const description = spec["description"];
    const parameters = spec["parameters"];
    tools.push({
      type: "function",
      function: {
        name,
        ...(typeof description === "string" ? { description } : {}),
        ...(isRecord(parameters) ? { parameters } : {}),
        // `strict: false` is the default; sending it only when on spares servers an unknown field.
        ...(spec["strict"] === true ? { strict: true } : {}),
      },
    });
  }
  return { tools, dropped };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
