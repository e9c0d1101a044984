/**
 * GET /api/todo: 待办 of the signed-in user (todo.service.ts).
 */
import type { App } from '../../http/app-type.js';
import { errorResponses } from '../../http/schemas.js';
import { TodoList, TodoQuery } from './todo.schemas.js';

export function registerTodoRoutes(app: App): void {
  const { todo } = app.services;
  app.get(
    '/api/todo',
    {
      config: { access: 'viewCase' },
      schema: {
        operationId: 'listTodo',
        tags: ['待办'],
        summary: '待办：管辖范围内等待本人角色办理的诉求和项目，按期限先后排列，标注即将到期和已逾期',
        querystring: TodoQuery,
        response: { 200: TodoList, ...errorResponses },
      },
    },
    (request) => todo.list(request.ctx, request.query.limit ?? 50, request.query.offset ?? 0),
  );
}
