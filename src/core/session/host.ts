import { CancelledError } from '../errors';
import { Session, type DatasetCache, type Reopen, type SessionEnv } from './session';
import { attempt, type Result } from './result';
import type { DatasetView, LoadProgress, LoadSettings } from './views';

/**
 * Holds the open session and replaces it when another file is opened. Every call names the
 * session it is meant for: a call for a replaced session is refused ('cancelled'), so an answer
 * about one file can never be shown with another.
 */
export class SessionHost {
  private session: Session | null = null;
  private loads = 0;

  /** `idPrefix` keeps session ids unique beyond this host (the page may replace its worker). */
  constructor(
    private readonly env: SessionEnv,
    private readonly idPrefix = '',
  ) {}

  get current(): Session | null {
    return this.session;
  }

  /**
   * Opens a dataset as a new session. The old session's training stops at once; the old session
   * itself stays usable until the new one is ready, so a bad file leaves the previous dataset
   * working. Of two loads, the later one wins.
   */
  async load(
    reopen: Reopen,
    settings: LoadSettings,
    onProgress?: (p: LoadProgress) => void,
    cache?: DatasetCache,
  ): Promise<Result<DatasetView>> {
    const n = ++this.loads;
    this.session?.cancelEvaluation();
    const result = await attempt(async () => {
      const next = await Session.open(`${this.idPrefix}${n}`, reopen, settings, this.env, onProgress, cache);
      if (n !== this.loads) {
        next.close();
        throw new CancelledError();
      }
      this.session?.close();
      this.session = next;
      return next.view;
    });
    if (!result.ok && result.error.code === 'internal') {
      result.error = {
        ...result.error,
        message: `Unexpected error while loading: ${result.error.message}`,
        hint: 'Please report this with the file’s description (not the file).',
      };
    }
    return result;
  }

  /** Runs `f` on session `id` if it is still the open one. */
  on<T>(id: string, f: (s: Session) => Promise<T> | T): Promise<Result<T>> {
    return attempt(() => {
      const s = this.session;
      if (!s || s.id !== id) throw new CancelledError();
      return f(s);
    });
  }
}
