/**
 * Demo mode (the default) publishes its accounts' password in the README: it listens on this machine only unless
 * DEMO=true is set explicitly, and a non-loopback HOST without DEMO stops start-up naming DEMO and HOST.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, isLoopbackHost, loadConfig } from '../../src/server/config.js';

describe('configuration: demo mode and HOST', () => {
  it('a fresh machine (no DEMO, no HOST) starts the demo on 127.0.0.1', () => {
    expect(loadConfig({})).toMatchObject({ demo: true, host: '127.0.0.1' });
    expect(loadConfig({ HOST: '' })).toMatchObject({ demo: true, host: '127.0.0.1' });
  });

  it('demo mode with a non-loopback HOST and DEMO unset is refused, naming DEMO and HOST', () => {
    for (const HOST of ['0.0.0.0', '192.168.1.20', '::']) {
      expect(() => loadConfig({ HOST })).toThrow(ConfigError);
      expect(() => loadConfig({ HOST })).toThrow(/DEMO[\s\S]*HOST=/);
      expect(() => loadConfig({ HOST })).toThrow(/DEMO=false[\s\S]*DEMO=true/);
    }
  });

  it('a loopback HOST is fine in demo mode; DEMO=true set explicitly allows any HOST', () => {
    for (const HOST of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.1.1']) expect(loadConfig({ HOST }).host).toBe(HOST);
    expect(loadConfig({ DEMO: 'true', HOST: '0.0.0.0' })).toMatchObject({ demo: true, host: '0.0.0.0' });
    expect(loadConfig({ DEMO: 'true' }).host).toBe('127.0.0.1');
  });

  it('outside demo mode HOST defaults to 0.0.0.0 and is taken as given', () => {
    expect(loadConfig({ DEMO: 'false' })).toMatchObject({ demo: false, host: '0.0.0.0' });
    expect(loadConfig({ DEMO: 'false', HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
  });

  it('loopback addresses', () => {
    expect(['127.0.0.1', '127.255.0.9', 'LOCALHOST', '::1'].map(isLoopbackHost)).toEqual([true, true, true, true]);
    expect(['0.0.0.0', '128.0.0.1', 'example.org', '::'].map(isLoopbackHost)).toEqual([false, false, false, false]);
  });
});
