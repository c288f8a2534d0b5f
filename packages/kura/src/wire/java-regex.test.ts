import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileJavaPattern, matchesJavaPattern, translateJavaRegex, UnsupportedPatternError } from './java-regex.js';
import { iamModel, kmsModel, ssmModel, stsModel } from './testing/models.js';

describe('Java model patterns in JavaScript', () => {
  it('compiles every pattern in the SSM, KMS, IAM and STS models', () => {
    const refused: string[] = [];
    for (const model of [ssmModel, kmsModel, iamModel, stsModel]) {
      for (const [name, shape] of Object.entries(model.shapes)) {
        if (shape.pattern !== undefined && compileJavaPattern(shape.pattern) === null) refused.push(`${model.metadata.serviceId} ${name}: ${shape.pattern}`);
      }
    }
    assert.deepEqual(refused, []);
  });

  it("matches the whole value, as Java's Matcher.matches() does", () => {
    assert.equal(matchesJavaPattern('[0-9]{12}', '111122223333'), true);
    assert.equal(matchesJavaPattern('[0-9]{12}', '1111222233334'), false);
    assert.equal(matchesJavaPattern('tag:.+|Name|Type', 'Names'), false);
    assert.equal(matchesJavaPattern('tag:.+|Name|Type', 'tag:env'), true);
  });

  it('reads a leading (?i) as case-insensitive', () => {
    assert.equal(matchesJavaPattern('(?i)all|[0-9]{12}', 'ALL'), true);
  });

  it('accepts escapes Java allows and the u flag does not (\\: \\_)', () => {
    assert.equal(matchesJavaPattern('^[\\w\\.\\-\\:\\/ ]*$', 'a-b:c/d e'), true);
    assert.equal(matchesJavaPattern('a\\_b', 'a_b'), true);
  });

  it("keeps Java's ASCII-only \\s and its `.` that stops at U+0085", () => {
    assert.equal(matchesJavaPattern('a\\sb', 'a\u00a0b'), false);
    assert.equal(matchesJavaPattern('a\\sb', 'a\tb'), true);
    assert.equal(matchesJavaPattern('a.b', 'a\u0085b'), false);
    assert.equal(matchesJavaPattern('[\\s\\S]*\\S[\\s\\S]*', ' x '), true);
  });

  it('reads \\17 as group 1 then "7" when fewer than 17 groups exist, as Java does', () => {
    assert.equal(matchesJavaPattern('(a)\\17', 'aa7'), true);
  });

  it('reads \\u10000 as U+1000 followed by "0", as Java does', () => {
    assert.equal(matchesJavaPattern('[\\u10000-\\u10FFFF]+', '\u1000'), true);
    assert.equal(matchesJavaPattern('[\\u10000-\\u10FFFF]+', '\u{1F600}'), false);
  });

  it('matches Unicode letters with \\p{L}', () => {
    assert.equal(matchesJavaPattern('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*', 'Größe 12'), true);
    assert.equal(matchesJavaPattern('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*', 'a&b'), false);
  });

  it('turns possessive quantifiers and atomic groups into their greedy forms', () => {
    assert.equal(translateJavaRegex('a++b*+(?>c)').source, 'a+b*(?:c)');
  });

  it('refuses constructs it cannot translate faithfully instead of guessing', () => {
    assert.throws(() => translateJavaRegex('[a-z&&[^aeiou]]'), UnsupportedPatternError);
    assert.throws(() => translateJavaRegex('a(?i)b'), UnsupportedPatternError);
    assert.equal(compileJavaPattern('[a-z&&[^aeiou]]'), null);
    // An unusable pattern does not block a request: validation of that one constraint is skipped.
    assert.equal(matchesJavaPattern('[a-z&&[^aeiou]]', 'anything'), true);
  });
});
