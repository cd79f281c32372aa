// Launch paths across an organization end to end (issues 12 and 13): an organization whose accounts
// each hold launch templates and Auto Scaling groups is audited with its launch paths; enforce --org
// --launch-templates --asgs makes exactly one new version per non-compliant template each account
// owns and moves each account's pinned groups, every record carrying its account; rollback of that
// journal puts every account back, as an independent SDK client in each account reads it.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  type LaunchTemplateSpecification,
} from "@aws-sdk/client-auto-scaling";
import {
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import type { ChangeReport } from "../../src/core/change-report.js";
import type { OrgAuditReport } from "../../src/core/org-types.js";
import { readJournal } from "../../src/journal/journal.js";
import type { Scenario } from "../../src/sim/index.js";
import { onSimulator, parseReport, withSimulator } from "./harness.js";
import { launchRollbackArgs } from "./launch-scenario.js";
import { credentialsIn, MGMT } from "./org-scenario.js";

const R = "us-west-2";
const GOLDEN = "ami-0c0ffee0c0ffee001";
const APP = "222222222201";
const DATA = "222222222202";
const ACCOUNTS = [MGMT, APP, DATA];

/** Template ids unique per account: lt-000000000000<n>a00<k>. */
const lt = (n: number, k: number) => `lt-000000000000${n}a00${k}`;

/**
 * Account n's launch paths: web (IMDSv1, a $Latest group), ml-gpu (IMDSv1, a group pinned to v1),
 * api (IMDSv2 required) and an EKS node group's template (IMDSv1, the service's: left alone).
 */
function launchPaths(n: number) {
  const eks = { "eks:cluster-name": "prod", "eks:nodegroup-name": `ng-${n}` };
  return {
    [R]: {
      images: [{ id: GOLDEN, name: "golden" }],
      launchTemplates: [
        {
          id: lt(n, 1),
          name: "web",
          tags: { team: "web" },
          versions: [
            {
              imageId: GOLDEN,
              instanceType: "m6i.large",
              metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 2 },
            },
          ],
        },
        {
          id: lt(n, 2),
          name: "ml-gpu",
          versions: [{ imageId: GOLDEN, metadataOptions: { httpTokens: "optional" } }],
        },
        {
          id: lt(n, 3),
          name: "api",
          versions: [{ imageId: GOLDEN, metadataOptions: { httpTokens: "required" } }],
        },
        {
          id: lt(n, 4),
          name: "eks-ng",
          tags: eks,
          versions: [{ imageId: GOLDEN, metadataOptions: { httpTokens: "optional" } }],
        },
      ],
      autoScalingGroups: [
        { name: "web", launchTemplate: { name: "web", version: "$Latest" }, desiredCapacity: 1 },
        { name: "ml", launchTemplate: { name: "ml-gpu", version: "1" }, desiredCapacity: 1 },
        { name: "eks-ng", launchTemplate: { name: "eks-ng", version: "1" }, desiredCapacity: 1, tags: eks },
      ],
    },
  };
}

const member = (id: string, name: string, n: number) => ({
  id,
  name,
  email: `aws+${name}@example.com`,
  parent: "r-lnch",
  regions: launchPaths(n),
});

const SCENARIO = {
  name: "e2e-launch-org",
  accountId: MGMT,
  regions: launchPaths(0),
  organization: { id: "o-launchorg1", roots: [{ id: "r-lnch", name: "Root" }], ous: [] },
  accounts: [member(APP, "prod-app", 1), member(DATA, "prod-data", 2)],
  controls: { appliedAfterMs: 0 },
} as Scenario;

/** One account's launch paths as its own SDK clients read them: defaults, versions, groups' templates. */
async function readLaunchPaths(endpoint: string, account: string) {
  const credentials = await credentialsIn(endpoint, account);
  const ec2 = new EC2Client({ endpoint, region: R, credentials });
  const asg = new AutoScalingClient({ endpoint, region: R, credentials });
  try {
    const templates: Record<string, { id: string; defaultVersion?: number; versions: number[] }> = {};
    const list = await ec2.send(new DescribeLaunchTemplatesCommand({}));
    for (const t of list.LaunchTemplates ?? []) {
      const id = t.LaunchTemplateId ?? "";
      const v = await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id }));
      const versions = (v.LaunchTemplateVersions ?? []).map((x) => x.VersionNumber ?? 0).sort();
      templates[t.LaunchTemplateName ?? id] = { id, defaultVersion: t.DefaultVersionNumber, versions };
    }
    const groups: Record<string, LaunchTemplateSpecification | undefined> = {};
    for (const g of (await asg.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups ?? [])
      groups[g.AutoScalingGroupName ?? ""] = g.LaunchTemplate;
    return { templates, groups };
  } finally {
    ec2.destroy();
    asg.destroy();
  }
}

const CONFIG = `# imds.config.yaml
exceptions:
  - match: { account: "${APP}", kind: launch-template, name: web }
    reason: prod-app's web moves to the new AMI with the next release
    owner: app@example.com
    expires: 2999-12-31
`;

