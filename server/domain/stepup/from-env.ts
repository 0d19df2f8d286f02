/**
 * Step-up settings of server/main.ts from the environment (CV_API_* like every other setting): demo mode
 * (CV_API_DEMO) and the Twilio Verify-compatible provider (CV_API_VERIFY_URL, _SERVICE_SID, _USERNAME,
 * _PASSWORD). Credentials come only from the environment, never from flags, which other users can read in ps.
 */
import { twilioVerifySender } from '../senders/twilio-verify.ts';
import { demoFromEnv, providerFromEnv, type StepUpOptions } from './config.ts';

/** The step-up options for buildApp; throws a readable Error on an incomplete provider setting. */
export function stepUpFromEnv(env: NodeJS.ProcessEnv): StepUpOptions {
  const provider = providerFromEnv(env);
  return { demo: demoFromEnv(env), ...(provider ? { sender: twilioVerifySender(provider) } : {}) };
}
