import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Loopback only, on fixed ports: the gateway's CORS default with the emulator backend allows
// exactly these origins (http://127.0.0.1:5173 and :4173, and their localhost twins).
export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
