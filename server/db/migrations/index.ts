import type { Migration } from '../../../shared/db/migrate';
import { migration as m001 } from './001_core';
import { migration as m002 } from './002_tickets';
import { migration as m003 } from './003_audit_ledger';
import { migration as m004 } from './004_knowledge';
import { migration as m005 } from './005_customers';
import { migration as m006 } from './006_product_pushes';
import { migration as m007 } from './007_qa';

/** Every hub migration in order. Add new ones at the end; never edit one that has shipped. */
export const hubMigrations: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007];
