import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Col, Progress, Result, Row, Segmented, Select, Space, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, apiUrl } from '../../api/client';
import type { ImportPreview, ImportRun } from '../../api/types';
import { ErrorAlert, errorMessage } from '../../ui/feedback';
import { formatDateTime } from '../../ui/time';
import { localizeMessage } from '../../i18n';
import { SheetChoice, type ReadChoice } from './sheet-choice';

type Entity = 'account' | 'contact' | 'lead';
const ENTITIES: Entity[] = ['account', 'contact', 'lead'];
const RECORDS_PATH: Record<Entity, string> = { account: '/accounts', contact: '/contacts', lead: '/leads' };
/** Where the error table finds a field's name: leads keep their labels in their own section. */
const fieldKey = (entity: string, field: string) => (entity === 'lead' ? `leads.fields.${field}` : `fields.${entity}.${field}`);
const isFinished = (r: ImportRun) => r.status === 'done' || r.status === 'completed' || r.status === 'failed' || r.status === 'interrupted';

function RunProgress({ runId, onRestart }: { runId: string; onRestart: () => void }) {
  const { t } = useTranslation();
  const run = useQuery({
    queryKey: ['imports', runId],
    queryFn: () => api.get<ImportRun>(`/imports/${runId}`),
    refetchInterval: (q) => (q.state.data && isFinished(q.state.data) ? false : 500),
  });
  if (run.isError) return <ErrorAlert error={run.error} onRetry={() => void run.refetch()} />;
  const r = run.data;
  const finished = !!r && isFinished(r);
  const percent = r && r.total ? Math.floor((r.processed / r.total) * 100) : finished ? 100 : 0;
  return (
    <div data-testid="import-progress">
      <Progress percent={percent} status={r?.status === 'failed' || r?.status === 'interrupted' ? 'exception' : finished ? 'success' : 'active'} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
        {r ? t('imports.processed', { processed: r.processed, total: r.total }) : t('imports.waiting')} · {r && t(`imports.status.${r.status}`)}
      </Typography.Paragraph>
      <Row gutter={16} style={{ margin: '16px 0' }}>
        <Col span={6}><Statistic title={t('imports.created')} value={r?.created ?? 0} styles={{ content: { color: '#389e0d' } }} /></Col>
        <Col span={6}><Statistic title={t('imports.updated')} value={r?.updated ?? 0} styles={{ content: { color: '#1677ff' } }} /></Col>
        <Col span={6}><Statistic title={t('imports.skipped')} value={r?.skipped ?? 0} /></Col>
        <Col span={6}><Statistic title={t('imports.failed')} value={r?.failed ?? 0} styles={{ content: { color: r?.failed ? '#cf1322' : undefined } }} /></Col>
      </Row>
      {finished && r && (
        <>
          {r.status === 'interrupted' && (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('imports.interrupted', { processed: r.processed, total: r.total })} data-testid="import-interrupted" />
          )}
          {r.errorsCapped && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('imports.errorsCapped', { shown: r.errors.length, failed: r.failed })} />}
          {r.errors.length > 0 ? (
            <>
              <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
                <strong>{t('imports.errorsTitle')}</strong>
                <a href={apiUrl(`/imports/${r.id}/errors.csv`)} download data-testid="import-errors-download">{t('imports.downloadErrors')}</a>
              </div>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('imports.downloadErrorsHint')}</Typography.Paragraph>
              <RowMessages entity={r.entity} rows={r.errors} testId="import-errors" />
            </>
          ) : (
            <Alert type="success" showIcon title={t('imports.noErrors')} />
          )}
          {(r.notes?.length ?? 0) > 0 && (
            <>
              <div style={{ margin: '16px 0 8px' }}>
                <strong>{t('imports.notesTitle')}</strong>
                <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>{t(r.notesCapped ? 'imports.notesCapped' : 'imports.notesHint', { shown: r.notes.length })}</Typography.Text>
              </div>
              <RowMessages entity={r.entity} rows={r.notes} testId="import-notes" />
            </>
          )}
          <Space style={{ marginTop: 16 }}>
            <Button type="primary" onClick={onRestart}>{t('imports.again')}</Button>
            <Link to={RECORDS_PATH[r.entity as Entity] ?? '/accounts'}><Button>{t('imports.viewRecords')}</Button></Link>
          </Space>
        </>
      )}
    </div>
  );
}

