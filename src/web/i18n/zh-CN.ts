// Chinese (default) strings. en.ts must have exactly the same keys (its type is derived from this file).
const zhCN = {
  app: { name: '接力', title: 'Baton 接力' },
  nav: { accounts: '客户', contacts: '联系人', import: '数据导入', admin: '管理', logout: '退出登录' },
  common: {
    save: '保存', cancel: '取消', edit: '编辑', delete: '删除', actions: '操作', retry: '重试', reload: '重新加载', undo: '撤销',
    yes: '是', no: '否', saved: '已保存', deletedOk: '已删除', loadMore: '加载更多', noMatch: '无匹配结果', pleaseSelect: '请选择',
    prevPage: '上一页', nextPage: '下一页', pageN: '第 {{page}} 页', perPage: '{{n}} 条/页', total: '共 {{total}} 条',
    noMoreRows: '没有更多数据了', noChanges: '没有修改', notFound: '页面不存在，或你无权查看',
  },
  validation: {
    required: '请填写{{label}}', max: '最多 {{max}} 个字符', min: '至少 {{min}} 个字符', invalid: '格式不正确',
  },
  login: {
    tagline: 'B2B 客户运营平台 · 市场、销售、客户成功一棒接一棒',
    email: '邮箱', password: '密码', workspace: '工作区', submit: '登录',
    emailRequired: '请输入邮箱', passwordRequired: '请输入密码', workspaceRequired: '请选择工作区',
    workspacePick: '此邮箱属于多个工作区，请选择', workspacePlaceholder: '工作区标识',
    demoTitle: '演示账号', demoHint: '以下账号的密码均为 {{password}}，点击即可填入：',
    demoRoles: { admin: '管理员', manager: '销售经理', rep1: '销售 1', rep2: '销售 2', marketing: '市场', cs: '客户成功' },
  },
  entities: {
    account: '客户', contact: '联系人', relationship: '关系', user: '用户', role: '角色', department: '部门',
    custom_field: '自定义字段', api_key: 'API 密钥', view: '视图', import: '导入', account_merge: '客户合并', tenant: '工作区', session: '登录',
  },
  fields: {
    account: {
      name: '客户名称', creditCode: '统一社会信用代码', industry: '行业', employeeSize: '人员规模', annualRevenue: '年营收',
      province: '省份', city: '城市', website: '网址', domain: '域名', level: '客户等级', segment: '客户分层', lifecycleStage: '客户阶段',
      source: '来源', ownerId: '负责人', csOwnerId: '客户成功负责人', tags: '标签', parentId: '上级公司', notes: '备注', needs: '需求',
      custom: '自定义字段', createdAt: '创建时间', updatedAt: '更新时间', version: '版本', deletedAt: '删除时间',
    },
    contact: {
      accountId: '所属客户', name: '姓名', title: '职务', department: '部门', mobile: '手机', email: '邮箱', wechat: '微信',
      buyingRoles: '决策角色', stance: '态度', isPrimary: '主要联系人', ownerId: '负责人', notes: '备注', custom: '自定义字段',
      createdAt: '创建时间', updatedAt: '更新时间',
    },
    relationship: { userId: '我方人员', contactId: '联系人', strength: '关系强度', notes: '备注' },
    common: { name: '名称', status: '状态', roleId: '角色', departmentId: '部门', managerId: '上级', email: '邮箱', label: '名称', options: '选项', isRequired: '必填', position: '排序', archivedAt: '归档时间' },
  },
  accounts: {
    new: '新建客户', import: '导入', export: '导出', exportCsv: '导出 CSV', exportXlsx: '导出 Excel (XLSX)',
    searchPlaceholder: '搜索客户名称 / 信用代码 / 网址', searchAccount: '输入客户名称搜索', ownerMe: '我负责的',
    moreFilters: '更多筛选', clearFilters: '清除筛选', columns: '列设置', resetColumns: '恢复默认列',
    empty: '还没有客户，先新建一个吧', emptyFiltered: '没有符合筛选条件的客户',
    created: '客户已创建', updated: '客户已更新', reloaded: '已加载最新数据，请重新修改',
    editTitle: '编辑客户 · {{name}}', versionConflict: '该客户已被他人修改，请重新加载最新数据后再保存',
    creditCodePlaceholder: '18 位，如 91330100MA2XXXXXXX', tagsPlaceholder: '输入后回车添加',
    sections: { basic: '基本信息', ownership: '分级与归属', notes: '需求与备注', custom: '自定义字段' },
    tabs: { profile: '概况', contacts: '联系人', relationships: '关系图', timeline: '动态' },
    contactsCount: '联系人', lastUpdated: '最近更新', subsidiaries: '下属公司',
    confirmDelete: '删除客户「{{name}}」？', confirmDeleteHint: '删除后可在提示中撤销',
    deleted: '已删除客户「{{name}}」', restored: '客户已恢复',
  },
  duplicates: {
    found: '发现 {{n}} 个相似客户，请确认不是同一家公司', foundHard: '该客户已存在（{{n}} 个匹配），请勿重复创建',
    blockedSimilar: '存在相似客户。确认是不同公司后可以仍然创建', blockedHard: '已存在相同客户，不能重复创建，请联系其负责人或申请合并',
    owner: '负责人', noOwner: '无（公海）', updated: '最近更新', open: '查看', createAnyway: '仍然创建',
    reasons: { credit_code: '统一社会信用代码相同', name: '名称相同', domain: '网址域名相同', similar_name: '名称相似 ({{pct}}%)' },
  },
  views: {
    all: '全部客户', saveAs: '保存为视图', saved: '视图已保存', deleted: '视图已删除', name: '视图名称', nameRequired: '请输入视图名称',
    namePlaceholder: '例如：华东 A 类客户', shareWithTeam: '共享给团队', shared: '共享', confirmDelete: '删除视图「{{name}}」？',
  },
  contacts: {
    new: '新建联系人', editTitle: '编辑联系人 · {{name}}', created: '联系人已创建', updated: '联系人已更新', deleted: '联系人已删除',
    confirmDelete: '删除联系人「{{name}}」？', primary: '主要', isPrimaryHint: '设为主要联系人',
    empty: '还没有联系人', emptyFiltered: '没有符合条件的联系人', emptyForAccount: '这个客户还没有联系人，添加关键人以便跟进',
    searchPlaceholder: '搜索姓名 / 手机 / 邮箱', duplicateFound: '发现 {{n}} 个手机号或邮箱相同的联系人',
    duplicateBlocked: '已存在相同手机号或邮箱的联系人，不能重复创建', dupReasons: { mobile: '手机号相同', email: '邮箱相同' },
  },
  relationships: {
    add: '添加关系', addShort: '添加认识的人', added: '关系已添加', removed: '关系已删除', confirmRemove: '删除这条关系？',
    ourPerson: '我方人员', theirPerson: '客户联系人', strength: '关系强度', noRole: '未设置决策角色', nobody: '我方还没有人认识 TA',
    noContacts: '先在「联系人」中添加客户的关键人，再建立关系图',
    coverage: '已覆盖 {{covered}}/{{total}} 位联系人 · 我方 {{people}} 人参与',
  },
  timeline: { empty: '暂无动态' },
  merge: {
    button: '合并', title: '合并客户', pick: '搜索要并入的重复客户', keep: '保留', remove: '并入后删除', confirm: '确认合并',
    hint: '选择一个重复客户并入「{{name}}」：其联系人、关系和动态都会转到保留的客户上。',
    warning: '将转移 {{contacts}} 位联系人，被并入的客户会被删除。合并后短时间内可以撤销。',
    done: '合并完成', doneHint: '已合并到「{{name}}」', undone: '已撤销合并',
  },
  imports: {
    title: '数据导入', steps: { upload: '上传文件', mapping: '字段映射', run: '导入结果' },
    dropHint: '点击或拖拽文件到这里', formatHint: '支持 CSV（UTF-8 / GBK）和 Excel（.xlsx），第一行为表头',
    preview: '上传并预览', file: '文件', encoding: '编码', totalRows: '共 {{n}} 行数据',
    column: '文件列', target: '导入到字段', ignore: '忽略此列', sample: '示例 {{n}}',
    missingRequired: '必填字段尚未映射：{{fields}}', reupload: '重新上传', start: '开始导入',
    waiting: '排队中…', processed: '已处理 {{processed}} / {{total}} 行',
    status: { pending: '排队中', running: '导入中', done: '已完成', completed: '已完成', failed: '失败' },
    created: '新建', updated: '更新', skipped: '跳过', failed: '失败',
    errorsTitle: '错误明细', downloadErrors: '下载错误报告 (CSV)', row: '行号', field: '字段', message: '原因',
    noErrors: '全部导入成功，没有错误', again: '继续导入', viewRecords: '查看数据',
  },
  audit: {
    at: '时间', actor: '操作人', action: '操作', entity: '对象', changes: '变更内容', empty: '暂无审计记录', openAccount: '查看客户',
    emptyValue: '空',
    actions: {
      create: '创建', update: '修改', delete: '删除', restore: '恢复', merge: '合并', unmerge: '撤销合并', login: '登录', logout: '退出',
      revoke: '吊销', import: '导入', export: '导出', archive: '归档',
    },
    actorKinds: { user: '用户', api_key: 'API 密钥', system: '系统' },
  },
  permissions: {
    accounts_read: '查看客户', accounts_write: '新建/编辑客户', accounts_delete: '删除客户', accounts_merge: '合并客户',
    accounts_import: '导入客户', accounts_export: '导出客户', contacts_read: '查看联系人', contacts_write: '新建/编辑联系人',
    contacts_delete: '删除联系人', audit_read: '查看审计日志', admin_users: '管理用户', admin_roles: '管理角色',
    admin_departments: '管理部门', admin_custom_fields: '管理自定义字段', admin_api_keys: '管理 API 密钥',
  },
  admin: {
    tabs: { users: '用户', departments: '部门', roles: '角色权限', 'custom-fields': '自定义字段', 'api-keys': 'API 密钥', audit: '审计日志' },
    users: {
      new: '新建用户', edit: '编辑用户 · {{name}}', name: '姓名', email: '邮箱', mobile: '手机', password: '密码',
      passwordKeep: '留空则不修改密码', role: '角色', department: '部门', manager: '直属上级', locale: '语言', status: '状态',
      active: '正常', disabled: '已停用', disable: '停用', enable: '启用', empty: '还没有用户',
      confirmDisable: '停用「{{name}}」？停用后无法登录，其客户仍保留。', confirmEnable: '启用「{{name}}」？',
    },
    departments: {
      hint: '部门决定「本部门」「本部门及下属」数据权限的范围', addRoot: '新建一级部门', addChild: '添加子部门',
      addChildOf: '在「{{name}}」下添加子部门', rename: '重命名', name: '部门名称', empty: '还没有部门',
      confirmDelete: '删除部门「{{name}}」？部门下有成员或子部门时不能删除。',
    },
    roles: {
      new: '新建角色', edit: '编辑角色 · {{name}}', name: '角色名称', nameEn: '英文名称', key: '角色标识', dataScope: '数据范围',
      dataScopeHint: '该角色能看到哪些客户', permissions: '功能权限', fieldPermissions: '字段权限', field: '字段',
      system: '系统内置', allPermissions: '全部权限', permissionCount: '{{n}} 项', noRestrictions: '无限制', empty: '还没有角色',
      confirmDelete: '删除角色「{{name}}」？',
      groups: { accounts: '客户', contacts: '联系人', audit: '审计', admin: '系统管理' },
    },
    customFields: {
      new: '新建字段', edit: '编辑字段 · {{name}}', label: '字段名称', labelEn: '英文名称', key: '字段标识',
      keyHint: '创建后不可修改；小写字母、数字、下划线', type: '类型', options: '选项', optionsHint: '输入后回车添加，可添加多个',
      optionsRequired: '下拉字段至少需要一个选项', required: '必填', position: '排序', archived: '已归档', inUse: '使用中',
      archive: '归档', restore: '恢复', showArchived: '显示已归档', empty: '还没有自定义字段',
      confirmArchive: '归档字段「{{name}}」？已有数据会保留，但不再显示在表单中。', confirmRestore: '恢复此字段？',
      types: { text: '文本', number: '数字', date: '日期', select: '单选', multi_select: '多选' },
    },
    apiKeys: {
      new: '创建 API 密钥', name: '名称', namePlaceholder: '例如：官网表单对接', prefix: '前缀', user: '创建人', lastUsed: '最近使用',
      never: '从未使用', active: '有效', revoke: '吊销', revoked: '密钥已吊销', revokedAt: '已吊销 {{at}}',
      confirmRevoke: '吊销密钥「{{name}}」？', revokeHint: '使用此密钥的集成将立即失效', empty: '还没有 API 密钥',
      hint: 'API 密钥用于系统集成，以创建人的权限调用接口', createdTitle: '密钥已创建 · {{name}}',
      showOnce: '密钥只显示这一次，请立即复制并妥善保存', saved: '我已保存', usage: '调用时在请求头加入 Authorization: Bearer <密钥>',
    },
  },
};

export default zhCN;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type Resources = Strings<typeof zhCN>;
