/**
 * A streaming reader for seed files: reads the JSON in 1 MiB chunks and hands over each element of the
 * top-level "customers" array as its own JSON text, so a file of a million customers never has to be
 * held (or parsed) as one value. A generator of the customers of each chunk, so the caller can write
 * them (awaiting the database) between chunks, inside one transaction.
 */
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const CHUNK = 1 << 20;
const CUSTOMERS_OPEN = /"customers"\s*:\s*\[$/;

/** What the scanner saw besides the customers: the top-level JSON with "customers" emptied, and errors. */
interface ScanResult {
  /** The top-level text with the customers array emptied, e.g. `{"defaultRegion":"GB","customers":[]}`. */
  top: string;
  /** Why the text is not complete JSON (unbalanced brackets, unterminated string), if it is not. */
  error?: string;
}

/** One element of the customers array: its JSON text, index and the top-level text before the array. */
interface CustomerText {
  json: string;
  index: number;
  topSoFar: string;
}

/**
 * Read `file`, calling `onCustomer(json, index, topSoFar)` for each customers element (`topSoFar` is the
 * top-level text before the array, for keys such as defaultRegion). Throws only for I/O errors.
 */
export function scanSeedFile(file: string, onCustomer: (json: string, index: number, topSoFar: string) => void): ScanResult {
  const chunks = scanSeedChunks(file);
  for (let step = chunks.next(); ; step = chunks.next()) {
    if (step.done) return step.value;
    for (const c of step.value) onCustomer(c.json, c.index, c.topSoFar);
  }
}

/** Read `file` chunk by chunk, yielding the customers elements completed in each; returns the ScanResult. */
export function* scanSeedChunks(file: string): Generator<CustomerText[], ScanResult> {
  const found: CustomerText[] = [];
  let top = '';
  let elem = '';
  let index = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let inCustomers = false;
  let unbalanced = false;
  const emit = (last: boolean): void => {
    const text = elem.trim();
    elem = '';
    if (last && text === '' && index === 0) return; // "customers": []
    found.push({ json: text, index: index++, topSoFar: top });
  };

  const scan = (s: string): void => {
    let seg = 0;
    const flush = (end: number): void => {
      if (inCustomers) elem += s.slice(seg, end);
      else top += s.slice(seg, end);
      seg = end;
    };
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 34) inString = true;
      else if (c === 123) depth++;
      else if (c === 91) {
        depth++;
        if (depth === 2 && !inCustomers) {
          flush(i + 1);
          inCustomers = CUSTOMERS_OPEN.test(top);
        }
      } else if (c === 44 && inCustomers && depth === 2) {
        flush(i);
        emit(false);
        seg = i + 1;
      } else if (c === 93 || c === 125) {
        if (c === 93 && inCustomers && depth === 2) {
          flush(i);
          emit(true);
          inCustomers = false;
        }
        depth--;
        if (depth < 0) unbalanced = true;
      }
    }
    flush(s.length);
  };

  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    const decoder = new StringDecoder('utf8');
    for (let n = fs.readSync(fd, buffer, 0, CHUNK, null); n > 0; n = fs.readSync(fd, buffer, 0, CHUNK, null)) {
      scan(decoder.write(buffer.subarray(0, n)));
      yield found.splice(0);
    }
    scan(decoder.end());
    yield found.splice(0);
  } finally {
    fs.closeSync(fd);
  }
  if (inString) return { top, error: 'unterminated string' };
  if (depth !== 0 || unbalanced) return { top, error: 'unbalanced brackets (is the file truncated?)' };
  return { top };
}
