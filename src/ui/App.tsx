import { CanvasHost } from './CanvasHost';
import { ScenarioPanel } from './ScenarioPanel';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Stateful</h1>
        <p className="app-tagline">What security groups and network ACLs do to each packet</p>
      </header>
      <main className="app-main">
        <CanvasHost />
        <ScenarioPanel />
      </main>
    </div>
  );
}
