/** The rows of `db.execute(sql…)`: PGlite and node-postgres answer `{ rows }`, some drivers an array. */
export const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];
