/**
 * A required group of checkboxes inside a Form.Item. Form.Item marks its control `aria-required`, which ARIA does
 * not allow on a group (axe `aria-allowed-attr`); the group keeps its name and invalid state, and the required mark
 * stays on the label.
 */
import { Checkbox, type GetProps } from 'antd';

type GroupProps = GetProps<typeof Checkbox.Group>;

export function CheckboxGroupField(props: GroupProps & { readonly 'aria-required'?: boolean | 'true' | 'false' }) {
  const rest: GroupProps & { 'aria-required'?: unknown } = { ...props };
  delete rest['aria-required'];
  return <Checkbox.Group {...rest} />;
}
