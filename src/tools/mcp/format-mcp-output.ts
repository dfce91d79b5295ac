// What an MCP tool call returns to the model (spec core §4.4): wall time, then the result as JSON; images as content items.

import { z } from "../../protocol/zod.js";
import type { ContentItem } from "../../protocol/index.js";
import type { ToolResult } from "../tool-router.js";
import type { McpCallResult } from "./mcp-connection.js";

/**
 * `Wall time: <s, 4 dp> seconds\nOutput:\n<json>`: the JSON of `structuredContent` when present,
 * else of the `content` blocks. Without structured content, any image block turns the output into
 * content items: the header text first, then each block (text as text, images as data URLs).
 */
export function formatMcpOutput(result: McpCallResult, wallMs: number): ToolResult {
  const header = `Wall time: ${(wallMs / 1000).toFixed(4)} seconds\nOutput:`;
  const success = result.isError !== true;
  const structured = result.structuredContent;
  if (structured !== undefined && structured !== null) {
    return { output: `${header}\n${JSON.stringify(structured)}`, success };
  }
  if (!result.content.some(isImageBlock)) return { output: `${header}\n${JSON.stringify(result.content)}`, success };
  const items: ContentItem[] = [{ type: "input_text", text: header }, ...result.content.map(toContentItem)];
  return { output: items, success };
}

const ImageBlock = z.object({ type: z.literal("image"), data: z.string(), mimeType: z.string() });
const TextBlock = z.object({ type: z.literal("text"), text: z.string() });

function isImageBlock(block: unknown): boolean {
  return ImageBlock.safeParse(block).success;
}

function toContentItem(block: unknown): ContentItem {
  const image = ImageBlock.safeParse(block);
  if (image.success) return { type: "input_image", image_url: `data:${image.data.mimeType};base64,${image.data.data}` };
  const text = TextBlock.safeParse(block);
  return { type: "input_text", text: text.success ? text.data.text : JSON.stringify(block) };
}
