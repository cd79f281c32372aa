// Checks a parsed scenario file and returns it typed; the first problem is thrown as a
// ScenarioError naming its path, e.g. `scenario.regions.eu-west-1.defaults.httpTokens: ...`.

import { checkControlsPatch } from "../controls.js";
import { object, optional, string } from "./check.js";
import type { Scenario } from "./types.js";
import { ACCOUNT_CONTENT_KEYS, accountContent, assign } from "./validate-account.js";
import { ORG_KEYS, organizationPart } from "./validate-org.js";

export function validateScenario(value: unknown): Scenario {
  const path = "scenario";
  const json = object(value, path, [
    "$schema",
    "name",
    "description",
    "accountId",
    ...ACCOUNT_CONTENT_KEYS,
    "controls",
    ...ORG_KEYS,
  ]);
  const scenario: Scenario = {
    accountId: string(json.accountId, `${path}.accountId`, /^\d{12}$/, "a 12-digit account id"),
    ...accountContent(json, path),
  };
  assign(scenario, "name", optional(json, "name", path, string));
  assign(scenario, "description", optional(json, "description", path, string));
  assign(scenario, "controls", optional(json, "controls", path, checkControlsPatch));
  return organizationPart(json, path, scenario);
}
