import { afterEach } from 'vitest';

/**
 * Per-test clean-up for a test file: returns `defer`, and what it is given (closing a server,
 * a socket, a transport, removing a folder) is undone after each test, last first.
 */
export function deferAfterEach(): (undo: () => unknown) => void {
  const undos: Array<() => unknown> = [];
  afterEach(async () => {
    for (const undo of undos.splice(0).reverse()) await undo();
  });
  return (undo) => {
    undos.push(undo);
  };
}
