// The state of one form's write: whether it is running and what it last threw. Kept here, outside
// Preact, so that a second submit in the same tick (a double click, Enter pressed twice) sees the
// first one running: a component's state only changes at its next render, too late to refuse it.
// `close` is for the component's unmount: the write goes on, but nothing is published any more.

export interface ActionState {
  busy: boolean;
  /** What the last run threw (AWS's error, with its code and words); undefined once cleared. */
  error: unknown;
}

/** What a run came to: its action's value, what the action threw, or skipped (another was running). */
export type ActionOutcome<T> = { status: 'done'; value: T } | { status: 'failed'; error: unknown } | { status: 'skipped' };

export const IDLE: ActionState = { busy: false, error: undefined };

export class ActionRunner {
  #state: ActionState = IDLE;
  #closed = false;
  readonly #publish: (state: ActionState) => void;

  constructor(publish: (state: ActionState) => void) {
    this.#publish = publish;
  }

  get state(): ActionState {
    return this.#state;
  }

  /** Runs `action` unless one is running: clears the error first, keeps what it throws. */
  run = async <T>(action: () => Promise<T>): Promise<ActionOutcome<T>> => {
    if (this.#state.busy) return { status: 'skipped' };
    this.#set({ busy: true, error: undefined });
    try {
      const value = await action();
      this.#set(IDLE);
      return { status: 'done', value };
    } catch (error) {
      this.#set({ busy: false, error });
      return { status: 'failed', error };
    }
  };

  /** Forgets the last error (the person edits the field it was about, or closes the dialog). */
  clearError = (): void => {
    if (this.#state.error !== undefined) this.#set({ ...this.#state, error: undefined });
  };

  close(): void {
    this.#closed = true;
  }

  #set(state: ActionState): void {
    this.#state = state;
    if (!this.#closed) this.#publish(state);
  }
}
