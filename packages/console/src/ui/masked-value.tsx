// A secret value, masked until the person asks for it. "Reveal" runs the read it is given (each one
// an audited API call); "Hide" drops the value from memory, and so does leaving the page (the state
// dies with the component). A refused read shows the service's error, verbatim, where the value
// would be. The value is never logged, never put in a URL or storage, and never announced unasked.

import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorNotice } from './error-notice.js';

type State = { phase: 'masked' } | { phase: 'loading' } | { phase: 'shown'; value: string } | { phase: 'failed'; error: unknown };

export interface MaskedValueProps {
  /** What is hidden, in words for the buttons' names: "the value", "the value of version 3". */
  what: string;
  /** The read that reveals it; aborted if the component goes away first. */
  reveal: (signal: AbortSignal) => Promise<string>;
  /** A smaller look, for table cells. */
  compact?: boolean;
}

export function MaskedValue({ what, reveal, compact }: MaskedValueProps) {
  const [state, setState] = useState<State>({ phase: 'masked' });
  const pending = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => pending.current?.abort(), []);

  const show = async () => {
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    setState({ phase: 'loading' });
    try {
      const value = await reveal(controller.signal);
      if (!controller.signal.aborted) setState({ phase: 'shown', value });
    } catch (error) {
      if (!controller.signal.aborted) setState({ phase: 'failed', error });
    }
  };
  const hide = () => {
    pending.current?.abort();
    setState({ phase: 'masked' });
  };

  const open = state.phase === 'shown' || state.phase === 'failed';
  return (
    <div class={compact ? 'masked-value masked-value-compact' : 'masked-value'} data-state={state.phase}>
      {state.phase === 'shown' ? (
        <pre class="masked-value-text" data-testid="revealed-value">
          {state.value}
        </pre>
      ) : state.phase === 'failed' ? (
        <ErrorNotice error={state.error} action={`revealing ${what}`} />
      ) : (
        <span class="masked-value-mask">
          <span aria-hidden="true">••••••••</span>
          <span class="visually-hidden">{`${what} (hidden)`}</span>
        </span>
      )}
      <button
        type="button"
        class={compact ? 'secondary outline masked-value-button' : 'secondary masked-value-button'}
        aria-busy={state.phase === 'loading'}
        // Not `disabled`: a disabled button loses the keyboard focus the person had on it.
        aria-disabled={state.phase === 'loading'}
        aria-label={open ? `Hide ${what}` : `Reveal ${what}`}
        onClick={state.phase === 'loading' ? undefined : open ? hide : () => void show()}
      >
        {open ? 'Hide' : 'Reveal'}
      </button>
    </div>
  );
}