/** The workspace's latest imports the user may see, so a run left running (or finished) can be found again. */
function RecentImports({ onOpen }: { onOpen: (id: string, entity: Entity) => void }) {
  const { t } = useTranslation();
  // Read again each time the upload step shows, so the run just finished is on the list.
  const runs = useQuery({ queryKey: ['imports', 'recent'], queryFn: () => api.get<{ items: ImportRun[] }>('/imports?limit=10'), refetchOnMount: 'always' });
  const entityLabel = (e: string) => (e === 'lead' ? t('imports.entityLead') : t(`entities.${e}`));
  return (
    <Card size="small" title={t('imports.recent')} style={{ marginTop: 12 }}>
      {runs.isError ? <ErrorAlert error={runs.error} onRetry={() => void runs.refetch()} /> : (
        <Table<ImportRun>
          size="small"
          rowKey="id"
          data-testid="import-recent"
          loading={runs.isLoading}
          dataSource={runs.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('imports.recentEmpty') }}
          columns={[
            { key: 'at', title: t('imports.when'), width: 150, render: (_, r) => formatDateTime(r.createdAt) },
            { key: 'entity', title: t('imports.entity'), width: 90, render: (_, r) => entityLabel(r.entity) },
            { key: 'file', title: t('imports.file'), render: (_, r) => <span className="baton-link-cell" style={{ maxWidth: 280 }}>{r.fileName}</span> },
            { key: 'status', title: t('imports.statusTitle'), width: 100, render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{t(`imports.status.${r.status}`)}</Tag> },
            { key: 'counts', title: t('imports.counts'), width: 200, render: (_, r) => `${r.created} / ${r.updated} / ${r.skipped} / ${r.failed}` },
            { key: 'open', title: '', width: 70, render: (_, r) => <Button type="link" size="small" onClick={() => onOpen(r.id, r.entity as Entity)}>{t('imports.view')}</Button> },
          ]}
        />
      )}
    </Card>
  );
}

const STATUS_COLORS: Record<string, string> = { pending: 'default', running: 'processing', completed: 'success', done: 'success', failed: 'error', interrupted: 'warning' };

/** Row-by-row messages of a run: why a row was not imported, or what happened to one that was. */
function RowMessages({ entity, rows, testId }: { entity: string; rows: ImportRun['errors']; testId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Table
      size="small"
      data-testid={testId}
      rowKey={(e) => `${e.row}-${e.field}-${e.code}`}
      dataSource={rows}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        { key: 'row', title: t('imports.row'), dataIndex: 'row', width: 80 },
        {
          key: 'field', title: t('imports.field'), width: 180,
          render: (_, e) => (e.field && i18n.exists(fieldKey(entity, e.field)) ? t(fieldKey(entity, e.field)) : e.field),
        },
        { key: 'message', title: t('imports.message'), render: (_, e) => localizeMessage(e.message) },
      ]}
    />
  );
}

