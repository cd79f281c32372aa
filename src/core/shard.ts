// `--shard I/N`: a deterministic split of the accounts across N processes (a GitHub Actions matrix,
// a Kubernetes Indexed Job, a Step Functions Distributed Map). Pure.
//
// An account's shard depends on its id alone (FNV-1a of the id, modulo N), not on its position in
// a listing: shards that list the organization at slightly different times, or from different
// machines, still cover each account exactly once.

export interface Shard {
  /** 1-based, as in "shard 2 of 4". */
  index: number;
  count: number;
}

/** The shard (1..count) that covers an account. */
export function shardOf(accountId: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < accountId.length; i++) {
    hash ^= accountId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % count) + 1;
}

export function inShard(accountId: string, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(accountId, shard.count) === shard.index;
}

/** "2/4" */
export function shardLabel(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
