import { createRoot } from 'react-dom/client';

function App() {
  return <h1>法治 Fazhi</h1>;
}

createRoot(document.getElementById('root')!).render(<App />);
