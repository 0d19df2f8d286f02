/**
 * Schema step 7: caller risk (issue 24). Kept out of migrations.ts, which lists it; the same append-only rule
 * applies. risk_events holds what the risk decision counts across interactions and agents: failed
 * verifications and step-ups of a customer (with the caller's number when the client sent it) and identify
 * misses from a number (no customer). Identify reads them in its one statement through the (customer_id, at)
 * and (e164, at) indexes. risk_assessments keeps one row per interaction assessed medium or high (low is not
 * written: most calls). verify_questions keeps, per verification, each question asked and whether it passed
 * (never the answer). number_facts is what the dev number-intelligence provider reads (seed field
 * numberFacts); a real provider is called instead. Times are epoch ms.
 */
const STEP = (text: string, time: string) => `
  CREATE TABLE risk_events (
    customer_id    TEXT ${text},
    e164           TEXT ${text},
    interaction_id TEXT ${text} NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('verify_failed', 'stepup_failed', 'identify_miss')),
    at             ${time} NOT NULL
  );
  CREATE INDEX risk_events_customer ON risk_events (customer_id, at);
  CREATE INDEX risk_events_number ON risk_events (e164, at);
  CREATE INDEX risk_events_at ON risk_events (at);
  CREATE TABLE risk_assessments (
    interaction_id TEXT ${text} PRIMARY KEY,
    customer_id    TEXT ${text},
    level          TEXT NOT NULL CHECK (level IN ('medium', 'high')),
    at             ${time} NOT NULL
  );
  CREATE INDEX risk_assessments_at ON risk_assessments (at);
  CREATE TABLE verify_questions (
    interaction_id TEXT ${text} NOT NULL,
    question_id    TEXT ${text} NOT NULL,
    passed         INTEGER NOT NULL,
    at             ${time} NOT NULL
  );
  CREATE INDEX verify_questions_at ON verify_questions (at);
  CREATE TABLE number_facts (
    e164           TEXT ${text} PRIMARY KEY,
    line_type      TEXT,
    sim_swapped_at ${time},
    forwarded      INTEGER NOT NULL DEFAULT 0
  );
  ALTER TABLE customers ADD COLUMN contact_changed_at ${time};
  ALTER TABLE challenges ADD COLUMN caller_e164 TEXT ${text};
  CREATE INDEX challenges_interaction ON challenges (interaction_id);
`;

/** Step 7 for both engines (text columns with the "C" collation and BIGINT times on PostgreSQL). */
// Typed where migrations.ts lists it (an import of its Migration type here would be a module cycle).
export const RISK_MIGRATION = {
  version: 7,
  name: 'caller risk: events, assessments, question outcomes, number facts',
  sql: STEP('', 'INTEGER'),
  postgres: STEP('COLLATE "C"', 'BIGINT'),
};
