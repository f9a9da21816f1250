/**
 * `npm run hub -- --port N --db FILE [--demo]` — runs the hub on 127.0.0.1.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startHub } from './hub';

const ArgsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(8787),
  db: z.string().min(1).default('data/hub.db'),
  host: z.string().default('127.0.0.1'),
  demo: z.boolean().default(false),
  'grab-window-ms': z.coerce.number().int().min(0).max(600_000).default(0),
});

async function main() {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        db: { type: 'string' },
        host: { type: 'string' },
        demo: { type: 'boolean' },
        'grab-window-ms': { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\nusage: npm run hub -- --port N --db FILE [--demo] [--host 127.0.0.1] [--grab-window-ms MS]`);
    process.exit(2);
  }
  const args = ArgsSchema.safeParse(values);
  if (!args.success) {
    console.error(`Invalid arguments: ${args.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
    process.exit(2);
  }
  const hub = await startHub({
    port: args.data.port,
    host: args.data.host,
    dbPath: args.data.db,
    demo: args.data.demo,
    routing: { grabWindowMs: args.data['grab-window-ms'] },
  });
  console.log(`hub listening on ${hub.url}`);
  const stop = () => {
    void hub.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
