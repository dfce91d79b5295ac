// A tool as offered to the model in the request's `tools` array (already in wire shape).

export type ToolSpec = Record<string, unknown> & { type: string; name?: string };
