// Lead statuses, shared by the server and the web app.

/** 新建 → 清洗中 → 培育中 → MQL → SQL → 已转化 | 无效 | 退回 (DESIGN.md, "Rules Baton ships with"). */
export const LEAD_STATUSES = ['new', 'cleaning', 'nurturing', 'mql', 'sql', 'converted', 'invalid', 'returned'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
/** Statuses in which a lead still needs work, and so counts against its owner's capacity (库容). */
export const OPEN_LEAD_STATUSES: readonly LeadStatus[] = ['new', 'cleaning', 'nurturing', 'mql', 'sql', 'returned'];
