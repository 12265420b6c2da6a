import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installTestHook } from './engine/testHook';
import { browserDocumentIO } from './io/browserIO';
import { App } from './ui/App';
import './styles.css';

installTestHook();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App io={browserDocumentIO} />
  </StrictMode>,
);
