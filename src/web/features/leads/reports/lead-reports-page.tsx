import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Segmented } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { REJECTION_REASONS } from '../../../../shared/dictionaries';
import { api, isApiError } from '../../../api/client';
import { useDict } from '../../../ui/dict';
import { EmptyState, ErrorAlert, PageLoading } from '../../../ui/feedback';
import { sourceTypeLabel } from '../lead-format';
import type { LeadReport } from '../lead-types';
import { EChart } from './echart';

const COLORS = ['#1677ff', '#13c2c2', '#fa8c16', '#722ed1', '#52c41a', '#eb2f96', '#faad14', '#2f54eb', '#a0d911', '#8c8c8c'];
const pct = { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } } as const;

/** 线索报表: where leads come from and how they move, week by week. */
export default function LeadReportsPage() {
  const { t, i18n } = useTranslation();
  const dict = useDict();
  const [weeks, setWeeks] = useState(12);
  const report = useQuery({ queryKey: ['lead-reports', weeks], queryFn: () => api.get<LeadReport>('/lead-reports', { weeks }), retry: false });
  const r = report.data;
  const lang = i18n.language;

  const charts = useMemo(() => {
    if (!r) return null;
    const x = r.weeks.map((w) => dayjs(w).format('MM-DD'));
    const base = { color: COLORS, tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 40, right: 24, top: 36, bottom: 28 }, xAxis: { type: 'category', data: x } };
    const bar = (name: string, data: number[], stack: string) => ({ name, type: 'bar', stack, data, emphasis: { focus: 'series' } });
    const line = (name: string, data: (number | null)[]) => ({ name, type: 'line', data, connectNulls: true });
    // Lead counts are whole: the axis never ticks at 0.5 of a lead.
    const count = { type: 'value', minInterval: 1 };
    return {
      sourceType: { ...base, yAxis: count, series: [bar(sourceTypeLabel('active', lang), r.bySourceType.active, 's'), bar(sourceTypeLabel('passive', lang), r.bySourceType.passive, 's')] },
      channel: { ...base, yAxis: count, series: r.byChannel.map((c) => bar(c.channel || t('leadReports.noChannel'), c.counts, 'c')) },
      rates: {
        ...base, yAxis: pct, tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v == null ? '—' : `${v}%`) },
        series: [line(t('leadReports.mqlToSql'), r.mqlToSql.rate), line(t('leadReports.sqlToAccepted'), r.sqlToAccepted.rate)],
      },
      sla: {
        ...base,
        yAxis: [count, pct],
        series: [
          { ...bar(t('leads.sla.met'), r.slaCompliance.met, 'sla'), color: '#52c41a' },
          { ...bar(t('leads.sla.breached'), r.slaCompliance.breached, 'sla'), color: '#ff4d4f' },
          { ...line(t('leadReports.compliance'), r.slaCompliance.rate), yAxisIndex: 1, color: '#1677ff' },
        ],
      },
      rejections: {
        color: COLORS, tooltip: { trigger: 'item' }, legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
        series: [{
          type: 'pie', radius: ['40%', '70%'], center: ['35%', '50%'], label: { formatter: '{b}: {c}' },
          data: r.rejectionReasons.map((x) => ({ name: dict.label(REJECTION_REASONS, x.reason), value: x.count })),
        }],
      },
    };
  }, [r, lang, t]);

  const header = (
    <div className="baton-page-title">
      <h1>{t('nav.leadReports')}</h1>
      <Segmented value={weeks} onChange={(v) => setWeeks(Number(v))} options={[4, 12, 26, 52].map((n) => ({ value: n, label: t('leadReports.weeks', { n }) }))} />
    </div>
  );
  if (report.isLoading) return <>{header}<PageLoading /></>;
  if (report.isError) {
    // The endpoint may not be deployed yet on older servers: an empty report, not an error.
    if (isApiError(report.error, 'NOT_FOUND')) return <>{header}<Card><EmptyState description={t('leadReports.empty')} /></Card></>;
    return <>{header}<ErrorAlert error={report.error} onRetry={() => void report.refetch()} /></>;
  }
  const total = r ? r.bySourceType.active.concat(r.bySourceType.passive).reduce((s, n) => s + n, 0) : 0;
  if (!r || !charts || total === 0 && !r.rejectionReasons.length) return <>{header}<Card><EmptyState description={t('leadReports.empty')} /></Card></>;

  const card = (title: string, node: React.ReactNode) => <Card size="small" title={title}>{node}</Card>;
  return (
    <div>
      {header}
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>{card(t('leadReports.bySourceType'), <EChart option={charts.sourceType} testId="chart-source-type" />)}</Col>
        <Col xs={24} xl={12}>{card(t('leadReports.byChannel'), <EChart option={charts.channel} testId="chart-channel" />)}</Col>
        <Col xs={24} xl={12}>{card(t('leadReports.conversion'), <EChart option={charts.rates} testId="chart-rates" />)}</Col>
        <Col xs={24} xl={12}>{card(t('leadReports.sla'), <EChart option={charts.sla} testId="chart-sla" />)}</Col>
        <Col xs={24} xl={12}>{card(t('leadReports.rejections'), r.rejectionReasons.length
          ? <EChart option={charts.rejections} testId="chart-rejections" />
          : <EmptyState description={t('leadReports.noRejections')} />)}</Col>
      </Row>
    </div>
  );
}
