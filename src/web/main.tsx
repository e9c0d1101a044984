/**
 * The web app's entry: global styles and locale, then the app into #root.
 */
import 'antd/dist/reset.css';
import './styles.css';
import './locale.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

const root = document.getElementById('root');
if (root === null) throw new Error('#root missing from index.html');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
