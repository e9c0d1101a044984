/**
 * The residents' portal's entry: its styles, 大字模式 as remembered on the phone, then the app into #root.
 */
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { largeTextOn, setLargeText } from './prefs.js';

setLargeText(largeTextOn());

const root = document.getElementById('root');
if (root === null) throw new Error('#root missing from index.html');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
