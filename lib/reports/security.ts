/**
 * The Security events section of the Reports page, from stored result records: per kind of attack on the
 * panel (or call pushed in mid-verification), how many events, on how many calls, when last seen; and the
 * same per agent, so a supervisor can see whose desk a hostile page is working on. Records without events
 * are left out.
 */
import type { SecurityEventKind } from '../api/contract';
import type { StoredResult } from '../results/schema';

export interface SecurityKindRow {
  kind: SecurityEventKind;
  events: number;
  calls: number;
  /** Epoch ms of the newest event of this kind. */
  lastSeen: number;
}

export interface SecurityAgentRow {
  /** The agent id, or '' when the policy gives none. */
  agentId: string;
  events: number;
  calls: number;
  lastSeen: number;
}

export interface SecurityReport {
  byKind: SecurityKindRow[];
  byAgent: SecurityAgentRow[];
  events: number;
  calls: number;
}

/** Security-event figures over `results`: kinds and agents by most events, then newest. */
export function securityReport(results: readonly StoredResult[]): SecurityReport {
  const kinds = new Map<SecurityEventKind, SecurityKindRow>();
  const agents = new Map<string, SecurityAgentRow>();
  let events = 0;
  let calls = 0;
  for (const { record } of results) {
    const list = record.securityEvents ?? [];
    if (list.length === 0) continue;
    calls += 1;
    events += list.length;
    const agentId = record.agentId ?? '';
    const agent = agents.get(agentId) ?? { agentId, events: 0, calls: 0, lastSeen: 0 };
    agent.calls += 1;
    const seenHere = new Set<SecurityEventKind>();
    for (const e of list) {
      const at = Date.parse(e.at);
      const row = kinds.get(e.kind) ?? { kind: e.kind, events: 0, calls: 0, lastSeen: 0 };
      row.events += 1;
      if (!seenHere.has(e.kind)) row.calls += 1;
      seenHere.add(e.kind);
      row.lastSeen = Math.max(row.lastSeen, at);
      kinds.set(e.kind, row);
      agent.events += 1;
      agent.lastSeen = Math.max(agent.lastSeen, at);
    }
    agents.set(agentId, agent);
  }
  const order = <T extends { events: number; lastSeen: number }>(a: T, b: T) => b.events - a.events || b.lastSeen - a.lastSeen;
  return { byKind: [...kinds.values()].sort(order), byAgent: [...agents.values()].sort(order), events, calls };
}
