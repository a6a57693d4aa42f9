import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Collapse, Form, Input, Select, Typography } from 'antd';
import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, isApiError, setCsrfToken } from '../../api/client';
import type { LoginResult } from '../../api/types';
import { LanguageSwitch } from '../../ui/language-switch';
import { errorMessage } from '../../ui/feedback';
import { ME_KEY } from './session';

const DEMO_USERS = ['admin', 'manager', 'rep1', 'rep2', 'marketing', 'cs'];
const DEMO_PASSWORD = 'baton-demo-2026';

interface LoginForm { email: string; password: string; workspace?: string }

export default function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<LoginForm>();
  const [error, setError] = useState<string | null>(null);
  const [workspaces, setWorkspaces] = useState<string[] | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      const res = await api.post<LoginResult>('/auth/login', {
        email: values.email.trim(),
        password: values.password,
        ...(values.workspace ? { workspace: values.workspace } : {}),
      });
      setCsrfToken(res.csrfToken);
      queryClient.clear();
      await queryClient.invalidateQueries({ queryKey: ME_KEY });
      const next = params.get('next');
      // Without a page to go back to, the home page picks the user's start (leads for those who work them).
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (e) {
      if (isApiError(e, 'WORKSPACE_REQUIRED')) {
        const list = (e.details as { workspaces?: string[] } | undefined)?.workspaces ?? [];
        setWorkspaces(list);
      }
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  const fillDemo = (user: string) => {
    form.setFieldsValue({ email: `${user}@demo.baton.local`, password: DEMO_PASSWORD });
  };

  return (
    <div className="baton-login">
      <div style={{ position: 'fixed', top: 16, right: 20 }}>
        <LanguageSwitch size="middle" />
      </div>
      <Card className="baton-login-card" variant="borderless" style={{ boxShadow: '0 8px 32px rgba(31,35,41,0.08)' }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 10, marginBottom: 4 }}>
          <span className="baton-logo-mark" style={{ width: 32, height: 32, fontSize: 16 }}>接</span>
          <Typography.Title level={3} style={{ margin: 0 }}>{t('app.title')}</Typography.Title>
        </div>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 24 }}>{t('login.tagline')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form<LoginForm> form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large">
          <Form.Item name="email" label={t('login.email')} rules={[{ required: true, message: t('login.emailRequired') }]}>
            <Input prefix={<MailOutlined />} autoComplete="username" placeholder="name@company.com" data-testid="login-email" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {workspaces && (
            <Form.Item name="workspace" label={t('login.workspace')} rules={[{ required: true, message: t('login.workspaceRequired') }]}>
              {workspaces.length ? (
                <Select options={workspaces.map((w) => ({ value: w, label: w }))} placeholder={t('login.workspacePick')} />
              ) : (
                <Input placeholder={t('login.workspacePlaceholder')} />
              )}
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
        <Collapse
          ghost
          size="small"
          style={{ marginTop: 16 }}
          items={[{
            key: 'demo',
            label: <Typography.Text type="secondary">{t('login.demoTitle')}</Typography.Text>,
            children: (
              <div>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                  {t('login.demoHint', { password: DEMO_PASSWORD })}
                </Typography.Paragraph>
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
                  {DEMO_USERS.map((u) => (
                    <Button key={u} size="small" onClick={() => fillDemo(u)}>
                      {t(`login.demoRoles.${u}`)} · {u}@demo.baton.local
                    </Button>
                  ))}
                </div>
              </div>
            ),
          }]}
        />
      </Card>
    </div>
  );
}
