/** The selector syntax across shadow roots: how a selector list splits into per-tree segments. */
import { describe, expect, it } from 'vitest';
import { compileDeep } from '../../../../lib/dom/deep-selector.ts';

describe('compileDeep', () => {
  it.each([
    ['one-record-home-flexipage2', [['one-record-home-flexipage2']]],
    ['records-record-layout-item[field-label="From"] lightning-formatted-phone', [['records-record-layout-item[field-label="From"]', 'lightning-formatted-phone']]],
    ['a > b c', [['a > b', 'c']]],
    ['a>b   c+d ~ e', [['a>b', 'c+d ~ e']]],
    ['  a   b  ', [['a', 'b']]],
    ['a b, c d', [['a', 'b'], ['c', 'd']]],
    ['[title="x y, z"] a', [['[title="x y, z"]', 'a']]],
    [':is(a b, c) d', [[':is(a b, c)', 'd']]],
    [':not([data-x="a>b"]) > span', [[':not([data-x="a>b"]) > span']]],
    ['a\\ b c', [['a\\ b', 'c']]],
    ["[data-field-id='Record From'] x", [["[data-field-id='Record From']", 'x']]],
  ])('%s', (selector, chains) => {
    expect(compileDeep(selector)).toEqual(chains);
  });
});
