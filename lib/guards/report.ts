/**
 * The Guards section of the Reports page, from stored result records: per agent, the calls on which a held
 * action was stopped, the blocks and the overrides; and the latest overrides with their typed reasons, so a
 * supervisor can read why a guard was passed. Records without guard activity are left out.
 */
import type { StoredResult } from '../results/schema';

export interface GuardAgentRow {
  /** The agent id, or '' when the policy gives none. */
  agentId: string;
  calls: number;
  blocked: number;
  overrides: number;
}

export interface GuardOverrideRow {
  interactionId: string;
  agentId: string;
  label: string;
  reason: string;
  /** Epoch ms. */
  at: number;
}

export interface GuardReport {
  byAgent: GuardAgentRow[];
  latest: GuardOverrideRow[];
  blocked: number;
  overrides: number;
}

/** Guard figures over `results`; agents by most overrides, then most blocks; `latestMax` newest overrides. */
export function guardReport(results: readonly StoredResult[], latestMax = 20): GuardReport {
  const agents = new Map<string, GuardAgentRow>();
  const latest: GuardOverrideRow[] = [];
  let blocked = 0;
  let overrides = 0;
  for (const { record } of results) {
    const g = record.guards;
    if (!g || (g.blocked === 0 && g.overrides.length === 0)) continue;
    const agentId = record.agentId ?? '';
    const row = agents.get(agentId) ?? { agentId, calls: 0, blocked: 0, overrides: 0 };
    row.calls += 1;
    row.blocked += g.blocked;
    row.overrides += g.overrides.length;
    agents.set(agentId, row);
    blocked += g.blocked;
    overrides += g.overrides.length;
    for (const o of g.overrides) latest.push({ interactionId: record.interactionId, agentId, label: o.label, reason: o.reason, at: Date.parse(o.at) });
  }
  const byAgent = [...agents.values()].sort((a, b) => b.overrides - a.overrides || b.blocked - a.blocked || a.agentId.localeCompare(b.agentId));
  latest.sort((a, b) => b.at - a.at);
  return { byAgent, latest: latest.slice(0, latestMax), blocked, overrides };
}
