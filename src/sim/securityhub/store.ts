// The simulated accounts' Security Hub: which regions have it enabled (the same for every account),
// and the findings imported into each account's region, keyed by finding Id (an import with a
// known Id updates that finding).

export type StoredFinding = Record<string, unknown> & { Id: string };

export class SecurityHubStore {
  private readonly findings = new Map<string, Map<string, StoredFinding>>();

  constructor(
    /** Regions where Security Hub is not enabled (the account never subscribed there). */
    private readonly disabled: ReadonlySet<string> = new Set(),
  ) {}

  isEnabled(region: string): boolean {
    return !this.disabled.has(region);
  }

  put(account: string, region: string, finding: StoredFinding): void {
    const key = `${account}/${region}`;
    let byId = this.findings.get(key);
    if (!byId) {
      byId = new Map();
      this.findings.set(key, byId);
    }
    byId.set(finding.Id, finding);
  }

  /** An account's findings in a region, in the order first imported. */
  list(account: string, region: string): StoredFinding[] {
    return [...(this.findings.get(`${account}/${region}`)?.values() ?? [])];
  }
}
