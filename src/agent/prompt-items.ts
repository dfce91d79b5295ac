// The history as a request may carry it: every call answered, no answer without its call.
//
// A run killed mid-tool (SIGKILL, a crash) leaves a call in its rollout with no output; the Responses API
// rejects such a history ("No tool output found for function call …"), so a resumed thread could never
// continue. As codex does for each prompt, the call is answered "aborted", and an output whose call is
// gone (e.g. trimmed away) is dropped. The stored history itself is left as it was.

import { MISSING_CALL_OUTPUT, type ResponseItem } from "../protocol/index.js";

/** `items` with a synthetic output after each unanswered call and orphan outputs removed; the same array when nothing changes. */
export function promptItems(items: readonly ResponseItem[]): readonly ResponseItem[] {
  const calls = new Map<string, number>();
  const outputs = new Map<string, number>();
  const bump = (m: Map<string, number>, id: string): void => void m.set(id, (m.get(id) ?? 0) + 1);
  for (const item of items) {
    if (item.type === "function_call" || item.type === "custom_tool_call") bump(calls, item.call_id);
    else if (item.type === "function_call_output" || item.type === "custom_tool_call_output") bump(outputs, item.call_id);
  }
  const balanced = [...calls].every(([id, n]) => outputs.get(id) === n) && [...outputs].every(([id, n]) => calls.get(id) === n);
  if (balanced) return items;

  // Pair calls with outputs in order, per call id (a provider may reuse one).
  const answerable = new Map(outputs);
  const answered = new Map(calls);
  const out: ResponseItem[] = [];
  for (const item of items) {
    if (item.type === "function_call_output" || item.type === "custom_tool_call_output") {
      const left = answered.get(item.call_id) ?? 0;
      if (left === 0) continue;
      answered.set(item.call_id, left - 1);
      out.push(item);
      continue;
    }
    out.push(item);
    if (item.type === "function_call" || item.type === "custom_tool_call") {
      const left = answerable.get(item.call_id) ?? 0;
      if (left > 0) {
        answerable.set(item.call_id, left - 1);
        continue;
      }
      out.push(
        item.type === "function_call"
          ? { type: "function_call_output", call_id: item.call_id, output: MISSING_CALL_OUTPUT }
          : { type: "custom_tool_call_output", call_id: item.call_id, output: MISSING_CALL_OUTPUT },
      );
    }
  }
  return out;
}
