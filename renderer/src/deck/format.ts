/** Date/time formatting for the deck, via Intl in the UI language. */
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** Time of day, or the date for anything not from today. */
export function formatClock(iso: string, locale: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  if (dayKey(iso) === dayKey(now.toISOString())) return formatter(locale, { hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
  return formatter(locale, { month: '2-digit', day: '2-digit' }).format(d);
}

export function formatTime(iso: string, locale: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : formatter(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(d);
}

export function formatDay(iso: string, locale: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : formatter(locale, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }).format(d);
}