export default function ImportPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const entity: Entity = ENTITIES.find((e) => e === params.get('entity')) ?? 'account';
  const [fileList, setFileList] = useState<UploadFile[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  // The run shown lives in the address: a reload, or a link from the recent imports, opens it again.
  const runId = params.get('run');
  const showRun = (id: string, of: string = entity) => setParams({ entity: of, run: id });

  const restart = () => {
    previewMut.reset();
    setFile(null);
    setFileList([]);
    setPreview(null);
    setMapping({});
    setParams({ entity });
  };

  const previewMut = useMutation({
    mutationFn: ({ file: f, sheet, headerRow }: ReadChoice & { file: File }) => {
      const fd = new FormData();
      fd.append('entity', entity);
      if (sheet) fd.append('sheet', sheet);
      if (headerRow) fd.append('headerRow', String(headerRow));
      fd.append('file', f);
      return api.post<ImportPreview>('/imports/preview', fd);
    },
    onSuccess: (p) => {
      setPreview(p);
      setMapping(p.mapping);
    },
  });
  const startMut = useMutation({
    mutationFn: () => {
      const fd = new FormData();
      fd.append('entity', entity);
      fd.append('mapping', JSON.stringify(mapping));
      // The run reads what the preview showed, whether the user chose it or the server did.
      if (preview?.sheet) fd.append('sheet', preview.sheet);
      if (preview) fd.append('headerRow', String(preview.headerRow));
      fd.append('file', file!);
      return api.post<ImportRun>('/imports', fd);
    },
    onSuccess: (run) => showRun(run.id),
    onError: (e) => message.error(errorMessage(e)),
  });

  const fieldLabel = (f: ImportPreview['fields'][number]) => (i18n.language === 'en' && f.labelEn ? f.labelEn : f.label);
  const mappedTargets = new Set(Object.values(mapping).filter(Boolean));
  // HubSpot and Salesforce split the name; the server combines First Name and Last Name into it.
  const isMapped = (key: string) => mappedTargets.has(key) || (key === 'name' && (mappedTargets.has('firstName') || mappedTargets.has('lastName')));
  const missingRequired = preview?.fields.filter((f) => f.required && !isMapped(f.key)) ?? [];
  const step = runId ? 2 : preview ? 1 : 0;

  return (
    <div>
      <div className="baton-page-title">
        <h1>{t('imports.title')}</h1>
        <Segmented<Entity>
          value={entity}
          disabled={step > 0}
          onChange={(v) => setParams({ entity: v })}
          options={[
            { value: 'account', label: t('entities.account') }, { value: 'contact', label: t('entities.contact') },
            { value: 'lead', label: t('imports.entityLead') },
          ]}
        />
      </div>
      <Card size="small" styles={{ body: { padding: 20 } }}>
        <Steps
          current={step}
          size="small"
          style={{ marginBottom: 24, maxWidth: 720 }}
          items={[{ title: t('imports.steps.upload') }, { title: t('imports.steps.mapping') }, { title: t('imports.steps.run') }]}
        />
        {step === 0 && (
          <div style={{ maxWidth: 720 }}>
            {entity === 'lead' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('imports.leadHint')} />}
            <Upload.Dragger
              accept=".csv,.xlsx"
              maxCount={1}
              fileList={fileList}
              beforeUpload={(f) => {
                setFile(f);
                setFileList([{ uid: f.uid, name: f.name, status: 'done', size: f.size }]);
                return false;
              }}
              onRemove={() => { setFile(null); setFileList([]); }}
              data-testid="import-upload"
            >
              <p className="ant-upload-drag-icon"><InboxOutlined /></p>
              <p className="ant-upload-text">{t('imports.dropHint')}</p>
              <p className="ant-upload-hint">{t('imports.formatHint')}</p>
            </Upload.Dragger>
            {previewMut.isError && <div style={{ marginTop: 12 }}><ErrorAlert error={previewMut.error} /></div>}
            <Button type="primary" style={{ marginTop: 16 }} disabled={!file} loading={previewMut.isPending}
              onClick={() => file && previewMut.mutate({ file })}>
              {t('imports.preview')}
            </Button>
          </div>
        )}
        {step === 1 && preview && (
          <div>
            <Space size={16} style={{ marginBottom: 12 }} wrap>
              <span>{t('imports.file')}：<strong>{file?.name}</strong></span>
              <span>{t('imports.encoding')}：<Tag>{preview.encoding}</Tag></span>
              <span>{t('imports.totalRows', { n: preview.totalRows })}</span>
            </Space>
            <SheetChoice
              sheet={preview.sheet}
              sheets={preview.sheets}
              headerRow={preview.headerRow}
              rowCount={preview.rowCount}
              pending={previewMut.isPending}
              error={previewMut.error}
              onChange={(choice) => file && previewMut.mutate({ file, ...choice })}
            />
            {missingRequired.length > 0 && (
              <Alert type="warning" showIcon style={{ marginBottom: 12 }}
                title={t('imports.missingRequired', { fields: missingRequired.map(fieldLabel).join('、') })} />
            )}
            <Table
              size="small"
              className="baton-table"
              rowKey="header"
              loading={previewMut.isPending}
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={preview.headers.map((h, i) => ({ header: h, index: i }))}
              columns={[
                { key: 'header', title: t('imports.column'), render: (_, r) => <strong>{r.header}</strong> },
                {
                  key: 'target', title: t('imports.target'), width: 240,
                  render: (_, r) => (
                    <Select
                      value={mapping[r.header] ?? ''}
                      style={{ width: 220 }}
                      showSearch={{ optionFilterProp: 'label' }}
                      onChange={(v: string) => setMapping((m) => ({ ...m, [r.header]: v }))}
                      options={[
                        { value: '', label: t('imports.ignore') },
                        ...preview.fields.map((f) => ({
                          value: f.key,
                          label: `${fieldLabel(f)}${f.required ? ' *' : ''}`,
                          disabled: mappedTargets.has(f.key) && mapping[r.header] !== f.key,
                        })),
                      ]}
                    />
                  ),
                },
                ...preview.sampleRows.slice(0, 3).map((row, ri) => ({
                  key: `s${ri}`,
                  title: t('imports.sample', { n: ri + 1 }),
                  render: (_: unknown, r: { index: number }) => <span className="baton-link-cell" style={{ maxWidth: 200 }}>{row[r.index]}</span>,
                })),
              ]}
            />
            <Space style={{ marginTop: 16 }}>
              <Button onClick={restart}>{t('imports.reupload')}</Button>
              <Button type="primary" disabled={missingRequired.length > 0 || previewMut.isPending} loading={startMut.isPending} onClick={() => startMut.mutate()}
                data-testid="import-start">
                {t('imports.start')}
              </Button>
            </Space>
          </div>
        )}
        {step === 2 && runId && <RunProgress runId={runId} onRestart={restart} />}
        {step === 2 && !runId && <Result status="info" />}
      </Card>
      {step === 0 && <RecentImports onOpen={showRun} />}
    </div>
  );
}
