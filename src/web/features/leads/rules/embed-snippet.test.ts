import { describe, expect, it } from 'vitest';
import { embedSnippet } from './embed-snippet';

describe('the form embed snippet', () => {
  it('frames the form under its public title and passes the page’s UTM parameters on to it', () => {
    const html = embedSnippet('https://crm.example.cn', { id: '01a22757-0000-7000-8000-00000000abcd', path: '/f/lf_tok', title: '预约"演示"', locale: 'zh-CN' });
    expect(html).toContain('src="https://crm.example.cn/f/lf_tok"');
    expect(html).toContain('title="预约&quot;演示&quot;"');
    expect(html).toContain('id="baton-form-0000abcd"');
    // Run the script as a campaign page would: it appends the page's query to the frame's address.
    const frame = { src: 'https://crm.example.cn/f/lf_tok' };
    const script = html.slice(html.indexOf('<script>') + 8, html.indexOf('</script>'));
    new Function('document', 'location', script)({ getElementById: () => frame }, { search: '?utm_source=baidu&utm_medium=cpc' });
    expect(frame.src).toBe('https://crm.example.cn/f/lf_tok?utm_source=baidu&utm_medium=cpc');
    expect(embedSnippet('https://x', { id: 'id', path: '/f/t', title: null, locale: 'en' })).toContain('title="Form"');
  });
});
