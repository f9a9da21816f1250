import type { Migration } from '../../../shared/db/migrate';
import { migration as m001 } from './001_core';
import { migration as m002 } from './002_tickets';

/** Every hub migration in order. Add new ones at the end; never edit one that has shipped. */
export const hubMigrations: readonly Migration[] = [m001, m002];
