/** Options page (options_ui, opens in a tab): settings, organisation locks, policy problems, diagnostics. */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { t } from '@/platform/i18n';
import { OptionsApp } from '@/entrypoints/options/components/OptionsApp';

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = t('options_title');

render(<OptionsApp />, document.getElementById('app') as HTMLElement);
