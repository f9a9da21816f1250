import type { Migration } from '../../../../shared/db/migrate';
import { migration as m001 } from './001_core';
import { migration as m002 } from './002_knowledge';
import { migration as m003 } from './003_outbox_kinds';
import { migration as m004 } from './004_outbox_error_code';

/** The workstation's local database migrations, in order. Never edit one that has shipped. */
export const localMigrations: readonly Migration[] = [m001, m002, m003, m004];
