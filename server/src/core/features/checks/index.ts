// Every check, in the order their findings are computed. Adding a check: a module beside this one,
// its line here, its test, and its entry under `entente.diagnostics` in package.json (a test
// fails when package.json and this list disagree).

import type { Check } from './types';
import { invalidDate } from './invalid';
import { reversedRange } from './rangeReversed';
import { dateConflict } from './conflict';
import { dateInconsistent } from './inconsistent';
import { anachronism } from './anachronism';
import { weekdayMismatch } from './weekday';
import { ambiguousDate } from './ambiguous';
import { citekeyUnknown } from './citekey';

export const CHECKS: readonly Check[] = [invalidDate, reversedRange, weekdayMismatch, ambiguousDate, dateConflict, dateInconsistent, anachronism, citekeyUnknown];
