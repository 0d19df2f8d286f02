/**
 * Step-up contacts of seed customers: the email on file and the enrolled app devices. A device secret is
 * stored only as its SHA-256 digest (the app presents the secret; the server hashes and compares).
 */
import { hashDeviceSecret } from '../domain/stepup/app.ts';
import type { Queryable } from '../db/sql.ts';
import type { SeedCustomerRow } from './schema.ts';

/** Write the batch's emails and devices (replacing earlier ones unless the database was empty). */
export async function writeContacts(tx: Queryable, batch: readonly SeedCustomerRow[], fresh: boolean): Promise<void> {
  for (const c of batch) {
    if (!fresh) {
      await tx.run('DELETE FROM customer_contacts WHERE customer_id = ?', [c.customerId]);
      await tx.run('DELETE FROM customer_devices WHERE customer_id = ?', [c.customerId]);
    }
    if (c.email !== undefined) await tx.run('INSERT INTO customer_contacts (customer_id, email) VALUES (?, ?)', [c.customerId, c.email]);
    for (const d of c.appDevices ?? []) {
      await tx.run('INSERT INTO customer_devices (device_id, customer_id, secret_hash) VALUES (?, ?, ?)', [d.deviceId, c.customerId, hashDeviceSecret(d.secret)]);
    }
  }
}
