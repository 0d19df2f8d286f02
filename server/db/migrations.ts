/**
 * The versioned schema, one list for both engines. `sql` is the SQLite text as shipped (append-only:
 * never edit a step that has shipped); `postgres` is the same step in PostgreSQL's words where they
 * differ: BIGINT for epoch-ms times (PostgreSQL's INTEGER is 32-bit), no WITHOUT ROWID, and text
 * columns with the "C" collation, so ordering and lower() behave bytewise/ASCII-only as in SQLite.
 */
import { STEP_UP_MIGRATION } from './migrations-stepup.ts';
import { RISK_MIGRATION } from './migrations-risk.ts';

/** One schema step; `version` values are consecutive, starting at 1. */
export interface Migration {
  version: number;
  name: string;
  /** The step for SQLite. */
  sql: string;
  /** The step for PostgreSQL, when it differs from `sql`. */
  postgres?: string;
}

/** The ordered schema history. Append new steps at the end. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'customers',
    sql: `
      CREATE TABLE customers (
        customer_id    TEXT PRIMARY KEY,
        kind           TEXT NOT NULL CHECK (kind IN ('person', 'business')),
        first_name     TEXT,
        last_name      TEXT,
        account_name   TEXT,
        role           TEXT,
        account_number TEXT,
        answers_json   TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX customers_last_name_lower ON customers (lower(last_name));
      CREATE INDEX customers_account_number ON customers (account_number);

      CREATE TABLE customer_phones (
        e164        TEXT NOT NULL,
        customer_id TEXT NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        PRIMARY KEY (customer_id, position),
        UNIQUE (customer_id, e164)
      );
      CREATE INDEX customer_phones_e164 ON customer_phones (e164);
    `,
    postgres: `
      CREATE TABLE customers (
        customer_id    TEXT COLLATE "C" PRIMARY KEY,
        kind           TEXT NOT NULL CHECK (kind IN ('person', 'business')),
        first_name     TEXT COLLATE "C",
        last_name      TEXT COLLATE "C",
        account_name   TEXT COLLATE "C",
        role           TEXT COLLATE "C",
        account_number TEXT COLLATE "C",
        answers_json   TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX customers_last_name_lower ON customers (lower(last_name));
      CREATE INDEX customers_account_number ON customers (account_number);

      CREATE TABLE customer_phones (
        e164        TEXT COLLATE "C" NOT NULL,
        customer_id TEXT COLLATE "C" NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        PRIMARY KEY (customer_id, position),
        UNIQUE (customer_id, e164)
      );
      CREATE INDEX customer_phones_e164 ON customer_phones (e164);
    `,
  },
  {
    version: 2,
    name: 'interactions',
    sql: `
      CREATE TABLE interactions (
        interaction_id TEXT PRIMARY KEY,
        body_json      TEXT NOT NULL DEFAULT '{}',
        status         TEXT NOT NULL,
        customer_id    TEXT,
        display_name   TEXT,
        method         TEXT,
        verified_by    TEXT,
        updated_at     TEXT NOT NULL
      );
      CREATE TABLE identify_attempts (
        interaction_id TEXT PRIMARY KEY,
        failures       INTEGER NOT NULL DEFAULT 0,
        updated_at     TEXT NOT NULL
      );
    `,
    postgres: `
      CREATE TABLE interactions (
        interaction_id TEXT COLLATE "C" PRIMARY KEY,
        body_json      TEXT NOT NULL DEFAULT '{}',
        status         TEXT NOT NULL,
        customer_id    TEXT COLLATE "C",
        display_name   TEXT COLLATE "C",
        method         TEXT COLLATE "C",
        verified_by    TEXT,
        updated_at     TEXT COLLATE "C" NOT NULL
      );
      CREATE TABLE identify_attempts (
        interaction_id TEXT COLLATE "C" PRIMARY KEY,
        failures       INTEGER NOT NULL DEFAULT 0,
        updated_at     TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'challenges, lockouts, rate limits, result records',
    // Times in these tables are epoch milliseconds. interactions.source: 'verify' (status from /v1/verify,
    // no result body yet) or 'result' (body_json holds an InteractionResult).
    sql: `
      CREATE TABLE challenges (
        challenge_id   TEXT PRIMARY KEY,
        interaction_id TEXT NOT NULL,
        customer_id    TEXT NOT NULL,
        required_json  TEXT NOT NULL,
        additional_json TEXT NOT NULL,
        needed         INTEGER NOT NULL,
        mode           TEXT NOT NULL CHECK (mode IN ('caller-answer', 'agent-judged')),
        created_at     INTEGER NOT NULL,
        expires_at     INTEGER NOT NULL,
        used           INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX challenges_expires_at ON challenges (expires_at);
      CREATE TABLE verify_failures (
        customer_id TEXT NOT NULL,
        failed_at   INTEGER NOT NULL
      );
      CREATE INDEX verify_failures_customer ON verify_failures (customer_id, failed_at);
      CREATE TABLE lockouts (
        customer_id  TEXT PRIMARY KEY,
        locked_until INTEGER NOT NULL
      );
      CREATE TABLE rate_counters (
        bucket       TEXT NOT NULL,
        window_start INTEGER NOT NULL,
        count        INTEGER NOT NULL,
        PRIMARY KEY (bucket, window_start)
      ) WITHOUT ROWID;
      ALTER TABLE interactions ADD COLUMN source TEXT NOT NULL DEFAULT 'verify';
      ALTER TABLE interactions ADD COLUMN agent_id TEXT;
      ALTER TABLE interactions ADD COLUMN opt_out INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE interactions ADD COLUMN ended_at TEXT;
      CREATE INDEX interactions_ended_at ON interactions (ended_at);
    `,
    postgres: `
      CREATE TABLE challenges (
        challenge_id   TEXT COLLATE "C" PRIMARY KEY,
        interaction_id TEXT COLLATE "C" NOT NULL,
        customer_id    TEXT COLLATE "C" NOT NULL,
        required_json  TEXT NOT NULL,
        additional_json TEXT NOT NULL,
        needed         INTEGER NOT NULL,
        mode           TEXT NOT NULL CHECK (mode IN ('caller-answer', 'agent-judged')),
        created_at     BIGINT NOT NULL,
        expires_at     BIGINT NOT NULL,
        used           INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX challenges_expires_at ON challenges (expires_at);
      CREATE TABLE verify_failures (
        customer_id TEXT COLLATE "C" NOT NULL,
        failed_at   BIGINT NOT NULL
      );
      CREATE INDEX verify_failures_customer ON verify_failures (customer_id, failed_at);
      CREATE TABLE lockouts (
        customer_id  TEXT COLLATE "C" PRIMARY KEY,
        locked_until BIGINT NOT NULL
      );
      CREATE TABLE rate_counters (
        bucket       TEXT COLLATE "C" NOT NULL,
        window_start BIGINT NOT NULL,
        count        INTEGER NOT NULL,
        PRIMARY KEY (bucket, window_start)
      );
      ALTER TABLE interactions ADD COLUMN source TEXT NOT NULL DEFAULT 'verify';
      ALTER TABLE interactions ADD COLUMN agent_id TEXT COLLATE "C";
      ALTER TABLE interactions ADD COLUMN opt_out INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE interactions ADD COLUMN ended_at TEXT COLLATE "C";
      CREATE INDEX interactions_ended_at ON interactions (ended_at);
    `,
  },
  {
    version: 4,
    name: 'successful verifications',
    // One row per interaction and customer a POST /v1/verify verified (a representative and the customer
    // they act for are two rows): the only source of a "verified" result record.
    sql: `
      CREATE TABLE verifications (
        interaction_id TEXT NOT NULL,
        customer_id    TEXT NOT NULL,
        verified_by    TEXT NOT NULL CHECK (verified_by IN ('ivr', 'agent')),
        verified_at    INTEGER NOT NULL,
        PRIMARY KEY (interaction_id, customer_id)
      ) WITHOUT ROWID;
    `,
    postgres: `
      CREATE TABLE verifications (
        interaction_id TEXT COLLATE "C" NOT NULL,
        customer_id    TEXT COLLATE "C" NOT NULL,
        verified_by    TEXT NOT NULL CHECK (verified_by IN ('ivr', 'agent')),
        verified_at    BIGINT NOT NULL,
        PRIMARY KEY (interaction_id, customer_id)
      );
    `,
  },
  STEP_UP_MIGRATION,
  {
    version: 6,
    name: 'security events per interaction',
    // How many security events (attacks on the panel, calls pushed in mid-verification) the result record
    // carries, for the summary; the events themselves stay in body_json. Same text for both engines.
    sql: `ALTER TABLE interactions ADD COLUMN security_events INTEGER NOT NULL DEFAULT 0;`,
  },
  RISK_MIGRATION,
];
