// Reading a request body and writing a reply, shared by the AWS routes and the control API.

import type { IncomingMessage, ServerResponse } from "node:http";

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  requestId?: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...headers,
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
    ...(requestId ? { "x-amzn-requestid": requestId } : {}),
  });
  res.end(body);
}
