import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Segmented, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { REJECTION_REASONS } from '../../../../shared/dictionaries';
import { api, isApiError } from '../../../api/client';
import { useDict } from '../../../ui/dict';
import { EmptyState, ErrorAlert, PageLoading } from '../../../ui/feedback';
import { sourceTypeLabel } from '../lead-format';
import type { LeadFilters } from '../lead-api';
import { leadFiltersToParams } from '../lead-list-address';
import type { LeadReport } from '../lead-types';
import { EChart, type ChartClick } from './echart';

const COLORS = ['#1677ff', '#13c2c2', '#fa8c16', '#722ed1', '#52c41a', '#eb2f96', '#faad14', '#2f54eb', '#a0d911', '#8c8c8c'];
// Channels get a longer palette of hues far apart (one orange only, where gold, volcano and orange read alike side by
// side), without the grey, which stays for leads with no channel.
const CHANNEL_COLORS = ['#1677ff', '#13c2c2', '#fa8c16', '#722ed1', '#52c41a', '#eb2f96', '#2f54eb', '#a0d911', '#006d75', '#cf1322', '#874d00', '#fadb14'];
const NO_CHANNEL_COLOR = '#8c8c8c';
const pct = { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } } as const;

/**
 * A colour per channel that stays with it when the window changes and the top ten change: the name's hash picks the
 * palette slot (the next free one on a clash), rather than its rank, which moves with every window.
 */
function colorChannels(channels: string[]): Map<string, string> {
  const colors = new Map<string, string>();
  const taken = new Set<number>();
  for (const channel of [...channels].sort()) {
    if (!channel) {
      colors.set(channel, NO_CHANNEL_COLOR);
      continue;
    }
    let slot = [...channel].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % CHANNEL_COLORS.length;
    while (taken.has(slot) && taken.size < CHANNEL_COLORS.length) slot = (slot + 1) % CHANNEL_COLORS.length;
    taken.add(slot);
    colors.set(channel, CHANNEL_COLORS[slot]);
  }
  return colors;
}

/** Channels by name, "no channel" last, so the legend reads the same in every window. */
const byChannelName = (a: { channel: string }, b: { channel: string }) =>
  (a.channel ? 0 : 1) - (b.channel ? 0 : 1) || a.channel.localeCompare(b.channel, 'zh-CN');