const readAll = async (endpoint: string) =>
  Object.fromEntries(await Promise.all(ACCOUNTS.map(async (a) => [a, await readLaunchPaths(endpoint, a)])));

describe.skipIf(!onSimulator)("launch paths across an organization", () => {
  it("audit --org names each account's groups; enforce --org --launch-templates --asgs, then rollback, per account", async () => {
    await withSimulator(SCENARIO, async ({ sim, run, file, dir }) => {
      // Rules are per account: this exception covers web in prod-app only.
      writeFileSync(join(dir, "imds.config.yaml"), CONFIG);
      const at = ["--endpoint-url", sim.url, "--regions", R];
      const audit = await run(["audit", ...at, "--org", "--format", "json"]);
      expect(audit.code, audit.stderr).toBe(1);
      const audited = parseReport<OrgAuditReport>(audit);
      for (const account of ACCOUNTS) {
        const groups = Object.fromEntries(
          audited.resources
            .filter((r) => r.account === account && r.kind === "auto-scaling-group")
            .map((r) => [r.id, r]),
        );
        expect(Object.keys(groups).sort(), account).toEqual(["eks-ng", "ml", "web"]);
        expect(groups.web?.severity, account).toBe("fail");
        expect(groups.ml?.findings[0]?.message, account).toMatch(/^launches ml-gpu v1: HttpTokens optional/);
        expect(groups["eks-ng"]?.owner?.kind, account).toBe("eks");
      }

      const before = await readAll(sim.url);
      const journal = file("org-launch.jsonl");
      const asked = ["--org", "--launch-templates", "--asgs", "--yes", "--journal", journal];
      const enforce = await run(["enforce", ...at, ...asked, "--format", "json"]);
      expect(enforce.code, enforce.stderr).toBe(0);
      const report = parseReport<ChangeReport>(enforce);
      const made = (kind: string) =>
        report.changes
          .filter((c) => c.kind === kind)
          .map((c) => `${c.account} ${c.id}`)
          .sort();
      // Exactly one new version per non-compliant template each account owns, the default moved to it
      // (but prod-app's web, which its exception leaves alone).
      const fixed = ACCOUNTS.flatMap((a, n) => [`${a} ${lt(n, 1)}`, `${a} ${lt(n, 2)}`])
        .filter((x) => x !== `${APP} ${lt(1, 1)}`)
        .sort();
      expect(made("launch-template-version")).toEqual(fixed);
      expect(made("launch-template-default")).toEqual(fixed);
      expect(made("auto-scaling-group")).toEqual(ACCOUNTS.map((a) => `${a} ml`).sort());
      expect(report.changes.every((c) => c.outcome === "applied" && c.verified === "applied")).toBe(true);
      const leftAlone = ACCOUNTS.flatMap((a, n) => [`${a} ${lt(n, 3)}`, `${a} ${lt(n, 4)}`]);
      expect(
        report.skipped
          .filter((s) => s.kind === "launch-template")
          .map((s) => `${s.account} ${s.id}`)
          .sort(),
      ).toEqual([...leftAlone, `${APP} ${lt(1, 1)}`].sort());
      expect(report.skipped.find((s) => s.id === lt(1, 1))?.exception?.where).toBe("imds.config.yaml:3");
      expect(report.refresh?.map((r) => `${r.account} ${r.group}`).sort()).toEqual(
        [...ACCOUNTS.map((a) => `${a} ml`), `${MGMT} web`, `${DATA} web`].sort(),
      );
      const { entries } = readJournal(journal);
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.filter((e) => !ACCOUNTS.includes(e.account ?? ""))).toEqual([]);

      // Each account, read with its own credentials: one more version of web and ml-gpu, the default
      // on it, ml moved to it; api and the EKS template and group as they were.
      const after = await readAll(sim.url);
      for (const [n, a] of ACCOUNTS.entries()) {
        const web =
          a === APP ? { defaultVersion: 1, versions: [1] } : { defaultVersion: 2, versions: [1, 2] };
        expect(after[a]?.templates.web, a).toEqual({ id: lt(n, 1), ...web });
        expect(after[a]?.templates["ml-gpu"], a).toEqual({
          id: lt(n, 2),
          defaultVersion: 2,
          versions: [1, 2],
        });
        expect(after[a]?.templates.api, a).toEqual(before[a]?.templates.api);
        expect(after[a]?.templates["eks-ng"], a).toEqual(before[a]?.templates["eks-ng"]);
        expect(after[a]?.groups.ml?.Version, a).toBe("2");
        expect(after[a]?.groups.web, a).toEqual(before[a]?.groups.web);
        expect(after[a]?.groups["eks-ng"], a).toEqual(before[a]?.groups["eks-ng"]);
      }

      const undo = await run(launchRollbackArgs(sim, journal, file("undo.jsonl")));
      expect(undo.code, undo.stderr).toBe(0);
      expect(await readAll(sim.url)).toEqual(before);
    });
  }, 120_000);
});
