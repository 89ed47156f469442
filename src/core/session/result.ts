import { isInputError, type InputErrorCode, CancelledError } from '../errors';

/** An error as the user reads it: what went wrong, where, and what to do. */
export interface UserError {
  /** 'cancelled': the work was stopped (by the user, or because another file was opened). */
  code: InputErrorCode | 'internal' | 'cancelled';
  message: string;
  hint: string;
}

/** Every answer of a session: a value, or the one error shape the page shows. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: UserError };

export function toUserError(e: unknown): UserError {
  if (isInputError(e)) return { code: e.code, message: e.message, hint: e.hint };
  if (e instanceof CancelledError)
    return { code: 'cancelled', message: 'Stopped: the work was cancelled or another file was opened.', hint: '' };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message: message.charAt(0).toUpperCase() + message.slice(1), hint: '' };
}

/** Runs `f`, mapping whatever it throws into a `UserError`. */
export async function attempt<T>(f: () => Promise<T> | T): Promise<Result<T>> {
  try {
    return { ok: true, value: await f() };
  } catch (e) {
    return { ok: false, error: toUserError(e) };
  }
}
