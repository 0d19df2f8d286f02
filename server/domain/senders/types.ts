/**
 * What a step-up sender does. A sender either delivers a code the server made (`code` given; the server
 * keeps its digest and checks it) or makes and checks the code itself (a provider such as Twilio Verify:
 * `ownsCode`, and `check` asks it). The app channel has no code: its message is a notification.
 */
import type { StepUpChannel } from '../../../lib/api/contract-stepup.ts';
import type { Queryable } from '../../db/sql.ts';

export interface SendRequest {
  stepUpId: string;
  channel: StepUpChannel;
  /** E.164 number, email address or device id. */
  destination: string;
  /** The code to deliver, when the server made it. */
  code?: string;
  /** A resend of the same step-up. */
  resend: boolean;
}

/** The result of a provider's check: approved, still pending (wrong code), or over (canceled, expired, attempts). */
export type ProviderCheck = 'approved' | 'pending' | 'over';

export interface StepUpSender {
  readonly name: string;
  /** Whether this sender makes and checks codes itself (then `check` is required). */
  readonly ownsCode: boolean;
  /** Channels this sender delivers. */
  readonly channels: readonly StepUpChannel[];
  /** Deliver; `db` is the transaction of the step-up for senders that write to the database. Returns a provider reference. */
  send(req: SendRequest, db: Queryable): Promise<{ ref?: string }>;
  /** Ask the provider whether `code` is right for the step-up it knows as `ref`. */
  check?(ref: string, destination: string, code: string): Promise<ProviderCheck>;
}
