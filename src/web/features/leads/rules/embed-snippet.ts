// The HTML a marketer pastes into a campaign page to show a lead form.
import type { LeadForm } from '../lead-types';

/**
 * An iframe of the hosted form page, and a line of script that hands the campaign page's own query (utm_source=…) to
 * the frame: the form reads UTM parameters from its address, and a frame's address is not the page's. The frame's
 * title is what visitors may hear from a screen reader, so it is the form's public title, never marketing's own name.
 */
export function embedSnippet(origin: string, form: Pick<LeadForm, 'id' | 'path' | 'title' | 'locale'>): string {
  const id = `baton-form-${form.id.slice(-8)}`;
  const title = (form.title ?? (form.locale === 'en' ? 'Form' : '表单')).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return [
    `<iframe id="${id}" src="${origin}${form.path}" width="100%" height="720" style="border:0" title="${title}"></iframe>`,
    `<script>(function(){var f=document.getElementById("${id}"),q=location.search.slice(1);if(q)f.src+=(f.src.indexOf("?")<0?"?":"&")+q;})();</script>`,
  ].join('\n');
}
