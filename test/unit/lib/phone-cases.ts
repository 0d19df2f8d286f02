/**
 * Real-world caller numbers (ANI) as CRMs, PBXs and SIP trunks present them, with the expected result of
 * normaliseAni. Numbers use fictional/drama ranges where the numbering plan has them (US 555-01xx,
 * Ofcom 020 7946 0xxx / 0113 496 0xxx / 07700 900xxx).
 */
import type { CountryCode } from '../../../lib/phone.ts';

/** One case: input, default region, expected E.164 (or 'withheld' / 'invalid'), extras on the number. */
export type PhoneCase = [
  input: string | null | undefined,
  region: CountryCode,
  expected: string,
  extra?: { ext?: string; valid?: boolean },
];

export const PHONE_CASES: PhoneCase[] = [
  // United States / Canada (NANP): formatted, national, trunk 1, 011 international prefix, URIs, extensions.
  ['+1 (415) 555-0100', 'US', '+14155550100'],
  ['(415) 555-0100', 'US', '+14155550100'],
  ['415.555.0100', 'US', '+14155550100'],
  ['1-415-555-0100', 'US', '+14155550100'],
  ['011 44 20 7946 0958', 'US', '+442079460958'],
  ['011 49 30 901820', 'CA', '+4930901820'],
  ['tel:+1-415-555-0100;ext=12', 'US', '+14155550100', { ext: '12' }],
  ['sip:+14155550100@pbx.example.com;user=phone', 'GB', '+14155550100'],
  ['sips:+14155550100@pbx.example.com', 'US', '+14155550100'],
  ['<sip:4155550100@10.0.0.5:5060>', 'US', '+14155550100'],
  ['sip:%2B14155550100@pbx.example.com', 'DE', '+14155550100'],
  ['+1 415 555 0100 x123', 'US', '+14155550100', { ext: '123' }],
  ['415-555-0100 ext. 12', 'US', '+14155550100', { ext: '12' }],
  ['+1 415 555 0100#123', 'US', '+14155550100', { ext: '123' }],
  ['4155550100,,123', 'US', '+14155550100', { ext: '123' }],
  ['+1 555 555 5555', 'US', '+15555555555', { valid: false }],
  // United Kingdom.
  ['020 7946 0958', 'GB', '+442079460958'],
  ['+44 (0)20 7946 0958', 'US', '+442079460958'],
  ['00 44 20 7946 0958', 'GB', '+442079460958'],
  ['0044 20 7946 0958', 'US', '+442079460958'],
  ['tel:+44-113-496-0000', 'US', '+441134960000'],
  ['0113 496 0000 extension 5', 'GB', '+441134960000', { ext: '5' }],
  // A national number not valid in the region is never sent as if it were (Ofcom drama range: unallocated).
  ['07700 900123', 'GB', 'invalid'],
  ['tel:7946-0958;phone-context=+44-20', 'US', '+442079460958'],
  // Germany.
  ['030 901820', 'DE', '+4930901820'],
  ['+49 (0)30 901820', 'US', '+4930901820'],
  ['0049 151 23456789', 'US', '+4915123456789'],
  ['0151/23456789', 'DE', '+4915123456789'],
  ['sip:+4930901820@sbc.example.de', 'DE', '+4930901820'],
  // France.
  ['01 23 45 67 89', 'FR', '+33123456789'],
  ['06.12.34.56.78', 'FR', '+33612345678'],
  ['+33 6 12 34 56 78', 'US', '+33612345678'],
  ['0033612345678', 'GB', '+33612345678'],
  // Ireland.
  ['01 234 5678', 'IE', '+35312345678'],
  ['087 123 4567', 'IE', '+353871234567'],
  ['00353 87 123 4567', 'GB', '+353871234567'],
  // Australia (0011 international prefix).
  ['02 9876 5432', 'AU', '+61298765432'],
  ['0412 345 678', 'AU', '+61412345678'],
  ['+61 4 1234 5678', 'US', '+61412345678'],
  ['0011 44 20 7946 0958', 'AU', '+442079460958'],
  // India.
  ['98765 43210', 'IN', '+919876543210'],
  ['+91-98765-43210', 'US', '+919876543210'],
  ['022 2345 6789', 'IN', '+912223456789'],
  // Spain.
  ['612 34 56 78', 'ES', '+34612345678'],
  ['+34 91 123 45 67', 'US', '+34911234567'],
  ['0034 911 234 567', 'GB', '+34911234567'],
  // Mexico.
  ['55 1234 5678', 'MX', '+525512345678'],
  ['tel:+52-55-1234-5678', 'US', '+525512345678'],
  // Brazil.
  ['(11) 91234-5678', 'BR', '+5511912345678'],
  ['+55 11 3123-4567', 'US', '+551131234567'],
  ['0 11 91234 5678', 'BR', '+5511912345678'],
  // Unicode and copy-paste debris; labels around the number; a missing "+".
  ['＋４４ ２０ ７９４６ ０９５８', 'US', '+442079460958'],
  ['+1\u00a0415\u00a0555\u00a00100', 'US', '+14155550100'],
  ['415\u2013555\u20130100', 'US', '+14155550100'],
  ['\u200e+44 20 7946 0958\u200f', 'US', '+442079460958'],
  ['٠٢٠ ٧٩٤٦ ٠٩٥٨', 'GB', '+442079460958'],
  ['Call +1 415 555 0100', 'GB', '+14155550100'],
  ['+1 415 555 0100 (mobile)', 'US', '+14155550100'],
  ['442079460958', 'US', '+442079460958'],
  ['sip:442079460958@10.0.0.1', 'US', '+442079460958'],
  // Withheld / no number presented.
  ['anonymous', 'US', 'withheld'],
  ['Anonymous', 'GB', 'withheld'],
  ['ANONYMOUS', 'US', 'withheld'],
  ['private', 'US', 'withheld'],
  ['Private Number', 'GB', 'withheld'],
  ['unknown', 'US', 'withheld'],
  ['restricted', 'US', 'withheld'],
  ['withheld', 'GB', 'withheld'],
  ['Number Withheld', 'GB', 'withheld'],
  ['unavailable', 'US', 'withheld'],
  ['No Caller ID', 'US', 'withheld'],
  ['', 'US', 'withheld'],
  ['   ', 'US', 'withheld'],
  ['\u00a0', 'US', 'withheld'],
  [null, 'US', 'withheld'],
  [undefined, 'US', 'withheld'],
  ['-', 'US', 'withheld'],
  ['sip:anonymous@anonymous.invalid', 'US', 'withheld'],
  ['"Anonymous" <sip:anonymous@anonymous.invalid>;tag=9f2c', 'US', 'withheld'],
  ['sip:Restricted@pbx.example.com', 'US', 'withheld'],
  // Garbage.
  ['abc', 'US', 'invalid'],
  ['12', 'US', 'invalid'],
  ['0000', 'GB', 'invalid'],
  ['+', 'US', 'invalid'],
  ['😀', 'US', 'invalid'],
  ['null', 'US', 'invalid'],
  ['+999 1234 5678', 'US', 'invalid'],
  ['1-800-FLOWERS', 'US', 'invalid'],
  ['4155550100abc', 'US', 'invalid'],
  ['+1 415 555 0100 / +44 20 7946 0958', 'US', 'invalid'],
  ['Order 12345678 ref 99', 'DE', 'invalid'],
  ['sip:pbx@example.com', 'US', 'invalid'],
  ['011 44 20 7946 0958', 'GB', 'invalid'],
];
