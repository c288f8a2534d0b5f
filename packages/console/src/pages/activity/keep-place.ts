// Keeps the reader's place when events are prepended above it: the first event in view is measured
// before the change and the page scrolled by however far it moved. Browsers' own scroll anchoring
// cannot be relied on here (Safari has none, and the table sits in a scrolling wrapper that Chromium
// takes as the anchor, which does not move), so the Activity section turns it off (styles.css) and
// this does it the same way everywhere. At the top of the page nothing is kept: a reader there is
// watching for the newest events, and sees them arrive.

export function keepPlace(container: HTMLElement | null): void {
  if (!container || scrollY === 0) return;
  const anchor = [...container.querySelectorAll('tbody')].find((row) => row.getBoundingClientRect().bottom > 0);
  if (!anchor) return;
  const top = anchor.getBoundingClientRect().top;
  requestAnimationFrame(() => {
    const moved = anchor.getBoundingClientRect().top - top;
    if (moved !== 0) scrollBy(0, moved);
  });
}
