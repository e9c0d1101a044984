/**
 * The schemas of GET /api/todo (待办): its paging and its answer.
 */
import { Type } from 'typebox';
import { Paging } from '../../http/schemas.js';

export const TodoQuery = Type.Object({ ...Paging }, { additionalProperties: false });

export const TodoItemSchema = Type.Object({
  kind: Type.Enum(['demand', 'project'], { description: 'demand 诉求 / project 项目' }),
  id: Type.Integer(),
  number: Type.String({ description: '诉求编号或项目编号' }),
  title: Type.String(),
  status: Type.String(),
  statusLabel: Type.String({ description: '当前状态（中文）' }),
  communityId: Type.Integer(),
  communityName: Type.String({ description: '村（社区）' }),
  waitingFor: Type.Object({
    actions: Type.Array(Type.String(), { description: '当前角色可办理的操作（英文名，见 docs/lifecycle.md）' }),
    label: Type.String({ description: '待办事项（中文）' }),
  }),
  deadline: Type.Union([
    Type.Object({
      step: Type.String(),
      label: Type.String({ description: '期限所对应的环节（中文）' }),
      due: Type.String({ description: '到期时刻（ISO-8601）' }),
      dueDate: Type.String({ description: '可办理的最后一日（YYYY-MM-DD，北京时间）' }),
      provisional: Type.Boolean({ description: '跨入尚未录入节假日安排的年份，临时计算' }),
      dueSoon: Type.Boolean({ description: '即将到期（剩余工作日不超过配置天数）' }),
      overdue: Type.Boolean({ description: '已逾期' }),
    }),
    Type.Null(),
  ], { description: '最近的未完成期限；没有计时中的环节时为 null' }),
});

export const TodoList = Type.Object({
  total: Type.Integer(),
  overdue: Type.Integer({ description: '全部待办中已逾期的项数' }),
  dueSoon: Type.Integer({ description: '全部待办中即将到期的项数' }),
  items: Type.Array(TodoItemSchema),
});
