import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'urql';
import { App } from './app';
import { createGatewayClient, GATEWAY_URL } from './client';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <Provider value={createGatewayClient(GATEWAY_URL)}>
      <App />
    </Provider>
  </StrictMode>,
);
