// Expands short scenario descriptions into the full Responses SSE event sequence the real API sends.

export type Usage = {
  input_tokens: number;
  cached?: number;
  output_tokens: number;
  reasoning?: number;
};

/** One output item of a scripted response. */
export type ItemSpec =
  | { message: string; id?: string }
  | { reasoning: string; id?: string }
  | { functionCall: { name: string; arguments: unknown; callId?: string; namespace?: string } }
  | { customToolCall: { name: string; input: string; callId?: string } }
  | { webSearch: { query: string; id?: string } };

export type SseEvent = Record<string, unknown> & { type: string };

let counter = 0;
const nextId = (prefix: string): string => `${prefix}_${(++counter).toString(36)}`;

/** The events of one output item, from `output_item.added` to `output_item.done`. */
export function itemEvents(spec: ItemSpec, outputIndex: number): SseEvent[] {
  if ("message" in spec) {
    const id = spec.id ?? nextId("msg");
    const done = {
      type: "message",
      id,
      status: "completed",
      role: "assistant",
      content: [{ type: "output_text", text: spec.message, annotations: [] }],
    };
    const chunks = spec.message.match(/[\s\S]{1,8}/g) ?? [];
    return [
      { type: "response.output_item.added", output_index: outputIndex, item: { ...done, status: "in_progress", content: [] } },
      { type: "response.content_part.added", item_id: id, output_index: outputIndex, content_index: 0, part: { type: "output_text", text: "" } },
      ...chunks.map((delta) => ({ type: "response.output_text.delta", item_id: id, output_index: outputIndex, content_index: 0, delta })),
      { type: "response.output_text.done", item_id: id, output_index: outputIndex, content_index: 0, text: spec.message },
      { type: "response.content_part.done", item_id: id, output_index: outputIndex, content_index: 0, part: done.content[0] },
      { type: "response.output_item.done", output_index: outputIndex, item: done },
    ];
  }
  if ("reasoning" in spec) {
    const id = spec.id ?? nextId("rs");
    const done = {
      type: "reasoning",
      id,
      summary: [{ type: "summary_text", text: spec.reasoning }],
      encrypted_content: "gAAAA-encrypted",
    };
    return [
      { type: "response.output_item.added", output_index: outputIndex, item: { ...done, summary: [] } },
      { type: "response.reasoning_summary_part.added", item_id: id, output_index: outputIndex, summary_index: 0, part: { type: "summary_text", text: "" } },
      { type: "response.reasoning_summary_text.delta", item_id: id, output_index: outputIndex, summary_index: 0, delta: spec.reasoning },
      { type: "response.reasoning_summary_text.done", item_id: id, output_index: outputIndex, summary_index: 0, text: spec.reasoning },
      { type: "response.output_item.done", output_index: outputIndex, item: done },
    ];
  }
  if ("functionCall" in spec) {
    const id = nextId("fc");
    const args = JSON.stringify(spec.functionCall.arguments);
    const done = {
      type: "function_call",
      id,
      status: "completed",
      name: spec.functionCall.name,
      ...(spec.functionCall.namespace === undefined ? {} : { namespace: spec.functionCall.namespace }),
      arguments: args,
      call_id: spec.functionCall.callId ?? nextId("call"),
    };
    return [
      { type: "response.output_item.added", output_index: outputIndex, item: { ...done, status: "in_progress", arguments: "" } },
      { type: "response.function_call_arguments.delta", item_id: id, output_index: outputIndex, delta: args },
      { type: "response.function_call_arguments.done", item_id: id, output_index: outputIndex, arguments: args },
      { type: "response.output_item.done", output_index: outputIndex, item: done },
    ];
  }
  if ("customToolCall" in spec) {
    const id = nextId("ctc");
    const done = {
      type: "custom_tool_call",
      id,
      status: "completed",
      name: spec.customToolCall.name,
      input: spec.customToolCall.input,
      call_id: spec.customToolCall.callId ?? nextId("call"),
    };
    return [
      { type: "response.output_item.added", output_index: outputIndex, item: { ...done, status: "in_progress", input: "" } },
      { type: "response.custom_tool_call_input.delta", item_id: id, output_index: outputIndex, delta: spec.customToolCall.input },
      { type: "response.output_item.done", output_index: outputIndex, item: done },
    ];
  }
  const id = spec.webSearch.id ?? nextId("ws");
  const done = { type: "web_search_call", id, status: "completed", action: { type: "search", query: spec.webSearch.query } };
  return [
    { type: "response.output_item.added", output_index: outputIndex, item: { ...done, status: "in_progress" } },
    { type: "response.output_item.done", output_index: outputIndex, item: done },
  ];
}

/** `response.completed` with usage in the wire shape, repeating the finished items as the API does. */
export function completedEvent(responseId: string, usage?: Usage, output: readonly unknown[] = []): SseEvent {
  return {
    type: "response.completed",
    response: {
      id: responseId,
      object: "response",
      status: "completed",
      output,
      usage: usage
        ? {
            input_tokens: usage.input_tokens,
            input_tokens_details: { cached_tokens: usage.cached ?? 0 },
            output_tokens: usage.output_tokens,
            output_tokens_details: { reasoning_tokens: usage.reasoning ?? 0 },
            total_tokens: usage.input_tokens + usage.output_tokens,
          }
        : null,
    },
  };
}

/** A whole successful response: created, in_progress, the items, completed. */
export function responseEvents(items: readonly ItemSpec[], usage?: Usage): SseEvent[] {
  const id = nextId("resp");
  const shell = { id, object: "response", status: "in_progress", output: [] };
  const events = items.flatMap((spec, i) => itemEvents(spec, i));
  const output = events.filter((e) => e.type === "response.output_item.done").map((e) => e["item"]);
  return [
    { type: "response.created", response: shell },
    { type: "response.in_progress", response: shell },
    ...events,
    completedEvent(id, usage, output),
  ];
}

/** A `response.failed` event sequence. */
export function failedEvents(code: string | null, message: string): SseEvent[] {
  const id = nextId("resp");
  return [
    { type: "response.created", response: { id, object: "response", status: "in_progress", output: [] } },
    { type: "response.failed", response: { id, object: "response", status: "failed", error: code === null ? null : { code, message } } },
  ];
}

/** Encode events as SSE frames (`event:` + `data:`), with sequence numbers. */
export function encodeSse(events: readonly SseEvent[]): string[] {
  return events.map((e, i) => `event: ${e.type}\ndata: ${JSON.stringify({ ...e, sequence_number: i })}\n\n`);
}
