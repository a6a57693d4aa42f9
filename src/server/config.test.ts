import { describe, expect, it } from 'vitest';
import { loadConfig, parsePublicUrl } from './config.js';

describe('BATON_PUBLIC_URL', () => {
  it('is optional and loses a trailing slash', () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(parsePublicUrl('https://crm.example.com/')).toBe('https://crm.example.com');
    expect(parsePublicUrl('http://10.0.0.5:3000/baton/')).toBe('http://10.0.0.5:3000/baton');
  });

  it('stops the start with a message for anything but an http(s) address', () => {
    for (const bad of ['crm.example.com', 'ftp://crm.example.com', 'https://crm.example.com/?a=1', 'https://crm.example.com/#x']) {
      expect(() => loadConfig({ BATON_PUBLIC_URL: bad }), bad).toThrow(/BATON_PUBLIC_URL must be an http\(s\) address/);
    }
  });
});

describe('BATON_TRUST_PROXY', () => {
  it('believes no proxy unless told, then any or the listed ones', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ BATON_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ BATON_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ BATON_TRUST_PROXY: '10.0.0.1, 192.168.0.0/16' }).trustProxy).toEqual(['10.0.0.1', '192.168.0.0/16']);
  });
});
