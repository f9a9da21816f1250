import type { Migration } from '../../../../shared/db/migrate';
import { knowledgeLocalMigration } from '../../knowledge/index';

/** The local knowledge index (FTS5 with Chinese segmentation); its schema is owned by the knowledge module. */
export const migration: Migration = { version: 2, name: knowledgeLocalMigration.name, up: (db) => knowledgeLocalMigration.up(db as never) };
