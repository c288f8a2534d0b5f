// Whether this tab is being looked at (Page Visibility API): live views stop polling while it is
// hidden, and catch up when it comes back.

import { useEffect, useState } from 'preact/hooks';

export function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}
