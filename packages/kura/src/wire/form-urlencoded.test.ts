import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MalformedForm, parseForm } from './form-urlencoded.js';
import { queryParams } from './query.js';

const entries = (params: URLSearchParams) => [...params];

describe('parseForm', () => {
  it('reads valid forms as URLSearchParams does', () => {
    for (const text of [
      'Action=CreateUser&Version=2010-05-08&UserName=alice',
      'Tags.member.1.Key=k&Tags.member.1.Value=a+b%2Bc',
      'Empty=&NoValue&&Trailing=1&',
      'Path=%2Fa%2Fb%2F&Bad=%zz%4&Mixed=%E8%94%B5%20%E2%9C%93',
      'a=1=2&%F0%9F%98%80=%F0%9F%98%80',
    ]) {
      assert.deepEqual(entries(parseForm(text)), entries(new URLSearchParams(text)), text);
    }
  });

  it('reads raw non-ASCII characters and their percent-encoded bytes alike', () => {
    assert.equal(parseForm(Buffer.from('V=蔵 ✓ 😀', 'utf8')).get('V'), '蔵 ✓ 😀');
    assert.equal(parseForm('V=%E8%94%B5+%E2%9C%93+%F0%9F%98%80').get('V'), '蔵 ✓ 😀');
    assert.equal(parseForm('V=蔵%20✓').get('V'), '蔵 ✓');
  });

  for (const [label, input] of [
    ['a percent-encoded byte that is not UTF-8', 'UserName=al%FFice'],
    ['a truncated percent-encoded sequence', 'UserName=%E8%94'],
    ['an encoded lone surrogate', 'UserName=%ED%A0%80'],
    ['the same in a parameter name', 'User%FFName=alice'],
    ['raw bytes that are not UTF-8', Buffer.concat([Buffer.from('UserName=al'), Buffer.from([0xff]), Buffer.from('ice')])],
  ] as const) {
    it(`refuses ${label}, where URLSearchParams would put U+FFFD`, () => {
      assert.throws(() => parseForm(input), MalformedForm);
    });
  }
});

describe('queryParams', () => {
  it('decodes a POST body strictly', () => {
    assert.equal(queryParams('POST', '/', Buffer.from('Action=GetUser&UserName=%C3%A9')).get('UserName'), 'é');
    assert.throws(() => queryParams('POST', '/', Buffer.from('Action=GetUser&UserName=%C3')), MalformedForm);
  });

  it('decodes a GET query string strictly, a raw + staying a plus', () => {
    assert.equal(queryParams('GET', '/?Action=GetCallerIdentity&X=a+b', Buffer.alloc(0)).get('X'), 'a+b');
    assert.throws(() => queryParams('GET', '/?Action=GetCallerIdentity&X=%80', Buffer.alloc(0)), MalformedForm);
  });
});
