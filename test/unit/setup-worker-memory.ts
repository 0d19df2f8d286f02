/**
 * Each test starts as a new worker: what the worker keeps in memory about storage (interaction-copies.ts)
 * goes, as it does when the browser stops the worker. Tests reset the fake browser's storage themselves.
 */
import { beforeEach } from 'vitest';
import { forgetInteractions } from '../../entrypoints/background/interaction-copies.ts';

beforeEach(() => forgetInteractions());
