/**
 * Creates (or updates) a user and issues an API token for it; prints the token once, on stdout.
 *
 *   tsx server/src/cli/create-token.ts --user NAME --role ROLE [--city CODE] [--provider ID] [--department CODE] [--read-only] [--expires 30d] [--label TEXT] [--name DISPLAY]
 *
 * Roles: PROVINCIAL_ADMIN, PROVINCIAL_VIEWER, CITY_ADMIN, CITY_VIEWER (need --city), OPERATOR,
 * PROVIDER (needs --provider: it sees that provider's assessment only), KIOSK (always read-only).
 * --department makes the user a department's: it scores providers for that department only. Uses
 * the server's configuration (DATABASE_URL or the embedded database under GCC_DATA_DIR).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { GccError } from '../errors.ts';
import { openDatabase } from '../infra/db/open-database.ts';
import { parseDuration } from '../modules/access/access-tokens.ts';
import { issueToken, upsertUser, userInputProblems } from '../modules/access/access-service.ts';
import { runCli } from './run-cli.ts';

runCli(async () => {
  const { values } = parseArgs({
    options: {
      user: { type: 'string' },
      role: { type: 'string' },
      city: { type: 'string' },
      provider: { type: 'string' },
      department: { type: 'string' },
      name: { type: 'string' },
      'read-only': { type: 'boolean', default: false },
      expires: { type: 'string' },
      label: { type: 'string' },
    },
  });
  const problems: string[] = [];
  if (!values.user) problems.push('--user NAME is required');
  if (!values.role) problems.push('--role ROLE is required');
  const expiresMs = values.expires === undefined ? undefined : parseDuration(values.expires);
  if (values.expires !== undefined && expiresMs === undefined) problems.push(`--expires "${values.expires}" must be a number and a unit m, h, d, w or y (e.g. 30d)`);
  const input = {
    username: values.user ?? '', role: values.role ?? '', cityCode: values.city ?? null, displayName: values.name,
    providerId: values.provider ?? null, departmentCode: values.department ?? null,
  };
  if (values.user && values.role) problems.push(...userInputProblems(input));
  if (problems.length) throw new GccError('GCC_ERR_ACCESS_INPUT', problems.join('; '));

  const config = loadConfig(process.env);
  const db = await openDatabase(config.database);
  try {
    const user = await upsertUser(db.prisma, input);
    const issued = await issueToken(db.prisma, user.id, {
      label: values.label ?? `cli ${new Date().toISOString()}`,
      readOnly: values['read-only'],
      expiresAt: expiresMs === undefined ? null : new Date(Date.now() + expiresMs),
    });
    console.error(
      `token ${issued.id} for ${user.username} (${user.role}${user.regionCode ? `, city ${user.regionCode}` : ''}${issued.readOnly ? ', read-only' : ''}` +
        `${issued.expiresAt ? `, expires ${issued.expiresAt.toISOString()}` : ''}); it is shown once, keep it safe:`,
    );
    console.log(issued.token);
  } finally {
    await db.close();
  }
});
