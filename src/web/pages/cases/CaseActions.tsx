/**
 * The actions a case offers its user now, as one bar used by the case page and the drawer: offered when the
 * lifecycle's table allows them in this state for the user's role — those that need nothing but a confirmation
 * (接收诉求, 开始实施, 完成实施, 办结), those of a few words or a choice (FormActions.tsx), 研判 (TriageDialog.tsx) and
 * every step with a form of its own (steps/). The server decides again; a case changed meanwhile by someone else is
 * refused with 版本冲突, and the case is shown as it now is.
 */
import { App, Button, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { http, type ApiError } from '../../api/client.js';
import type { CaseView } from '../../api/models.js';
import { toApiError } from '../../api/useRequest.js';
import { useSession, useUser } from '../../auth/session.js';
import type { Action } from '../../../domain/access/actions.js';
import { COMMAND_LABELS, DEMAND_TRANSITIONS, PROJECT_TRANSITIONS } from '../../../domain/lifecycle/transitions.js';
import type { CaseKind } from './case-format.js';
import { projectOf } from './case-state.js';
import { FORM_ACTIONS, FormActionButton } from './FormActions.js';
import { STEP_ACTIONS } from './steps/index.js';
import { TriageDialog } from './TriageDialog.js';

/** Labels of every command the history may show, including the system's (公示期满, 逾期预警). */
export const ACTION_LABELS: Readonly<Record<string, string>> = COMMAND_LABELS;
export const actionLabel = (action: string): string => ACTION_LABELS[action] ?? action;

interface SimpleAction {
  readonly action: Action;
  /** Sends the action on case `id` at the version read. */
  readonly send: (id: number, version: number) => Promise<unknown>;
  readonly confirm: string;
}

const at = (id: number) => ({ path: { id } });

const SIMPLE_ACTIONS: Readonly<Record<CaseKind, readonly SimpleAction[]>> = {
  demand: [
    {
      action: 'acknowledgeDemand',
      send: (id, version) => http.POST('/api/demands/{id}/acknowledge', { params: at(id), body: { version } }),
      confirm: '接收后将向提议人发送受理反馈，并开始“两委”联席会议研判的期限。',
    },
  ],
  project: [
    {
      action: 'startImplementation',
      send: (id, version) => http.POST('/api/projects/{id}/implementation/start', { params: at(id), body: { version } }),
      confirm: '公示期满且异议均已答复后方可开始实施。',
    },
    {
      action: 'completeImplementation',
      send: (id, version) => http.POST('/api/projects/{id}/implementation/complete', { params: at(id), body: { version } }),
      confirm: '完成实施后须在5个工作日内填报结项表。',
    },
    {
      action: 'closeProject',
      send: (id, version) => http.POST('/api/projects/{id}/close', { params: at(id), body: { version } }),
      confirm: '办结后将在原公示平台公示结果并反馈提议人。',
    },
  ],
};

/** Whether the lifecycle's table allows `action` in `status` to `role`, and the user's role holds it. */
export function allowed(kind: CaseKind, action: Action, status: string, role: string, can: (a: Action) => boolean): boolean {
  const table: readonly { readonly from: string | null; readonly action: string; readonly roles: readonly string[] }[] = kind === 'demand' ? DEMAND_TRANSITIONS : PROJECT_TRANSITIONS;
  return can(action) && table.some((t) => t.action === action && t.from === status && t.roles.includes(role));
}

/** Whether the signed-in user may `action` on the case now. */
export function useAllowed(kind: CaseKind, status: string): (action: Action) => boolean {
  const { can } = useSession();
  const user = useUser();
  return (action) => allowed(kind, action, status, user.role, can);
}

/** What follows any action, done or refused: a note when done, the refusal kept to show, and the case read again. */
export function useActionOutcome(reload: () => void): { readonly error: ApiError | null; readonly done: (error: ApiError | null, label: string) => void } {
  const { message } = App.useApp();
  const [error, setError] = useState<ApiError | null>(null);
  return {
    error,
    done: (e, label) => {
      if (e === null) void message.success(`「${label}」已完成`);
      setError(e);
      reload();
    },
  };
}

export function CaseActions({
  kind,
  view,
  onDone,
}: {
  readonly kind: CaseKind;
  readonly view: CaseView;
  /** After an action, done (`null`) or refused, with the action's label. */
  readonly onDone: (error: ApiError | null, label: string) => void;
}) {
  const may = useAllowed(kind, view.status);
  const [acting, setActing] = useState<Action | null>(null);
  const simple = SIMPLE_ACTIONS[kind].filter((a) => may(a.action));
  const forms = FORM_ACTIONS[kind].filter((a) => may(a.action));
  const project = projectOf(view);
  const steps = project === null ? [] : STEP_ACTIONS.filter((a) => may(a.action));
  const mayTriage = kind === 'demand' && may('triageDemand');
  if (simple.length + forms.length + steps.length === 0 && !mayTriage) return null;

  const act = async (a: SimpleAction) => {
    setActing(a.action);
    const error = await a.send(view.id, view.version).then(
      () => null,
      (err: unknown) => toApiError(err),
    );
    setActing(null);
    onDone(error, actionLabel(a.action));
  };

  return (
    <Space wrap>
      {mayTriage ? <TriageDialog label={actionLabel('triageDemand')} view={view} disabled={acting !== null} onDone={(error) => onDone(error, actionLabel('triageDemand'))} /> : null}
      {simple.map((a) => (
        <Popconfirm
          key={a.action}
          title={`确认「${actionLabel(a.action)}」？`}
          description={<div style={{ maxWidth: 320 }}>{a.confirm}</div>}
          okText="确认"
          cancelText="取消"
          onConfirm={() => {
            void act(a);
          }}
        >
          <Button type="primary" loading={acting === a.action} disabled={acting !== null && acting !== a.action}>
            {actionLabel(a.action)}
          </Button>
        </Popconfirm>
      ))}
      {forms.map((a) => (
        <FormActionButton key={a.action} spec={a} label={actionLabel(a.action)} view={view} disabled={acting !== null} onDone={(error) => onDone(error, actionLabel(a.action))} />
      ))}
      {steps.map(({ action, Form }) =>
        project === null ? null : <Form key={action} view={project} label={actionLabel(action)} disabled={acting !== null} onDone={(error) => onDone(error, actionLabel(action))} />,
      )}
    </Space>
  );
}