/** 线索报表: where leads come from and how they move, week by week. */
export default function LeadReportsPage() {
  const { t, i18n } = useTranslation();
  const dict = useDict();
  const [weeks, setWeeks] = useState(12);
  const report = useQuery({ queryKey: ['lead-reports', weeks], queryFn: () => api.get<LeadReport>('/lead-reports', { weeks }), retry: false });
  const r = report.data;
  const lang = i18n.language;
  const navigate = useNavigate();

  const charts = useMemo(() => {
    if (!r) return null;
    // The last week is the one under way: its bars are still growing, and the axis always says so, its label kept
    // inside the chart's right edge.
    const x = r.weeks.map((w, i) => (i === r.weeks.length - 1 ? t('leadReports.thisWeek') : dayjs(w).format('MM-DD')));
    const xAxis = { type: 'category', data: x, axisLabel: { showMaxLabel: true, alignMaxLabel: 'right' } };
    const base = { color: COLORS, tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 40, right: 24, top: 36, bottom: 28 }, xAxis };
    const bar = (name: string, data: number[], stack: string) => ({ name, type: 'bar', stack, data, emphasis: { focus: 'series' } });
    // A week with nothing to divide is a gap, not a line drawn through it; the tooltip shows what the rate is made of,
    // so 1 of 1 does not read like 40 of 40. showAllSymbol keeps a lone week between gaps visible.
    const rateLine = (name: string, rate: (number | null)[], part: number[], whole: number[]) => ({
      name, type: 'line', data: rate, connectNulls: false, showAllSymbol: true,
      tooltip: { valueFormatter: (v: unknown, i: number) => (typeof v === 'number' && !Number.isNaN(v) ? t('leadReports.rateOf', { rate: v, part: part[i], whole: whole[i] }) : '—') },
    });
    // Lead counts are whole: the axis never ticks at 0.5 of a lead.
    const count = { type: 'value', minInterval: 1 };
    const channels = [...r.byChannel].sort(byChannelName);
    const channelColors = colorChannels(channels.map((c) => c.channel));
    const { met, breached } = r.slaCompliance;
    // The weeks a new scoring model took effect: MQLs are counted by the week a lead crossed the threshold, so a model
    // that moved the threshold shows as a jump there.
    const modelMarks = {
      symbol: 'none', silent: false, lineStyle: { type: 'dashed', color: '#faad14' },
      // A short label on the line (the last week's would be cut off at the chart's edge); the whole of it on hover.
      label: { formatter: (p: { data: { short: string } }) => p.data.short, color: '#ad6800', fontSize: 11 },
      tooltip: { trigger: 'item', formatter: (p: { name: string }) => p.name },
      data: r.modelChanges.map((m) => ({
        xAxis: x[r.weeks.indexOf(m.week)], short: t('leadReports.modelChangeShort', { version: m.version }),
        name: t('leadReports.modelChange', { version: m.version, threshold: m.mqlThreshold }),
      }))
        .filter((m) => m.xAxis !== undefined),
    };
    return {
      channels,
      sourceType: { ...base, yAxis: count, series: [bar(sourceTypeLabel('active', lang), r.bySourceType.active, 's'), bar(sourceTypeLabel('passive', lang), r.bySourceType.passive, 's')] },
      channel: {
        // Up to ten channels: one scrolling row, so the legend never wraps over the top of the axis.
        ...base, legend: { type: 'scroll', top: 0, left: 0, right: 0 }, yAxis: count,
        series: [
          ...channels.map((c) => ({ ...bar(c.channel || t('leadReports.noChannel'), c.counts, 'c'), color: channelColors.get(c.channel) })),
          ...(r.otherChannels ? [{ ...bar(t('leadReports.otherChannels', { n: r.otherChannels.channels }), r.otherChannels.counts, 'c'), color: '#bfbfbf' }] : []),
        ],
      },
      rates: {
        ...base, yAxis: pct,
        series: [
          { ...rateLine(t('leadReports.mqlToSql'), r.mqlToSql.rate, r.mqlToSql.sql, r.mqlToSql.mql), markLine: modelMarks },
          rateLine(t('leadReports.sqlToAccepted'), r.sqlToAccepted.rate, r.sqlToAccepted.accepted, r.sqlToAccepted.sql),
        ],
      },
      sla: {
        ...base,
        yAxis: [count, pct],
        series: [
          { ...bar(t('leads.sla.met'), met, 'sla'), color: '#52c41a' },
          { ...bar(t('leads.sla.breached'), breached, 'sla'), color: '#ff4d4f' },
          { ...rateLine(t('leadReports.compliance'), r.slaCompliance.rate, met, met.map((m, i) => m + breached[i])), yAxisIndex: 1, color: '#1677ff' },
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
  // Empty only when every chart is: a short window may have no new leads and still MQLs, hand-overs or deadlines.
  const sum = (...lists: number[][]) => lists.flat().reduce((s, n) => s + n, 0);
  const total = r ? sum(r.bySourceType.active, r.bySourceType.passive, r.mqlToSql.mql, r.sqlToAccepted.sql, r.slaCompliance.met, r.slaCompliance.breached) : 0;
  if (!r || !charts || total === 0 && !r.rejectionReasons.length) return <>{header}<Card><EmptyState description={t('leadReports.empty')} /></Card></>;

  // A short title (it fits a phone or a half-width card); how the chart counts is a caption under it, wrapping as needed.
  const card = (title: string, node: React.ReactNode, hint?: string, how?: string) => (
    <Card size="small" title={title} extra={hint && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{hint}</Typography.Text>}>
      {how && <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>{how}</Typography.Paragraph>}
      {node}
    </Card>
  );
  // A bar of new leads opens the list of the leads it counts: that week's (createdTo is exclusive) and that key's,
  // without the repeats the report leaves out, in the widest view the user has, which is what the report counts.
  const openWeek = (dataIndex: number, filter: LeadFilters) => {
    const week = { createdFrom: r.weekBounds[dataIndex], createdTo: r.weekBounds[dataIndex + 1] };
    navigate(`/leads?${new URLSearchParams({ view: 'all', ...leadFiltersToParams({ duplicates: 'exclude', ...filter, ...week }) })}`);
  };
  const openSourceType = ({ seriesIndex, dataIndex }: ChartClick) => openWeek(dataIndex, { sourceType: [seriesIndex === 0 ? 'active' : 'passive'] });
  const openChannel = ({ seriesIndex, dataIndex }: ChartClick) => {
    const channel = charts.channels[seriesIndex];
    // The summed bar of the quieter channels has no one channel to open.
    if (channel) openWeek(dataIndex, channel.channel ? { channel: [channel.channel] } : { noChannel: true });
  };
  const repeats = r.repeats.reduce((s, n) => s + n, 0);
  const repeatsRange = { createdFrom: r.weekBounds[0], createdTo: r.weekBounds[r.weekBounds.length - 1] };
  return (
    <div>
      {header}
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>{card(t('leadReports.bySourceType'), <EChart option={charts.sourceType} testId="chart-source-type" onClick={openSourceType} />, t('leadReports.clickToList'))}</Col>
        <Col xs={24} xl={12}>{card(t('leadReports.byChannel'), <EChart option={charts.channel} testId="chart-channel" onClick={openChannel} />, t('leadReports.clickToList'))}</Col>
        {repeats > 0 && (
          <Col span={24}>
            <Typography.Text type="secondary" data-testid="report-repeats">
              {t('leadReports.repeats', { n: repeats })}{' '}
              <Link to={`/leads?${new URLSearchParams({ view: 'all', ...leadFiltersToParams({ duplicates: 'only', ...repeatsRange }) })}`}>{t('leadReports.repeatsLink')}</Link>
            </Typography.Text>
          </Col>
        )}
        <Col xs={24} xl={12}>{card(t('leadReports.conversion'), <EChart option={charts.rates} testId="chart-rates" />, undefined, t('leadReports.conversionHow'))}</Col>
        <Col xs={24} xl={12}>{card(t('leadReports.sla'), <EChart option={charts.sla} testId="chart-sla" />, undefined, t('leadReports.slaHow'))}</Col>
        <Col xs={24} xl={12}>{card(t('leadReports.rejections'), r.rejectionReasons.length
          ? <EChart option={charts.rejections} testId="chart-rejections" />
          : <EmptyState description={t('leadReports.noRejections')} />)}</Col>
      </Row>
    </div>
  );
}
