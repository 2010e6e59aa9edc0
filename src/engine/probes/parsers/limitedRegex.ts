// User regexes (a probe's `parse.regex`) run with a time limit: JavaScript's backtracking engine can take
// minutes on a pattern like (a+)+$ and would block the whole extension host meanwhile (issue 19 item 9).
// The match runs in a vm context with a timeout, which V8 enforces inside the regex engine as well;
// patterns keep full JavaScript syntax (look-arounds, named groups), unlike a linear-time engine.
import vm from 'node:vm';
import { InvalidInputError } from '../../errors';

export const REGEX_TIME_LIMIT_MS = 1000;

let context: vm.Context | undefined;
const script = new vm.Script('Array.from(text.matchAll(new RegExp(pattern, flags)), (m) => ({ all: [...m], groups: m.groups ? { ...m.groups } : undefined }))');

export interface LimitedMatch {
  /** The match and its numbered groups (undefined where a group did not take part). */
  all: (string | undefined)[];
  groups?: Record<string, string | undefined>;
}

/** Every match of `pattern` in `text` (flags must include g), or an InvalidInputError once the time limit passes. */
export function matchAllLimited(pattern: string, flags: string, text: string, timeoutMs = REGEX_TIME_LIMIT_MS): LimitedMatch[] {
  context ??= vm.createContext(Object.create(null));
  Object.assign(context, { text, pattern, flags });
  try {
    return script.runInContext(context, { timeout: timeoutMs }) as LimitedMatch[];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      throw new InvalidInputError(`The probe regex /${pattern}/ took longer than ${timeoutMs} ms on ${text.length} characters of output and was stopped: ` +
        'it backtracks catastrophically (nested quantifiers such as (a+)+ or (.*)*). Make the repeated parts unambiguous, e.g. ([0-9.]+) instead of (.+)+.');
    }
    throw err;
  } finally {
    Object.assign(context, { text: '', pattern: '', flags: '' });
  }
}
