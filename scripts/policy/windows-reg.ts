/**
 * Windows `.reg` output for Chrome and Edge. Chrome reads an extension's policy from
 * `HKLM\Software\Policies\<vendor>\3rdparty\extensions\<id>\policy` and converts it with the
 * extension's schema: strings are REG_SZ, integers and booleans REG_DWORD, objects are subkeys, and
 * lists are REG_SZ holding JSON (Chrome parses a string where its schema expects a list or object;
 * numbered list subkeys would be read in text order, 1, 10, 2, ...). ExtensionSettings is a REG_SZ
 * JSON value, as in Chrome's policy documentation.
 */

export interface RegOptions {
  /** `Google\Chrome` or `Microsoft\Edge`. */
  vendorKey: string;
  extensionId: string;
  /** ExtensionSettings entry for this extension; omitted when null. */
  install: Record<string, unknown> | null;
  /** ExtensionInstallForcelist entry (`<id>;<update URL>`) instead of ExtensionSettings; omitted when null. */
  forcelist?: string | null;
  header: string[];
}

/** A REG_SZ string literal: backslashes and quotes escaped. */
export function regString(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** One `"name"=value` line for a scalar or JSON-encoded list. */
function regValue(name: string, value: unknown): string {
  if (typeof value === 'boolean') return `${regString(name)}=dword:${value ? '00000001' : '00000000'}`;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`${name}: ${value} does not fit a REG_DWORD`);
    return `${regString(name)}=dword:${value.toString(16).padStart(8, '0')}`;
  }
  if (typeof value === 'string') return `${regString(name)}=${regString(value)}`;
  return `${regString(name)}=${regString(JSON.stringify(value))}`;
}

/** The key block for `path` and its subkeys for nested objects, depth first. */
function regKey(path: string, values: Record<string, unknown>): string[] {
  const lines = [`[${path}]`];
  const subkeys: [string, Record<string, unknown>][] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'object' && !Array.isArray(value)) subkeys.push([name, value as Record<string, unknown>]);
    else lines.push(regValue(name, value));
  }
  lines.push('');
  for (const [name, value] of subkeys) lines.push(...regKey(`${path}\\${name}`, value));
  return lines;
}

/** The complete .reg file text (CRLF line ends). The policy key is deleted first so removed keys go. */
export function renderReg(policy: Record<string, unknown>, o: RegOptions): string {
  const root = `HKEY_LOCAL_MACHINE\\Software\\Policies\\${o.vendorKey}`;
  const policyKey = `${root}\\3rdparty\\extensions\\${o.extensionId}\\policy`;
  const lines = ['Windows Registry Editor Version 5.00', '', ...o.header.map((h) => `; ${h}`), '', `[-${policyKey}]`, '', ...regKey(policyKey, policy)];
  if (o.install) {
    lines.push(
      '; Force-install entry. ExtensionSettings is one value for all extensions: if you already set it,',
      '; add this extension\'s entry to your existing JSON instead of importing this line.',
      `[${root}]`,
      regValue('ExtensionSettings', { [o.extensionId]: o.install }),
      '',
    );
  }
  if (o.forcelist) {
    lines.push(
      '; Force-install entry. ExtensionInstallForcelist is a numbered list shared by all extensions: if you',
      '; already force-install others, rename "1" to the next free number.',
      `[${root}\\ExtensionInstallForcelist]`,
      regValue('1', o.forcelist),
      '',
    );
  }
  return lines.join('\r\n');
}

/** UTF-16LE with BOM, the encoding regedit expects for "Version 5.00" files. */
export function regFileBytes(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}
