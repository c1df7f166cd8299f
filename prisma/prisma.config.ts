// Prisma CLI configuration: the JS engine plus a driver adapter, so `prisma generate` and
// `prisma migrate diff` run without any downloaded engine binary (air-gapped government networks
// have none). The CLI is a development tool here: the product applies the checked-in SQL with
// server/src/infra/db/migrate.ts, the same runner for PGlite and PostgreSQL.
import { defineConfig } from 'prisma/config';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';

let adapter: PrismaPGlite | undefined;

export default defineConfig({
  schema: 'schema.prisma',
  engine: 'js',
  experimental: { adapter: true },
  // Memoized: the CLI calls this more than once and must never open two PGlite instances.
  adapter: async () => (adapter ??= new PrismaPGlite(new PGlite())),
});
