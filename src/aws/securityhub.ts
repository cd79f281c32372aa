// Thin adapters over Security Hub's two calls imds makes: BatchImportFindings (one batch) and
// GetFindings (imds's own active findings, to resolve the ones that are now fixed).
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  paginateGetFindings,
  type SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { type AsffFinding, GENERATOR_PREFIX } from "../core/asff.js";

export interface ImportResult {
  imported: number;
  /** Findings Security Hub refused one by one (the call itself succeeded). */
  failed: { id: string; code: string; message: string }[];
}

export async function importFindings(
  client: SecurityHubClient,
  findings: AsffFinding[],
): Promise<ImportResult> {
  const out = await client.send(
    new BatchImportFindingsCommand({ Findings: findings as AwsSecurityFinding[] }),
  );
  return {
    imported: out.SuccessCount ?? 0,
    failed: (out.FailedFindings ?? []).map((f) => ({
      id: f.Id ?? "",
      code: f.ErrorCode ?? "",
      message: f.ErrorMessage ?? "",
    })),
  };
}

/** The active findings imds imported earlier under this product (the account's default product in the region). */
export async function activeFindings(client: SecurityHubClient, productArn: string): Promise<AsffFinding[]> {
  const found: AsffFinding[] = [];
  const pages = paginateGetFindings(
    { client, pageSize: 100 },
    {
      Filters: {
        ProductArn: [{ Value: productArn, Comparison: "EQUALS" }],
        GeneratorId: [{ Value: GENERATOR_PREFIX, Comparison: "PREFIX" }],
        RecordState: [{ Value: "ACTIVE", Comparison: "EQUALS" }],
      },
    },
  );
  for await (const page of pages) for (const f of page.Findings ?? []) found.push(f as AsffFinding);
  return found;
}
