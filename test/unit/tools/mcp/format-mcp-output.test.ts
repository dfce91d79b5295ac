// The text an MCP tool call returns to the model (spec core §4.4).

import { describe, expect, it } from "vitest";
import { formatMcpOutput } from "../../../../src/tools/mcp/format-mcp-output.js";

describe("formatMcpOutput", () => {
  it("wall time with four decimals, then the JSON of the content blocks", () => {
    expect(formatMcpOutput({ content: [{ type: "text", text: "hi" }] }, 1234.56789)).toEqual({
      output: 'Wall time: 1.2346 seconds\nOutput:\n[{"type":"text","text":"hi"}]',
      success: true,
    });
  });

  it("structured content wins over the content blocks", () => {
    const r = formatMcpOutput({ content: [{ type: "text", text: "x" }], structuredContent: { a: 1 } }, 5);
    expect(r.output).toBe('Wall time: 0.0050 seconds\nOutput:\n{"a":1}');
  });

  it("isError makes the result unsuccessful, with the same text shape", () => {
    const r = formatMcpOutput({ content: [{ type: "text", text: "boom" }], isError: true }, 0);
    expect(r).toEqual({ output: 'Wall time: 0.0000 seconds\nOutput:\n[{"type":"text","text":"boom"}]', success: false });
  });

  it("image blocks turn the output into content items, header first", () => {
    const r = formatMcpOutput(
      {
        content: [
          { type: "text", text: "a dot" },
          { type: "image", data: "AAAA", mimeType: "image/png" },
          { type: "resource_link", uri: "x://y", name: "y" },
        ],
      },
      1000,
    );
    expect(r.output).toEqual([
      { type: "input_text", text: "Wall time: 1.0000 seconds\nOutput:" },
      { type: "input_text", text: "a dot" },
      { type: "input_image", image_url: "data:image/png;base64,AAAA" },
      { type: "input_text", text: '{"type":"resource_link","uri":"x://y","name":"y"}' },
    ]);
  });
});
