// Fn::Sub's template strings: `${Name}` (a parameter, a pseudo parameter or a resource's Ref),
// `${Resource.Attribute}` (its Fn::GetAtt), `${!Literal}` (the text `${Literal}`, written as is).
// Shared by the resolver and by the dependency scan, so both read a string the same way.

export type SubPart = { literal: string } | { variable: string };

export function parseSub(text: string): SubPart[] {
  const parts: SubPart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    if (start < 0) break;
    const end = text.indexOf('}', start + 2);
    if (end < 0) break;
    literal += text.slice(i, start);
    const inside = text.slice(start + 2, end);
    if (inside.startsWith('!')) {
      literal += `\${${inside.slice(1)}}`;
    } else {
      if (literal !== '') parts.push({ literal });
      literal = '';
      parts.push({ variable: inside.trim() });
    }
    i = end + 1;
  }
  literal += text.slice(i);
  if (literal !== '') parts.push({ literal });
  return parts;
}

/** `Resource.Attribute` → ['Resource', 'Attribute']; `Name` → ['Name']; `AWS::Region` keeps its colons. */
export function splitVariable(variable: string): [string] | [string, string] {
  const dot = variable.indexOf('.');
  return dot < 0 ? [variable] : [variable.slice(0, dot), variable.slice(dot + 1)];
}
