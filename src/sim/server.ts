// The HTTP server: routes AWS calls to their service and account (dispatch.ts), applies latency
// and injected faults, logs every call, and serves the control API under /_sim/ (a path no SDK
// uses).

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import { handleControl } from "./control-api.js";
import { describeCall, dispatch, errorReply, faultError, type ServerDeps } from "./dispatch.js";
import { readBody, send } from "./http-io.js";
import { escapeXml, type Reply } from "./protocol.js";

export type { ServerDeps };

async function handleAws(req: IncomingMessage, res: ServerResponse, deps: ServerDeps): Promise<void> {
  const started = Date.now();
  const at = deps.accounts.clock.now();
  const call = describeCall(req, await readBody(req));
  const requestId = randomUUID();
  const account = call.scope ? deps.accounts.accountOfKey(call.scope.accessKeyId) : "";
  const record = (status: number, code?: string) =>
    deps.log.record({
      at,
      service: call.service,
      region: call.region,
      action: call.action,
      account,
      status,
      ...(code ? { code } : {}),
      durationMs: Date.now() - started,
    });

  const latency = deps.controls.latencyFor(call.region);
  if (latency > 0) await sleep(latency);

  const fault = deps.controls.pickFault(call.region, call.action, account);
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
  const reply: Reply =
    fault?.kind === "internal-error" || fault?.kind === "unavailable"
      ? errorReply(call, faultError(fault.kind, call.service), requestId)
      : fault?.kind === "html-500"
        ? htmlErrorPage(call.action)
        : dispatch(call, deps, requestId, fault?.kind);
  if (res.destroyed) return;
  send(
    res,
    reply.status,
    reply.contentType ?? "text/xml;charset=UTF-8",
    reply.body,
    requestId,
    // AWS's Date header is its own time; the SDK corrects its clock skew (and retries) from it.
    { ...reply.headers, date: new Date(deps.accounts.clock.now()).toUTCString() },
  );
  record(reply.status, reply.code);
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

/** An HTTP server, or an HTTPS one when given a certificate and its key. */
export function createSimServer(deps: ServerDeps, tls?: { cert: string; key: string }): Server {
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const handler = req.url?.startsWith("/_sim/") ? handleControl : handleAws;
    handler(req, res, deps).catch((error: unknown) => {
      // A bug in the simulator: answer 500 with the stack so the test shows it.
      if (!res.headersSent && !res.destroyed)
        send(res, 500, "text/plain", String((error as Error)?.stack ?? error));
    });
  };
  return tls ? createHttpsServer(tls, listener) : createServer(listener);
}
