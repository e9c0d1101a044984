/**
 * The side menu: the navigation's menu entries the signed-in user's actions open, in table order.
 */
import type { MenuProps } from 'antd';
import type { Action } from '../../domain/access/actions.js';
import { WORKBENCH_ENTRIES, canOpen } from '../navigation.js';

export type MenuItem = Required<MenuProps>['items'][number];

export function menuItems(can: (action: Action) => boolean): MenuItem[] {
  return WORKBENCH_ENTRIES.filter((r) => r.inMenu && canOpen(r, can)).map((r) => ({ key: r.path, icon: r.icon, label: r.label }));
}
