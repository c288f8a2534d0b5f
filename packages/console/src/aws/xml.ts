// The AWS Query protocol (IAM, STS) answers in XML. The console reads it into plain objects:
// an element holding only text is a string; one whose children are all <member> (or <entry> with
// <key>/<value>) is a list (or a map); anything else an object keyed by child name.

export type XmlValue = string | XmlValue[] | { [name: string]: XmlValue };

function convert(element: Element): XmlValue {
  const children = Array.from(element.children);
  if (children.length === 0) return element.textContent ?? '';
  if (children.every((c) => c.localName === 'member')) return children.map(convert);
  if (children.every((c) => c.localName === 'entry')) {
    const map: Record<string, XmlValue> = {};
    for (const entry of children) {
      const key = Array.from(entry.children).find((c) => c.localName === 'key')?.textContent ?? '';
      const value = Array.from(entry.children).find((c) => c.localName === 'value');
      map[key] = value ? convert(value) : '';
    }
    return map;
  }
  const object: Record<string, XmlValue> = {};
  for (const child of children) object[child.localName] = convert(child);
  return object;
}

export function parseXml(text: string): { root: string; value: XmlValue } {
  const document = new DOMParser().parseFromString(text, 'application/xml');
  const root = document.documentElement;
  if (!root || root.localName === 'parsererror' || document.getElementsByTagName('parsererror').length > 0) {
    throw new Error('The server answered with XML the console cannot read.');
  }
  return { root: root.localName, value: convert(root) };
}

/** An empty list comes back as an empty element, that is an empty string: normalize to []. */
export function asList(value: XmlValue | undefined): XmlValue[] {
  return Array.isArray(value) ? value : [];
}

export function asObject(value: XmlValue | undefined): Record<string, XmlValue> {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

export function asText(value: XmlValue | undefined): string {
  return typeof value === 'string' ? value : '';
}
