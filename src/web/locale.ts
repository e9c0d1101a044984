/**
 * The workbench speaks Simplified Chinese only: antd's zh_CN locale and dayjs's zh-cn, with the plugins the pages use.
 * Times are shown in Asia/Shanghai whatever the browser's own zone (RULES R0).
 */
import type { ConfigProviderProps } from 'antd';
import zhCNModule from 'antd/locale/zh_CN.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

type Locale = NonNullable<ConfigProviderProps['locale']>;

// antd ships the locale as CommonJS with a `default` export: the type checker sees the module object, the bundler
// hands over the default. Accept both.
const localeModule: Locale | { readonly default: Locale } = zhCNModule;
export const zhCN: Locale = 'default' in localeModule ? localeModule.default : localeModule;

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

export const TIME_ZONE = 'Asia/Shanghai';
