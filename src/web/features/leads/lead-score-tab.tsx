import { Alert, Col, List, Row, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../ui/feedback';
import { pickText } from './lead-format';
import { formatDateTime } from '../../ui/time';
import type { LeadDetail, ScoreItem } from './lead-types';

const signed = (n: number) => `${n >= 0 ? '+' : '−'}${Math.abs(n)}`;

/** One line as a person reads it: "+15 下载白皮书 (3 天前, 衰减后 12)", as the server's summary writes it. */
export function useExplanationLine() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (item: ScoreItem) => {
    const label = en ? item.labelEn : item.label;
    if (item.ageDays === undefined) return { head: `${signed(item.points)} ${label}`, detail: '' };
    const age = item.ageDays === 0 ? t('leads.score.today') : t('leads.score.daysAgo', { count: item.ageDays });
    const raw = item.rawPoints ?? item.points;
    return { head: `${signed(raw)} ${label}`, detail: t('leads.score.decayed', { age, points: item.points }) };
  };
}

/** 评分说明: fit and engagement lines that add up to the score, decayed touches with their age. */
export function LeadScoreTab({ lead }: { lead: LeadDetail }) {
  const { t, i18n } = useTranslation();
  const line = useExplanationLine();
  const items = lead.scoreExplanation ?? [];
  const group = (kind: ScoreItem['kind']) => items.filter((i) => i.kind === kind);

  const section = (kind: ScoreItem['kind'], title: string, total: number) => (
    <div style={{ marginBottom: 16 }}>
      <Typography.Text strong>{title}</Typography.Text> <Tag>{signed(total)}</Tag>
      <List
        size="small"
        dataSource={group(kind)}
        locale={{ emptyText: t('leads.score.none') }}
        renderItem={(item) => {
          const l = line(item);
          return (
            <List.Item data-testid="score-item">
              <span>
                <span style={{ color: item.points >= 0 ? '#389e0d' : '#cf1322', fontWeight: 500 }}>{l.head}</span>
                {l.detail && <span className="baton-muted">{l.detail}</span>}
              </span>
              {item.kind === 'engagement' && item.ageDays !== undefined && <Tag>{signed(item.points)}</Tag>}
            </List.Item>
          );
        }}
      />
    </div>
  );

  if (!items.length && !lead.score) return <EmptyState description={t('leads.score.empty')} />;
  return (
    <div>
      <Row gutter={24} style={{ marginBottom: 16 }}>
        <Col><Statistic title={t('leads.fields.score')} value={lead.score} suffix="/ 100" /></Col>
        <Col><Statistic title={t('leads.score.fit')} value={lead.fitScore} /></Col>
        <Col><Statistic title={t('leads.score.engagement')} value={lead.engagementScore} /></Col>
        <Col><Statistic title={t('leads.fields.tier')} value={lead.tier} /></Col>
      </Row>
      {lead.scoreSummary && (
        <Alert type="info" style={{ marginBottom: 16 }} title={pickText(lead.scoreSummary, i18n.language) || t('leads.score.none')} />
      )}
      {section('fit', t('leads.score.fit'), lead.fitScore)}
      {section('engagement', t('leads.score.engagement'), lead.engagementScore)}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {lead.scoredAt && <span data-testid="scored-at">{t('leads.score.scoredAt', { time: formatDateTime(lead.scoredAt) })} · </span>}
        {t('leads.score.footnote')}
      </Typography.Text>
    </div>
  );
}

export { formatDateTime };
