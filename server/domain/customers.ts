/**
 * Customer look-ups for identification. Every look-up goes through an index (customer_phones.e164,
 * customers.account_number, lower(customers.last_name), the primary key) and returns at most
 * MAX_CANDIDATES rows, ordered by customer id so results are stable.
 */
import type { Candidate } from '../../lib/api/contract.ts';
import { maskE164 } from './e164.ts';
import type { Queryable } from '../db/sql.ts';

/** The contract allows at most 50 candidates in one response. */
const MAX_CANDIDATES = 50;

/** What identify reads of a customer: the candidate's columns plus its first phone (never the stored answers). */
export interface CandidateRow {
  customer_id: string;
  kind: 'person' | 'business';
  first_name: string | null;
  last_name: string | null;
  account_name: string | null;
  role: string | null;
  account_number: string | null;
  first_phone: string | null;
  /** When the phone or email on file last changed (epoch ms; risk). */
  contact_changed_at?: number | null;
}

/** A customers row plus its first phone, with the stored answers (challenges, verification). */
export interface CustomerRow extends CandidateRow {
  answers_json: string;
}

const selectOf = (answers: string) => `
  SELECT c.customer_id, c.kind, c.first_name, c.last_name, c.account_name, c.role, c.account_number,${answers}
         c.contact_changed_at,
         (SELECT p1.e164 FROM customer_phones p1 WHERE p1.customer_id = c.customer_id
           ORDER BY p1.position LIMIT 1) AS first_phone
  FROM customers c`;
const SELECT = selectOf(' c.answers_json,');
/** Identify's look-ups leave the answers out: nothing there needs them, and each is a string copied per candidate. */
const SELECT_CANDIDATE = selectOf('');

/** The SQL of the ANI/phone look-up (exported so a test can check its query plan). */
export const FIND_BY_PHONE_SQL = `${SELECT_CANDIDATE}
  WHERE c.customer_id IN (SELECT p.customer_id FROM customer_phones p WHERE p.e164 = ?)
  ORDER BY c.customer_id LIMIT ${MAX_CANDIDATES}`;

/** The look-up by customer id (also used, locking the row, by verifications). */
export const FIND_BY_ID_SQL = `${SELECT} WHERE c.customer_id = ?`;
const FIND_CANDIDATE_BY_ID_SQL = `${SELECT_CANDIDATE} WHERE c.customer_id = ?`;
const FIND_BY_ACCOUNT_SQL = `${SELECT_CANDIDATE} WHERE c.account_number = ? ORDER BY c.customer_id LIMIT ${MAX_CANDIDATES}`;
const FIND_BY_LAST_NAME_SQL = `${SELECT_CANDIDATE}
  WHERE lower(c.last_name) = lower(?) ORDER BY c.customer_id LIMIT ${MAX_CANDIDATES}`;

/** The look-up statement of each kind of identify value (one parameter: the value). */
export const LOOK_UP_SQL = {
  phone: FIND_BY_PHONE_SQL,
  customerId: FIND_CANDIDATE_BY_ID_SQL,
  accountNumber: FIND_BY_ACCOUNT_SQL,
  lastName: FIND_BY_LAST_NAME_SQL,
} as const;

/** The customer with exactly this id, if any. */
export function findByCustomerId(db: Queryable, customerId: string): Promise<CustomerRow[]> {
  return db.all<CustomerRow>(FIND_BY_ID_SQL, [customerId]);
}

/** "First Last" for a person or business contact; the account name when there is no contact name. */
export function displayName(row: CandidateRow): string {
  const name = [row.first_name, row.last_name].filter((s): s is string => !!s && s.trim() !== '').join(' ');
  return name !== '' ? name : (row.account_name ?? row.customer_id);
}

/** A row as a contract Candidate (only masked phone, never answers). */
export function toCandidate(row: CandidateRow): Candidate {
  const candidate: Candidate = { customerId: row.customer_id, displayName: displayName(row), kind: row.kind };
  if (row.account_name) candidate.accountName = row.account_name;
  if (row.role) candidate.role = row.role;
  if (row.first_phone) candidate.maskedPhone = maskE164(row.first_phone);
  return candidate;
}

/** The stored answers of a customer (answers_json), tolerating a malformed value as "no answers". */
export function storedAnswers(answersJson: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(answersJson);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    const out: Record<string, string> = {};
    for (const [key, answer] of Object.entries(value)) {
      if (typeof answer === 'string' && answer.trim() !== '') out[key] = answer;
    }
    return out;
  } catch {
    return {};
  }
}
