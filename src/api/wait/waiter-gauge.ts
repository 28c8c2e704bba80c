import { Gauge, type Registry } from 'prom-client';
import type { MessageWaiters } from './message-waiters.js';

/** Adds `devmail_wait_requests` (long-polls parked right now) to the metrics registry. */
export function registerWaiterGauge(registry: Registry, waiters: MessageWaiters): void {
  new Gauge({
    name: 'devmail_wait_requests',
    help: 'GET /api/v1/wait requests parked, waiting for a message',
    registers: [registry],
    collect() {
      this.set(waiters.size);
    },
  });
}
