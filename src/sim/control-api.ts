// The control API under /_sim/ (same port, paths no SDK uses): the request log, controls, state,
// accounts and the credentials clock. docs/scenario.md lists the routes.

import type { IncomingMessage, ServerResponse } from "node:http";
import { checkClockPatch } from "./clock.js";
import { checkControlsPatch } from "./controls.js";
import type { ServerDeps } from "./dispatch.js";
import { readBody, send } from "./http-io.js";
import { ScenarioError } from "./scenario/validate.js";

const ROUTES = [
  "GET /_sim/log",
  "POST /_sim/log/reset",
  "GET /_sim/controls",
  "POST /_sim/controls",
  "POST /_sim/controls/reset",
  "GET /_sim/state[?account=ID][&region=R]",
  "GET /_sim/accounts",
  "POST /_sim/accounts/ID/suspend",
  "GET /_sim/clock",
  "POST /_sim/clock {at, advanceMs, fixed}",
];

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, "application/json", `${JSON.stringify(value, null, 2)}\n`);
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  return JSON.parse((await readBody(req)) || "{}");
}

/** A body that fails validation: 400 with the reason; anything else is a simulator bug. */
function badRequest(res: ServerResponse, error: unknown): void {
  if (!(error instanceof ScenarioError || error instanceof SyntaxError)) throw error;
  sendJson(res, 400, { error: error.message });
}

function state(url: URL, deps: ServerDeps): [number, unknown] {
  const id = url.searchParams.get("account");
  const account = id === null ? deps.accounts.management : deps.accounts.get(id);
  if (!account) return [404, { error: `unknown account ${id}` }];
  const region = url.searchParams.get("region");
  if (region === null) return [200, account.state.summary()];
  const snapshot = account.state.snapshot(
    region,
    deps.accounts.clock.now(),
    deps.controls.current.appliedAfterMs,
  );
  return snapshot === undefined ? [404, { error: `unknown region ${region}` }] : [200, snapshot];
}

function accountsView(deps: ServerDeps): unknown {
  return deps.accounts.list().map((a) => ({
    id: a.id,
    name: a.profile.name,
    status: a.status,
    parent: a.profile.parent,
    calls: a.callCount,
    built: a.isBuilt,
  }));
}

async function post(
  route: string,
  req: IncomingMessage,
  res: ServerResponse,
  deps: ServerDeps,
): Promise<boolean> {
  const suspend = /^POST \/_sim\/accounts\/(\d{12})\/suspend$/.exec(route);
  if (suspend) {
    const account = deps.accounts.get(suspend[1] ?? "");
    if (!account) sendJson(res, 404, { error: `unknown account ${suspend[1]}` });
    else if (account === deps.accounts.management)
      sendJson(res, 400, { error: "the management account cannot be suspended" });
    else {
      account.suspend();
      sendJson(res, 200, { id: account.id, status: account.status });
    }
    return true;
  }
  if (route !== "POST /_sim/clock") return false;
  try {
    deps.accounts.clock.update(checkClockPatch(await jsonBody(req), "clock"));
    sendJson(res, 200, deps.accounts.clock.current);
  } catch (error) {
    badRequest(res, error);
  }
  return true;
}

export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  deps: ServerDeps,
): Promise<void> {
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
      try {
        deps.controls.update(checkControlsPatch(await jsonBody(req), "controls"));
        return sendJson(res, 200, deps.controls.current);
      } catch (error) {
        return badRequest(res, error);
      }
    case "POST /_sim/controls/reset":
      deps.controls.reset();
      deps.buckets.reset();
      return sendJson(res, 200, deps.controls.current);
    case "GET /_sim/state":
      return sendJson(res, ...state(url, deps));
    case "GET /_sim/clock":
      return sendJson(res, 200, deps.accounts.clock.current);
    case "GET /_sim/accounts":
      return sendJson(res, 200, accountsView(deps));
    default:
      if (await post(route, req, res, deps)) return;
      return sendJson(res, 404, { error: `no route ${route}`, routes: ROUTES });
  }
}
