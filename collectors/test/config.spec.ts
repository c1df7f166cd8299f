import { describe, expect, it } from 'vitest';
import { resolveConfig, type CollectorError } from '../src/index.ts';

const node = {
  id: 'city-shaoguan', regionCode: '440200', kind: 'city', cmpKind: 'openstack',
  endpoint: 'http://127.0.0.1:4100/city-shaoguan/identity/v3', credentialRef: 'GCC_SIM_CMP_PASSWORD', simulated: true,
};

describe('resolveConfig', () => {
  it('resolves credentials from the variable credentialRef names, keeps them out of the frozen config', () => {
    const { config, credentials } = resolveConfig({ vmUrl: 'http://127.0.0.1:8428/', nodes: [node] }, { GCC_SIM_CMP_PASSWORD: 's3cret', GCC_SIM_CMP_PASSWORD_USERNAME: 'ops' });
    expect(config.vmUrl).toBe('http://127.0.0.1:8428');
    expect(config.intervalSeconds).toBe(30);
    expect(JSON.stringify(config)).not.toContain('s3cret');
    expect(credentials.get('city-shaoguan')).toEqual({ username: 'ops', password: 's3cret', projectName: 'gcc-monitoring', domainName: 'Default' });
    expect(Object.isFrozen(config.nodes[0])).toBe(true);
  });

  it('reports every problem at once', () => {
    const err = (() => {
      try {
        resolveConfig({ vmUrl: 'nope', intervalSeconds: 0, nodes: [{ ...node, regionCode: '44', endpoint: 'ftp://x' }] }, {});
      } catch (e) {
        return e as CollectorError;
      }
    })()!;
    expect(err.code).toBe('GCC_ERR_COLLECTOR_CONFIG_INVALID');
    for (const field of ['vmUrl', 'intervalSeconds', 'nodes.0.regionCode', 'nodes.0.endpoint']) expect(err.message).toContain(field);
  });

  it('names the missing credential variables, and duplicate nodes', () => {
    expect(() => resolveConfig({ vmUrl: 'http://vm:8428', nodes: [node, { ...node, id: 'x', credentialRef: 'OTHER' }] }, {})).toThrow(
      /environment variables GCC_SIM_CMP_PASSWORD, OTHER named by credentialRef are not set/,
    );
    expect(() => resolveConfig({ vmUrl: 'http://vm:8428', nodes: [node, node] }, { GCC_SIM_CMP_PASSWORD: 'x' })).toThrow(/"city-shaoguan" is listed twice/);
  });
});
