/**
 * The optional peer dependency `@duckdb/node-api`: the part of its API the DuckDB summaries and
 * the Parquet reader use, and its lazy loading with a `MISSING_DEPENDENCY` error saying how to
 * install it.
 */
import { CrmError } from '../core/index.js';

/** @internal A query result. */
export interface DuckReader {
  getRowObjectsJS(): Record<string, unknown>[];
  /** Column name → values; 3–10× faster than row objects for 250k customers (no object per row). */
  getColumnsObjectJS(): Record<string, unknown[]>;
}
/** @internal */
export interface DuckConnection {
  run(sql: string, values?: unknown[]): Promise<unknown>;
  runAndReadAll(sql: string, values?: unknown[]): Promise<DuckReader>;
  closeSync(): void;
}
/** @internal */
export interface DuckInstance {
  connect(): Promise<DuckConnection>;
  closeSync(): void;
}
/** @internal */
export interface DuckModule {
  DuckDBInstance: { create(path?: string, options?: Record<string, string>): Promise<DuckInstance> };
}

const PEER = '@duckdb/node-api';

/**
 * @internal Import `@duckdb/node-api`, or throw `MISSING_DEPENDENCY` naming what needs it
 * (`needs`, e.g. `'reading Parquet'`) and the install command.
 *
 * @example
 * ```ts
 * const duck = await loadDuckDB('summarizeWithDuckDB');
 * const instance = await duck.DuckDBInstance.create(':memory:');
 * instance.closeSync();
 * ```
 */
export async function loadDuckDB(needs: string): Promise<DuckModule> {
  try {
    return (await import(PEER)) as unknown as DuckModule;
  } catch (error) {
    throw new CrmError('MISSING_DEPENDENCY', `${needs} needs the optional peer dependency ${PEER}: run \`npm install ${PEER}\``, {
      path: [PEER],
      data: { package: PEER },
      cause: error,
    });
  }
}
