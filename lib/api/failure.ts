/** The small set of API failures the panel knows how to explain. */

export type ApiFailureKind =
  | 'offline'
  | 'timeout'
  | 'unauthorised'
  | 'locked'
  | 'rate_limited'
  | 'rejected'
  | 'bad_response'
  | 'server_error';

export interface ApiFailure {
  kind: ApiFailureKind;
  /** HTTP status when the server answered. */
  status?: number;
  /** Technical detail for the "details" line and support; never shown as the main message. */
  detail: string;
  /** The x-request-id sent, so support can find the server log line. */
  requestId: string;
  /** For `locked`: until when (ISO time), when the server says. */
  lockedUntil?: string;
  /** OAuth only (lib/auth): the agent has to sign in (`required`), or the last sign-in went wrong (`failed`). */
  signIn?: 'required' | 'failed';
}

/** Map an HTTP status to a failure kind. */
export function kindForStatus(status: number): ApiFailureKind {
  if (status === 401 || status === 403) return 'unauthorised';
  if (status === 423) return 'locked';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  return 'rejected';
}
