import type { FindingCode } from './codes.js';
import { makeFinding } from './finding.js';
import { TEXTS } from './texts.js';
import type { Finding } from '../engine/types.js';

/** A finding for a code the browser reported itself (e.g. from CDP), with nothing else known. */
export function findingForBrowserReport(code: FindingCode, parameter = ''): Finding {
  return makeFinding(code, { parameter, detail: TEXTS[code].explanation });
}

