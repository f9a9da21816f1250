import type { Migration } from '../../../../shared/db/migrate';
import { migration as m001 } from './001_core';

/** The workstation's local database migrations, in order. Never edit one that has shipped. */
export const localMigrations: readonly Migration[] = [m001];
