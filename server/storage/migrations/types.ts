/**
 * A schema change, written once per backend side by side so the two stay alike. Applied in
 * `version` order, each in the same transaction as its row in `schema_migrations`. Never edit a
 * migration that has shipped: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}
