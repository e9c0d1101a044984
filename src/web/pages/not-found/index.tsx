/**
 * 页面不存在: any workbench path the route table does not know.
 */
import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { HOME_PATH } from '../../navigation.js';

export default function NotFoundPage() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的地址不存在，可能已被移动或输入有误。"
      extra={
        <Button type="primary" onClick={() => void navigate(HOME_PATH)}>
          返回工作台
        </Button>
      }
    />
  );
}
