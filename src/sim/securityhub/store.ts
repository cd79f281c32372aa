// The simulated account's Security Hub: which regions have it enabled, and the findings imported
// into each, keyed by finding Id (an import with a known Id updates that finding).

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

  put(region: string, finding: StoredFinding): void {
    let byId = this.findings.get(region);
    if (!byId) {
      byId = new Map();
      this.findings.set(region, byId);
    }
    byId.set(finding.Id, finding);
  }

  /** The region's findings, in the order first imported. */
  list(region: string): StoredFinding[] {
    return [...(this.findings.get(region)?.values() ?? [])];
  }
}
