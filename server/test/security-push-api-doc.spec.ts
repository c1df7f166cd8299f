/**
 * The published push API document (server/docs/security-push-api.v1.json) and the implementation
 * agree: enums and limits are @gcc/domain's, every example request passes the server's own
 * checks, and every error code it names is in the registry.
 */
import { readFileSync } from 'node:fs';
import { SECURITY_CATEGORIES, SECURITY_PUSH_API_BASE, SECURITY_PUSH_LIMITS, SECURITY_SEVERITIES } from '@gcc/domain';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/errors.ts';
import { normalizePushEvent, statusProblems } from '../src/modules/security/event-input.ts';

const doc = JSON.parse(readFileSync(new URL('../docs/security-push-api.v1.json', import.meta.url), 'utf8'));
const schemas = doc.components.schemas;

describe('security push API v1 document', () => {
  it('is OpenAPI 3.1, version 1.x, with the major version in every path', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toMatch(/^1\./);
    expect(Object.keys(doc.paths).every((p) => p.startsWith(`${SECURITY_PUSH_API_BASE}/`))).toBe(true);
  });

  it("states the domain's categories, severities and limits", () => {
    expect(schemas.Event.properties.category.enum).toEqual([...SECURITY_CATEGORIES]);
    expect(schemas.Event.properties.severity.enum).toEqual([...SECURITY_SEVERITIES]);
    expect(schemas.EventBatch.properties.events.maxItems).toBe(SECURITY_PUSH_LIMITS.maxBatch);
    expect(schemas.Event.properties.description.maxLength).toBe(SECURITY_PUSH_LIMITS.maxDescription);
    expect(doc['x-limits']).toMatchObject({ maxBatch: SECURITY_PUSH_LIMITS.maxBatch, maxBodyBytes: SECURITY_PUSH_LIMITS.maxBodyBytes, maxEventBytes: SECURITY_PUSH_LIMITS.maxEventBytes });
  });

  it('has examples the server accepts', () => {
    const events = doc.paths[`${SECURITY_PUSH_API_BASE}/events`].post.requestBody.content['application/json'].examples.batch.value.events;
    const w = { nowMs: Date.parse('2026-11-25T01:00:00Z'), retentionDays: 180 };
    for (const e of events) expect(normalizePushEvent(e, 'city-shaoguan', w)).toMatchObject({ ok: true });
    const status = doc.paths[`${SECURITY_PUSH_API_BASE}/status`].post.requestBody.content['application/json'].examples.status.value;
    expect(statusProblems(status)).toMatchObject({ ok: true });
  });

  it('names only registered error codes', () => {
    for (const code of schemas.Error.properties.code.enum) expect(ERROR_CODES).toHaveProperty(code);
  });
});
