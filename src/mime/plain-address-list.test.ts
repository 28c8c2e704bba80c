import { describe, expect, it } from 'vitest';
import { parseAddressList, parseGeneralAddressList } from './header-fields.js';
import { plainAddressList } from './plain-address-list.js';

/** Deterministic address lists: plain ones, near-plain ones, and ones only the parser reads. */
function* lists(): Generator<string> {
  let seed = 11;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const pick = <T>(xs: readonly T[]) => xs[rnd(xs.length)];
  // Plain pieces weighted well above the rest, so most lists are ones the fast path may take.
  const plainLocals = ['a', 'inbox', 'first.last', 'user+tag', 'x_y-z', "o'brien", 'UPPER', '123', 'a.b.c'];
  const locals = [...plainLocals, ...plainLocals, ''];
  const plainHosts = ['b', 'example.com', 'load.devmail.test', 'EXAMPLE.ORG', 'x-y.z'];
  const hosts = [...plainHosts, ...plainHosts, '', 'h@h'];
  const plainWords = ['Load', 'Sender', '3', 'John', 'Q.', 'Public', "O'Brien", 'a-b', 'x_y', '!#$%&*+/=?^`{|}~', ''];
  const nameWords = [...plainWords, ...plainWords, ...plainWords, 'é', '"Quoted"', '(comment)', 'a:b', 'x;y', '[z]', 'a\\b', '=?utf-8?q?caf=C3=A9?=', 'w@x', '<', '>'];
  const gaps = [' ', '', ' ', '', '  ', '\t'];
  const address = () => `${pick(locals)}@${pick(hosts)}`;
  const mailbox = () => {
    switch (rnd(7)) {
      case 0:
        return address();
      case 1:
        return `<${address()}>`;
      case 2:
        return `${pick(nameWords)}${pick(gaps)}<${pick(gaps)}${address()}${pick(gaps)}>`;
      case 3:
        return `${pick(nameWords)} ${pick(nameWords)}${pick(gaps)}<${address()}>${rnd(8) === 0 ? ' trailing' : ''}`;
      case 4:
        return `${pick(nameWords)} ${address()}`;
      case 5:
        return rnd(3) === 0
          ? pick(['', 'undisclosed-recipients:;', 'Group: a@b, c@d;', 'a@b <c@d>', 'x <a b@c>', 'Name <>', 'Name <a@b', 'Name a@b>', 'Name <a@b><c@d>', 'a@b@c'])
          : `${pick(plainWords)} <${address()}>`;
      default:
        return address();
    }
  };
  for (let i = 0; i < 5000; i++) {
    const n = 1 + rnd(3);
    const parts: string[] = [];
    for (let k = 0; k < n; k++) parts.push(`${pick(gaps)}${mailbox()}${pick(gaps)}`);
    yield parts.join(pick([', ', ', ', ',', ' ,', ',,']));
  }
}

describe('plainAddressList', () => {
  it('reads what it accepts exactly as the general parser does', () => {
    let accepted = 0;
    let total = 0;
    for (const value of lists()) {
      total++;
      const plain = plainAddressList(value);
      if (plain === null) continue;
      accepted++;
      expect(plain, value).toEqual(parseGeneralAddressList(value));
    }
    // Both kinds are exercised: a fast path that accepts nothing would pass the check above.
    expect(accepted).toBeGreaterThan(total / 3);
    expect(accepted).toBeLessThan(total);
  });

  it('takes the shapes mail libraries write, and leaves the rest to the parser', () => {
    expect(plainAddressList('Load Sender 3 <sender-3@load.devmail.test>')).toEqual([{ name: 'Load Sender 3', address: 'sender-3@load.devmail.test' }]);
    expect(plainAddressList('a@b.c, Bee <b@c.d>,<c@d.e>')).toEqual([
      { name: '', address: 'a@b.c' },
      { name: 'Bee', address: 'b@c.d' },
      { name: '', address: 'c@d.e' },
    ]);
    for (const value of ['"Doe, Jane" <j@d.e>', 'a@b (comment)', 'Team: a@b;', '=?utf-8?q?caf=C3=A9?= <c@d.e>', 'Café <c@d.e>', 'a@b,', 'Name a@b', 'a\t<b@c>']) {
      expect(plainAddressList(value), value).toBeNull();
      expect(parseAddressList(value), value).toEqual(parseGeneralAddressList(value));
    }
    expect(parseAddressList('"Doe, Jane" <j@d.e>')).toEqual([{ name: 'Doe, Jane', address: 'j@d.e' }]);
  });
});
