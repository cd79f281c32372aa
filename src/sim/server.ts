// The HTTP server: routes AWS calls by the SigV4 credential scope (region and service; CloudWatch
// also by its X-Amz-Target), applies latency and injected faults, and serves the control API
// under /_sim/ (a path no SDK uses).

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { TokenBuckets } from "./buckets.js";
import { checkClockPatch, type SimClock } from "./clock.js";
import { handleCloudWatch } from "./cloudwatch/index.js";
import { CW_TARGET_PREFIX, cwErrorReply } from "./cloudwatch/protocol.js";
import { type Controls, checkControlsPatch } from "./controls.js";
import { handleEc2 } from "./ec2/index.js";
import type { RequestLog } from "./log.js";
import {
  ApiError,
  ec2ErrorReply,
  escapeXml,
  parseForm,
  type Reply,
  sigv4Scope,
  stsErrorReply,
} from "./protocol.js";
import { ScenarioError } from "./scenario/validate.js";
import type { SimState } from "./state.js";
import { handleSts } from "./sts.js";

export interface ServerDeps {
  state: SimState;
  controls: Controls;
  buckets: TokenBuckets;
  log: RequestLog;
  clock: SimClock;
}

const STS_VERSION = "2011-06-15";

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(
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

function faultReply(
  kind: "internal-error" | "unavailable",
  service: string,
  requestId: string,
  queryMode: boolean,
): Reply {
  if (service === "monitoring") {
    return cwErrorReply(
      kind === "internal-error"
        ? new ApiError("InternalServiceError", 500, "Internal service error")
        : new ApiError("ServiceUnavailable", 503, "Service unavailable"),
      queryMode,
    );
  }
  const error =
    kind === "internal-error"
      ? new ApiError("InternalError", 500, "An internal error has occurred")
      : new ApiError("Unavailable", 503, "The service is unavailable. Please try again shortly.");
  return service === "sts" ? stsErrorReply(error, requestId) : ec2ErrorReply(error, requestId);
}

/** What a web server in front of an emulator answers for an action nobody implemented: no AWS error. */
function htmlErrorPage(action: string): Reply {
  return {
    status: 500,
    contentType: "text/html; charset=utf-8",
    body: `<!doctype html>\n<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1><p>${escapeXml(action)} is not implemented.</p></body></html>\n`,
    code: "html-500",
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function handleAws(req: IncomingMessage, res: ServerResponse, deps: ServerDeps): Promise<void> {
  const started = Date.now();
  const at = deps.clock.now();
  const body = await readBody(req);
  const scope = sigv4Scope(req.headers.authorization);
  // CloudWatch speaks AWS JSON 1.0 (the operation in X-Amz-Target); EC2 and STS the query protocols.
  const target = header(req, "x-amz-target");
  const isCloudWatch = scope?.service === "monitoring" || target?.startsWith(CW_TARGET_PREFIX) === true;
  const queryMode = header(req, "x-amzn-query-mode") === "true";
  const params = isCloudWatch ? new Map<string, string>() : parseForm(body);
  const service = isCloudWatch
    ? "monitoring"
    : (scope?.service ?? (params.get("Version") === STS_VERSION ? "sts" : "ec2"));
  const region = scope?.region ?? "";
  const action = isCloudWatch ? (target?.slice(target.indexOf(".") + 1) ?? "") : (params.get("Action") ?? "");
  const requestId = randomUUID();
  const record = (status: number, code?: string) =>
    deps.log.record({
      at,
      service,
      region,
      action,
      status,
      ...(code ? { code } : {}),
      durationMs: Date.now() - started,
    });

  const latency = deps.controls.latencyFor(region);
  if (latency > 0) await sleep(latency);

  const fault = deps.controls.pickFault(region, action);
  if (fault?.kind === "reset") {
    record(0, "reset");
    req.socket.destroy();
    return;
  }
  if (fault?.kind === "stall") {
    if (fault.stallMs === undefined) {
      record(0, "stall");
      return; // never answered; the socket stays open until the client gives up or the server closes
    }
    await sleep(fault.stallMs);
  }
  let reply: Reply;
  if (fault?.kind === "internal-error" || fault?.kind === "unavailable") {
    reply = faultReply(fault.kind, service, requestId, queryMode);
  } else if (fault?.kind === "html-500") {
    reply = htmlErrorPage(action);
  } else if (!scope) {
    if (isCloudWatch) {
      reply = cwErrorReply(
        new ApiError("MissingAuthenticationToken", 403, "Request is missing Authentication Token"),
        queryMode,
      );
    } else {
      const error = new ApiError(
        "AuthFailure",
        401,
        "AWS was not able to validate the provided access credentials",
      );
      reply = service === "sts" ? stsErrorReply(error, requestId) : ec2ErrorReply(error, requestId);
    }
  } else if (isCloudWatch) {
    reply = handleCloudWatch(action, region, body, deps, queryMode);
  } else if (service === "sts") {
    reply = handleSts(action, region, deps.state, requestId);
  } else {
    reply = handleEc2(action, region, params, deps, requestId, fault?.kind);
  }
  if (res.destroyed) return;
  send(
    res,
    reply.status,
    reply.contentType ?? "text/xml;charset=UTF-8",
    reply.body,
    requestId,
    // AWS's Date header is its own time; the SDK corrects its clock skew (and retries) from it.
    { ...reply.headers, date: new Date(deps.clock.now()).toUTCString() },
  );
  record(reply.status, reply.code);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, "application/json", `${JSON.stringify(value, null, 2)}\n`);
}

/** Applies a JSON patch from the request body; a bad one is 400 with the bad path, nothing changed. */
async function patchWith(
  req: IncomingMessage,
  res: ServerResponse,
  apply: (body: unknown) => unknown,
): Promise<void> {
  let answer: unknown;
  try {
    answer = apply(JSON.parse((await readBody(req)) || "{}"));
  } catch (error) {
    if (error instanceof ScenarioError || error instanceof SyntaxError) {
      return sendJson(res, 400, { error: error.message });
    }
    throw error;
  }
  sendJson(res, 200, answer);
}

async function handleControl(req: IncomingMessage, res: ServerResponse, deps: ServerDeps): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const route = `${req.method} ${url.pathname}`;
  switch (route) {
    case "GET /_sim/log":
      return sendJson(res, 200, deps.log.snapshot());
    case "POST /_sim/log/reset":
      deps.log.reset();
      return sendJson(res, 200, { ok: true });
    case "GET /_sim/controls":
      return sendJson(res, 200, deps.controls.current);
    case "POST /_sim/controls":
      return patchWith(req, res, (body) => {
        deps.controls.update(checkControlsPatch(body, "controls"));
        return deps.controls.current;
      });
    case "GET /_sim/clock":
      return sendJson(res, 200, deps.clock.current);
    case "POST /_sim/clock":
      return patchWith(req, res, (body) => {
        deps.clock.update(checkClockPatch(body, "clock"));
        return deps.clock.current;
      });
    case "POST /_sim/controls/reset":
      deps.controls.reset();
      deps.buckets.reset();
      return sendJson(res, 200, deps.controls.current);
    case "GET /_sim/state": {
      const region = url.searchParams.get("region");
      if (region === null) return sendJson(res, 200, deps.state.summary());
      const snapshot = deps.state.snapshot(region, deps.clock.now(), deps.controls.current.appliedAfterMs);
      return snapshot === undefined
        ? sendJson(res, 404, { error: `unknown region ${region}` })
        : sendJson(res, 200, snapshot);
    }
    default:
      return sendJson(res, 404, {
        error: `no route ${route}`,
        routes: [
          "GET /_sim/log",
          "POST /_sim/log/reset",
          "GET /_sim/controls",
          "POST /_sim/controls",
          "POST /_sim/controls/reset",
          "GET /_sim/clock",
          "POST /_sim/clock",
          "GET /_sim/state[?region=R]",
        ],
      });
  }
}

export function createSimServer(deps: ServerDeps): Server {
  return createServer((req, res) => {
    const handler = req.url?.startsWith("/_sim/") ? handleControl : handleAws;
    handler(req, res, deps).catch((error: unknown) => {
      // A bug in the simulator: answer 500 with the stack so the test shows it.
      if (!res.headersSent && !res.destroyed)
        send(res, 500, "text/plain", String((error as Error)?.stack ?? error));
    });
  });
}
