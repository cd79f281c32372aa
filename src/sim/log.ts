// What the simulator answered: counts per (region, action) and per error code, plus the most
// recent requests. Tests and benchmarks read it in-process or over `GET /_sim/log`.

export interface LogEntry {
  /** Epoch ms when the request arrived. */
  at: number;
  service: string;
  region: string;
  action: string;
  /** The account the call was for (its access key's); "" without credentials. */
  account: string;
  /** HTTP status, or 0 when the connection was reset or never answered. */
  status: number;
  /** Error code, or the fault ("reset", "stall") for replies that never came. */
  code?: string;
  durationMs: number;
}

export interface LogSnapshot {
  total: number;
  /** Key `region action`, e.g. `eu-west-1 DescribeInstances`. */
  byRegionAction: Record<string, number>;
  /** Error code -> count; successful calls are not counted here. */
  byCode: Record<string, number>;
  /** Account id -> count. */
  byAccount: Record<string, number>;
  /** The last requests, oldest first (at most `RECENT`). */
  recent: LogEntry[];
}

const RECENT = 5000;

export class RequestLog {
  private total = 0;
  private byRegionAction = new Map<string, number>();
  private byCode = new Map<string, number>();
  private byAccount = new Map<string, number>();
  private byKey = new Map<string, number>();
  private recent: LogEntry[] = [];

  record(entry: LogEntry): void {
    this.total += 1;
    const key = `${entry.region} ${entry.action}`;
    this.byRegionAction.set(key, (this.byRegionAction.get(key) ?? 0) + 1);
    if (entry.code) this.byCode.set(entry.code, (this.byCode.get(entry.code) ?? 0) + 1);
    this.byAccount.set(entry.account, (this.byAccount.get(entry.account) ?? 0) + 1);
    const exact = [entry.region, entry.action, entry.code ?? "", entry.account].join("\u0000");
    this.byKey.set(exact, (this.byKey.get(exact) ?? 0) + 1);
    this.recent.push(entry);
    if (this.recent.length > RECENT * 2) this.recent = this.recent.slice(-RECENT);
  }

  /** Requests matching every given field (all requests when none is given). */
  count(match: { region?: string; action?: string; code?: string; account?: string } = {}): number {
    let n = 0;
    for (const [key, count] of this.byKey) {
      const [region, action, code, account] = key.split("\u0000");
      if (match.account !== undefined && match.account !== account) continue;
      if (match.region !== undefined && match.region !== region) continue;
      if (match.action !== undefined && match.action !== action) continue;
      if (match.code !== undefined && match.code !== code) continue;
      n += count;
    }
    return n;
  }

  snapshot(): LogSnapshot {
    return {
      total: this.total,
      byRegionAction: Object.fromEntries(this.byRegionAction),
      byCode: Object.fromEntries(this.byCode),
      byAccount: Object.fromEntries(this.byAccount),
      recent: this.recent.slice(-RECENT),
    };
  }

  reset(): void {
    this.total = 0;
    this.byRegionAction = new Map();
    this.byCode = new Map();
    this.byAccount = new Map();
    this.byKey = new Map();
    this.recent = [];
  }
}
