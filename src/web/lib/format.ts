import type { Address } from '../api/types';

/** `1536` → `1.5 KB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayOfYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A list time: the time today, else the day, else the date with its year. */
export function formatListTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (date.toDateString() === now.toDateString()) return timeOfDay.format(date);
  if (date.getFullYear() === now.getFullYear()) return dayOfYear.format(date);
  return date.toLocaleDateString();
}

/** A date and time in full, for the message header. */
export function formatFullTime(iso: string): string {
  return fullDate.format(new Date(iso));
}

/** `Name <address>` or the bare address. */
export function formatAddress(address: Address | null): string {
  if (!address) return '(no sender)';
  return address.Name ? `${address.Name} <${address.Address}>` : address.Address;
}

/** The name when there is one, else the address: what a list row shows. */
export function shortAddress(address: Address | null): string {
  if (!address) return '(no sender)';
  return address.Name || address.Address;
}

/** Addresses as one line. */
export function formatAddresses(list: readonly Address[]): string {
  return list.map(formatAddress).join(', ');
}
