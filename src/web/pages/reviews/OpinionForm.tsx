/**
 * 部门审核意见 (R4.2): the four review points, each a 是/否 (point 4: 可以/不可以) verdict with a comment, and the department's overall
 * opinion. Sent with the version read; the server's field problems go beside their fields, and a version conflict
 * (the town changed the project meanwhile) is told and the project reloaded.
 */
import { verdictLabel } from '../cases/steps/review-decision.js';
import { Button, Form, Input, Radio } from 'antd';
import { useState } from 'react';
import { REVIEW_POINT_LABELS, REVIEW_POINTS, type ReviewPoint } from '../../../domain/forms/registration-form.js';
import { ApiError, http } from '../../api/client.js';
import type { ProjectView } from '../../api/models.js';
import { toApiError } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { applyFieldErrors } from '../../components/form-errors.js';
import type { ReviewPoints } from './review-state.js';

type Verdict = 'yes' | 'no';
type Values = Readonly<Record<string, string | undefined>>;

const verdictField = (point: ReviewPoint) => `points.${point}.verdict`;
const commentField = (point: ReviewPoint) => `points.${point}.comment`;
const FIELDS: readonly string[] = [...REVIEW_POINTS.flatMap((p) => [verdictField(p), commentField(p)]), 'opinion'];

/** What the answer means where it is not plainly good news. */
const HINTS: Readonly<Partial<Record<ReviewPoint, string>>> = {
  solvableOtherwise: '选“可以”表示可由现行政策或其他专项资金解决，一般不再用“民生大莞家”专项资金资助；选“不可以”表示没有其他解决途径。',
};

function pointsOf(values: Values): ReviewPoints {
  const answer = (point: ReviewPoint) => ({ verdict: (values[verdictField(point)] ?? '') as Verdict, comment: (values[commentField(point)] ?? '').trim() });
  return {
    consultationProper: answer('consultationProper'),
    budgetReasonable: answer('budgetReasonable'),
    modeFeasible: answer('modeFeasible'),
    solvableOtherwise: answer('solvableOtherwise'),
  };
}

export function OpinionForm({
  project,
  onSubmitted,
  onConflict,
}: {
  readonly project: ProjectView;
  readonly onSubmitted: () => void;
  /** Another change came first: tell the user and reload the project. */
  readonly onConflict: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (values: Values) => {
    setSending(true);
    setError(null);
    try {
      await http.POST('/api/projects/{id}/department-opinions', {
        params: { path: { id: project.id } },
        body: { version: project.version, points: pointsOf(values), opinion: (values.opinion ?? '').trim() },
      });
      onSubmitted();
    } catch (err) {
      const apiError = toApiError(err);
      if (apiError.code === 'VERSION_CONFLICT') {
        // What was typed stays; the next submission carries the version just reloaded.
        onConflict();
      } else {
        const rest = applyFieldErrors(form, apiError, FIELDS);
        // Problems the form has a field for are shown there; the rest above the button.
        setError(new ApiError(apiError.status, apiError.code, apiError.message, rest, apiError.requestId));
      }
    } finally {
      setSending(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark disabled={sending}>
      {REVIEW_POINTS.map((point, i) => (
        <div key={point} style={{ marginBottom: 12 }}>
          <Form.Item
            name={verdictField(point)}
            label={`${i + 1}. ${REVIEW_POINT_LABELS[point]}`}
            extra={HINTS[point]}
            rules={[{ required: true, message: `请选择「${REVIEW_POINT_LABELS[point]}」的审核结论` }]}
            style={{ marginBottom: 4 }}
          >
            <Radio.Group
              aria-label={`第${i + 1}项结论`}
              options={[
                { value: 'yes', label: verdictLabel(point, 'yes') },
                { value: 'no', label: verdictLabel(point, 'no') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name={commentField(point)}
            rules={[{ required: true, whitespace: true, message: `请填写「${REVIEW_POINT_LABELS[point]}」的审核意见` }]}
            style={{ marginBottom: 0 }}
          >
            <Input.TextArea aria-label={`第${i + 1}项意见`} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} placeholder={`第${i + 1}项意见：写明理由，例如核对了哪些材料、依据什么标准`} />
          </Form.Item>
        </div>
      ))}
      <Form.Item name="opinion" label="部门审核意见（将写入登记备案表第三部分）" rules={[{ required: true, whitespace: true, message: '请填写部门审核意见' }]}>
        <Input.TextArea rows={3} maxLength={2000} showCount placeholder="例如：经审核，预算依据充分，同意实施。" />
      </Form.Item>
      <ErrorAlert error={error} />
      <Button type="primary" htmlType="submit" loading={sending} style={{ marginTop: 12 }}>
        提交审核意见
      </Button>
    </Form>
  );
}
