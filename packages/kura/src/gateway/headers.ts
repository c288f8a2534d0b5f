// Header lookup over node's raw header list (names in any case, first value wins).

export function header(request: { rawHeaders: readonly string[] }, name: string): string | undefined {
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === name) return raw[i + 1];
  }
  return undefined;
}
