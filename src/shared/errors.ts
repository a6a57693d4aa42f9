// Every error code Baton answers with, its HTTP status and its message in both languages — the one place
// where codes map to statuses. The web shows `message`; programs switch on `code`.

export const ERRORS = {
  VALIDATION_FAILED: [400, '提交的数据有误，请按提示修改后重试', 'Some fields are invalid; correct them and try again'],
  MALFORMED_BODY: [400, '请求体不是有效的 JSON', 'The request body is not valid JSON'],
  UNSUPPORTED_MEDIA_TYPE: [415, '不支持此内容类型：请以 JSON 发送（Content-Type: application/json）', 'Unsupported content type: send JSON (Content-Type: application/json)'],
  BAD_CURSOR: [400, '分页游标无效，请从第一页重新加载', 'The page cursor is invalid; reload from the first page'],
  UNAUTHENTICATED: [401, '请先登录', 'Please sign in'],
  INVALID_CREDENTIALS: [401, '邮箱或密码不正确', 'Wrong email or password'],
  INVALID_API_KEY: [401, 'API 密钥无效或已吊销', 'The API key is invalid or revoked'],
  CSRF_FAILED: [403, '安全校验失败，请刷新页面后重试', 'Security check failed; reload the page and try again'],
  FORBIDDEN: [403, '你没有执行此操作的权限，请联系管理员', 'You do not have permission for this; ask an administrator'],
  FIELD_READ_ONLY: [403, '你无权修改以下字段', 'You may not change these fields'],
  NOT_FOUND: [404, '记录不存在或你无权查看', 'Not found, or you may not see it'],
  WORKSPACE_REQUIRED: [409, '此邮箱属于多个工作区，请填写工作区', 'This email belongs to several workspaces; enter the workspace'],
  VERSION_CONFLICT: [409, '记录已被他人修改，请刷新后重试', 'Someone else changed this record; reload and try again'],
  ACCOUNT_DUPLICATE: [409, '已存在相同或相似的客户，请查看后再决定', 'A matching account already exists; review it first'],
  CONTACT_DUPLICATE: [409, '已存在相同手机号或邮箱的联系人', 'A contact with this mobile or email already exists'],
  ALREADY_EXISTS: [409, '该记录已存在', 'This already exists'],
  MERGE_INVALID: [409, '这两个客户无法合并', 'These accounts cannot be merged'],
  MERGE_UNDO_INVALID: [409, '此次合并无法撤销', 'This merge cannot be undone'],
  IN_USE: [409, '记录仍被引用，无法删除', 'This is still in use and cannot be deleted'],
  IMPORT_FILE_INVALID: [400, '无法读取文件，请上传 CSV（UTF-8 或 GBK）或 XLSX', 'Cannot read the file; upload CSV (UTF-8 or GBK) or XLSX'],
  PAYLOAD_TOO_LARGE: [413, '文件过大', 'The file is too large'],
  RATE_LIMITED: [429, '尝试次数过多，请稍后再试', 'Too many attempts; try again later'],
  // leads
  LEAD_DUPLICATE: [409, '已存在相同的线索、客户或联系人，请查看后再决定', 'A matching lead, account or contact already exists; review it first'],
  LEAD_MERGE_NOT_ALLOWED: [409, '已有线索由他人跟进，你不能合并到其中：可以仍然新建并关联，或请其负责人处理', 'The existing lead is someone else\'s to work, so you cannot merge into it: create and link instead, or ask its owner'],
  LEAD_STATUS_INVALID: [409, '线索当前状态不允许此操作', 'The lead is not in a state that allows this'],
  LEAD_NOT_ROUTABLE: [409, '线索已有负责人或已结束，不能再分配', 'The lead already has an owner or is closed; it cannot be routed again'],
  REP_UNAVAILABLE: [409, '该销售不可分配（请假或库容已满）', 'This rep cannot take more leads (on leave or at capacity)'],
  SQL_STANDARD_MISSING: [409, '尚未生效 SQL 标准：需市场和销售双方签署后才能移交', 'No SQL standard in force yet: marketing and sales must both sign one first'],
  SQL_CHECKLIST_INCOMPLETE: [422, 'SQL 标准检查项未满足，不能移交给销售', 'The SQL checklist is not met; the lead cannot be handed to sales'],
  SQL_STANDARD_NOT_DRAFT: [409, '只有草稿可以撤回：此版本已生效或已停用', 'Only a draft can be withdrawn: this version is in force or retired'],
  SQL_STANDARD_SIGNOFF_INVALID: [409, '此签署无效（已签署、已生效、已被更新的版本取代，或同一人代表双方）', 'This sign-off is not valid (already signed, already in force, replaced by a newer version, or one person signing for both sides)'],
  SCORING_MODEL_INVALID: [422, '评分模型有误，请按提示修改', 'The scoring model is invalid; fix the marked items'],
  SCORING_MODEL_NOT_DRAFT: [409, '只有草稿可以删除：启用过的版本是已有分数的依据，需保留', 'Only a draft can be deleted: a version that was activated explains the scores it gave, so it stays'],
  RESCORE_RUNNING: [409, '正在重新评分，请等待完成后再激活新模型', 'A rescoring run is in progress; wait for it to finish'],
  CLAIM_FIRST: [403, '公海中的线索需先领取，才能编辑、标记或移交', 'Claim this lead from the pool before changing it'],
  CLAIM_REFUSED: [409, '不能领取此线索', 'You cannot claim this lead'],
  POOL_ACCESS_DENIED: [403, '你不是该线索池的成员', 'You are not a member of this pool'],
  REASON_REQUIRED: [400, '请填写原因', 'A reason is required'],
  FORM_NOT_FOUND: [404, '表单不存在或已停用', 'This form does not exist or is disabled'],
  CONVERT_INVALID: [409, '此线索不能转化', 'This lead cannot be converted'],
  WEBHOOK_RESEND_INVALID: [409, '只有发送失败的消息可以重新发送（待发送的仍在重试，已发送的再发会重复）', 'Only a failed delivery can be resent (a pending one is still being tried; a sent one would arrive twice)'],
  POOL_MISSING: [409, '还没有可放回的线索池：请先创建线索池并设为默认', 'There is no pool to put the lead in; create a pool and make it the default first'],
  INTERNAL: [500, '服务器出错了，请稍后重试', 'Something went wrong on our side; try again later'],
} as const satisfies Record<string, readonly [number, string, string]>;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Field-level problems, duplicate matches and the like. */
  details?: unknown;
}
