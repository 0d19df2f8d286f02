/**
 * Schema step 5: step-up (a possession factor). Kept out of migrations.ts, which lists it, to keep each
 * file readable; the same append-only rule applies. Codes are stored only as scrypt digests
 * (code_hash, null when a provider such as Twilio Verify holds the code); times are epoch ms.
 * customer_contacts and customer_devices are written by the seed: the email on file and the enrolled
 * app devices, whose secrets are kept as SHA-256 digests.
 */
const TABLES = (text: string, time: string) => `
  CREATE TABLE customer_contacts (
    customer_id TEXT ${text} PRIMARY KEY REFERENCES customers (customer_id) ON DELETE CASCADE,
    email       TEXT ${text}
  );
  CREATE TABLE customer_devices (
    device_id   TEXT ${text} PRIMARY KEY,
    customer_id TEXT ${text} NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
    secret_hash TEXT NOT NULL
  );
  CREATE INDEX customer_devices_customer ON customer_devices (customer_id);
  CREATE TABLE step_ups (
    step_up_id     TEXT ${text} PRIMARY KEY,
    interaction_id TEXT ${text} NOT NULL,
    customer_id    TEXT ${text} NOT NULL,
    channel        TEXT NOT NULL CHECK (channel IN ('sms', 'voice', 'email', 'app')),
    destination    TEXT ${text} NOT NULL,
    masked         TEXT NOT NULL,
    code_hash      TEXT,
    provider_ref   TEXT,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'expired', 'locked')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    resends        INTEGER NOT NULL DEFAULT 0,
    created_at     ${time} NOT NULL,
    sent_at        ${time} NOT NULL,
    expires_at     ${time} NOT NULL,
    decided_at     ${time}
  );
  CREATE INDEX step_ups_customer ON step_ups (customer_id, status);
  CREATE INDEX step_ups_created_at ON step_ups (created_at);
  CREATE TABLE stepup_outbox (
    message_id  TEXT ${text} PRIMARY KEY,
    step_up_id  TEXT ${text} NOT NULL,
    channel     TEXT NOT NULL,
    destination TEXT ${text} NOT NULL,
    body        TEXT NOT NULL,
    created_at  ${time} NOT NULL
  );
  CREATE INDEX stepup_outbox_step_up ON stepup_outbox (step_up_id);
`;

/** Step 5 for both engines (text columns with the "C" collation and BIGINT times on PostgreSQL). */
// Typed where migrations.ts lists it (an import of its Migration type here would be a module cycle).
export const STEP_UP_MIGRATION = {
  version: 5,
  name: 'step-up: contacts, devices, step-ups, outbox',
  sql: TABLES('', 'INTEGER'),
  postgres: TABLES('COLLATE "C"', 'BIGINT'),
};
