import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { App } from '../ui/App';
import { queryClient } from './queries';
import { recoverFromWorkerLosses } from './store';
import '../ui/styles.css';

recoverFromWorkerLosses();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
