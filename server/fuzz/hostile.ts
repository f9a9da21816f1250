/**
 * Hostile values for protocol fuzzing, shared by the hub's socket fuzzing and the workstation bridge's fuzzing.
 * Every generator is derived from a zod schema (a table entry), never from a hand-written list of events, so a new
 * event or request is fuzzed as soon as it is declared.
 */
import fc from 'fast-check';
import { z } from 'zod';

/** Keys that have hurt JavaScript servers before: prototype pollution and inherited-method shadowing. */
export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];

/** Number-ish values that are not the well-behaved integers a schema expects. */
const oddNumbers = fc.constantFrom(
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_SAFE_INTEGER - 2,
  'NaN',
  'Infinity',
  '1e309',
  '0x10',
  '',
);

const hugeString = fc
  .tuple(fc.constantFrom('x', '中', '\u202e', '\u200b', '<', '😀'), fc.integer({ min: 4_001, max: 200_000 }))
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)));

/** A value nested `depth` times in arrays or objects. */
const deepNesting = fc.tuple(fc.integer({ min: 50, max: 1_500 }), fc.boolean()).map(([depth, arrays]) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
  return v;
});

/** Objects whose own keys are pollution keys; built with JSON.parse so `__proto__` is an own property, as on the wire. */
const pollutionObject = fc
  .tuple(fc.constantFrom(...POLLUTION_KEYS), fc.constantFrom('{"polluted":"yes"}', '{"prototype":{"polluted":"yes"}}', '"yes"', 'null', '[1]'))
  .map(([key, inner]) => JSON.parse(`{"${key}":${inner}}`) as unknown);

const binary = fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a));

/** One hostile scalar or structure of any kind. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(null, undefined, true, false, 0, '', [], {}), weight: 3 },
  { arbitrary: oddNumbers, weight: 3 },
  { arbitrary: fc.string({ maxLength: 200, unit: 'grapheme' }), weight: 3 },
  { arbitrary: fc.string({ maxLength: 120, unit: 'binary' }), weight: 2 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: deepNesting, weight: 1 },
  { arbitrary: pollutionObject, weight: 2 },
  { arbitrary: binary, weight: 1 },
  { arbitrary: fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 8 }), weight: 1 },
  { arbitrary: fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true, withSparseArray: true }), weight: 2 },
);

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  return schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : null;
}

/**
 * A payload for `schema` that looks almost right: the declared fields with some replaced by hostile values, some
 * dropped, and extra (often pollution) keys added. This reaches deeper validation paths than random garbage does.
 */
export function mutatedObject(schema: z.ZodType, validFields: Record<string, unknown> = {}): fc.Arbitrary<unknown> {
  const shape = objectShape(schema) ?? {};
  const keys = Object.keys(shape);
  const field = (key: string) =>
    fc.oneof(
      { arbitrary: fc.constant(validFields[key]), weight: 2 },
      { arbitrary: hostileValue, weight: 3 },
      { arbitrary: fc.constant('__drop__'), weight: 1 },
    );
  const declared = fc.tuple(...keys.map(field));
  const extras = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...POLLUTION_KEYS), fc.string({ maxLength: 20 })), hostileValue), { maxLength: 3 });
  return fc.tuple(declared, extras).map(([values, extra]) => {
    // JSON text first, so that `__proto__` ends up an own key exactly as socket.io's and the bridge's JSON.parse make it.
    const parts: string[] = [];
    keys.forEach((k, i) => {
      const v = values[i];
      if (v === '__drop__' || v === undefined) return;
      parts.push(`${JSON.stringify(k)}:${safeJson(v)}`);
    });
    for (const [k, v] of extra) parts.push(`${JSON.stringify(k)}:${safeJson(v)}`);
    return JSON.parse(`{${parts.join(',')}}`) as unknown;
  });
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? 'null';
  } catch {
    return 'null';
  }
}

/** Any hostile payload for an event whose schema is `schema`: garbage of every kind, or an almost-right object. */
export function hostilePayload(schema: z.ZodType, validFields: Record<string, unknown> = {}): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: hostileValue, weight: 1 }, { arbitrary: mutatedObject(schema, validFields), weight: 2 });
}

/** What the value looks like after a JSON round trip (the bridge's wire format). */
export function viaJson(v: unknown): unknown {
  const text = safeJson(v);
  return JSON.parse(text) as unknown;
}

/** True when nothing has been written onto Object.prototype or Array.prototype by any of the payloads. */
export function prototypesClean(): boolean {
  const probe = {} as Record<string, unknown>;
  const arr = [] as unknown as Record<string, unknown>;
  return probe.polluted === undefined && arr.polluted === undefined && Object.getOwnPropertyNames(Object.prototype).every((n) => n !== 'polluted');
}

/** Event names nobody declared: random text, look-alikes of real names, and names that mean something to JavaScript. */
export function unknownEventName(known: readonly string[]): fc.Arbitrary<string> {
  const lookalikes = known.flatMap((n) => [n.toUpperCase(), ` ${n}`, `${n}\u200b`, `${n}.`, n.replace('.', '\u2024')]);
  return fc
    .oneof(
      fc.string({ minLength: 1, maxLength: 100 }),
      fc.constantFrom(...lookalikes, 'hub.error', 'msg.new', 'conv.updated', 'error', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'x'.repeat(5_000)),
    )
    .filter((n) => !known.includes(n) && !RESERVED_SOCKET_IO_EVENTS.has(n));
}

/** socket.io-client refuses to emit these; the raw-frame test sends them underneath the client instead. */
export const RESERVED_SOCKET_IO_EVENTS = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
