/**
 * Genesys Cloud for Salesforce in Lightning Experience: the managed package (namespace `purecloud`)
 * publishes its client events on the Lightning message channel `purecloud__ClientEvent__c`; its softphone
 * page posts them to the Lightning window as `{methodName: 'publish', args: {eventName, message}}`, where
 * `message` is `{type: 'Interaction', category: 'add' | 'change' | ..., data}` and `data` an interaction
 * (`id` = conversation id, `ani`, `direction`, `isConnected`, `isDisconnected`, ...; a `change` carries
 * `{old, new}`). Shapes as Genesys documents them ("Events in Salesforce") and public LWC handlers read
 * them (evidence in lib/adapters/genesys-evidence.ts). Pure: the content source passes origin and data in.
 */
import { isObject } from '../values';

export const CLIENT_EVENT_CHANNEL = 'purecloud__ClientEvent__c';
/** The managed package's namespace: its Visualforce pages are served from `<my domain>--purecloud.…`. */
const NAMESPACE = 'purecloud';

/** What an interaction event says: an inbound call to report, or the end of an interaction. */
export type ClientEvent =
  | { kind: 'call'; interactionId: string; rawAni: string | null }
  | { kind: 'ended'; interactionId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOT_A_CALL = ['isCallback', 'isChat', 'isEmail', 'isMessage', 'isVoicemail'] as const;

/** `tel:+1555…` → `+1555…`; other text as it is. */
const number = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim().replace(/^tel:/i, '') : null);

/** What a window message means; undefined when it is no (inbound call) interaction event of this channel. */
export function clientEvent(raw: unknown): ClientEvent | undefined {
  if (!isObject(raw) || raw.methodName !== 'publish' || !isObject(raw.args) || raw.args.eventName !== CLIENT_EVENT_CHANNEL) return undefined;
  const message = raw.args.message;
  if (!isObject(message) || message.type !== 'Interaction' || !isObject(message.data)) return undefined;
  const data = message.category === 'change' ? message.data.new : message.data;
  if (!isObject(data) || typeof data.id !== 'string' || !UUID.test(data.id)) return undefined;
  if (data.isDisconnected === true || data.isDone === true || message.category === 'disconnect' || message.category === 'deallocate') return { kind: 'ended', interactionId: data.id };
  if (typeof data.direction !== 'string' || data.direction.toLowerCase() !== 'inbound') return undefined;
  if (NOT_A_CALL.some((k) => data[k] === true)) return undefined;
  return { kind: 'call', interactionId: data.id, rawAni: number(data.ani) ?? number(data.phone) };
}

/**
 * The prefix and the domain suffix of a Lightning host: `acme.lightning.force.com` → [`acme`, ``],
 * `acme--uat.sandbox.lightning.force.com` → [`acme--uat`, `sandbox.`]; null for any other host.
 */
function lightningParts(host: string): [string, string] | null {
  const m = /^([a-z0-9-]+)\.((?:[a-z0-9-]+\.)?)(?:lightning\.force\.com|my\.salesforce\.com)$/i.exec(host);
  return m ? [m[1] as string, m[2] as string] : null;
}

/**
 * Whether a message from `origin` may speak for Genesys Cloud for Salesforce in the Lightning page on
 * `pageHost`: only the org's own Visualforce domain of the `purecloud` package (enhanced domains
 * `<my domain>--purecloud.<suffix>vf.force.com`, legacy `<my domain>--purecloud.<instance>.visual.force.com`).
 * Another org's pages, any other package, the Genesys client of any tenant and every other frame are refused:
 * those hosts are allotted by Salesforce per org and package, so no one else can serve from them.
 */
export function clientEventOriginTrusted(pageHost: string, origin: string): boolean {
  const parts = lightningParts(pageHost);
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (!parts || url.protocol !== 'https:' || url.port !== '' || url.origin !== origin) return false;
  const [prefix, suffix] = parts;
  const host = url.hostname.toLowerCase();
  const label = `${prefix.toLowerCase()}--${NAMESPACE}.`;
  if (host === `${label}${suffix.toLowerCase()}vf.force.com`) return true;
  return host.startsWith(label) && /^[a-z0-9]+\.visual\.force\.com$/.test(host.slice(label.length));
}
