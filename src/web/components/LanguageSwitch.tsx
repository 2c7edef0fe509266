import { App, Segmented } from 'antd';
import { platformApi } from '../pages/platform/api.ts';
import { useAuth } from '../auth.tsx';
import { errorText } from '../errors.ts';
import { isLocale, translate, useLocale, useT, type Locale } from '../i18n.ts';

/**
 * 中文 / English. Switches every string at once, remembers the choice in localStorage and, when
 * signed in, on the server (PUT /api/v1/me/locale).
 */
export function LanguageSwitch({ size }: { size?: 'small' | 'middle' | 'large' }) {
  const { locale, setLocale } = useLocale();
  const { me } = useAuth();
  const t = useT();
  const { message } = App.useApp();

  const change = (value: string) => {
    if (!isLocale(value) || value === locale) return;
    const next: Locale = value;
    setLocale(next);
    if (me) {
      platformApi.setLocale(next).catch((err: unknown) => {
        message.warning(translate(next, 'lang.saveFailed', { message: errorText(err, t) }));
      });
    }
  };

  return (
    <Segmented
      data-testid="lang-switch"
      aria-label={t('lang.label')}
      size={size}
      value={locale}
      onChange={(value) => change(String(value))}
      options={[
        { label: <span data-testid="lang-zh">{t('lang.zh')}</span>, value: 'zh-CN' },
        { label: <span data-testid="lang-en">{t('lang.en')}</span>, value: 'en-US' },
      ]}
    />
  );
}
