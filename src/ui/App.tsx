import { useEffect } from 'react';
import { demoSource, useApp } from '../app/store';
import { FileDrop } from './FileDrop';
import { DatasetSummary } from './DatasetSummary';
import { ConditionList } from './ConditionList';
import { Overrides } from './Overrides';
import { GuideAgreement } from './GuideAgreement';
import { BackendPanel } from './BackendPanel';
import { ErrorBanner } from './ErrorBanner';
import { ProgressBar } from './ProgressBar';
import { ConditionPlot } from './ConditionPlot';
import { GraphView } from './GraphView';
import { ModelsPanel } from './ModelsPanel';
import { PredictionScatter } from './PredictionScatter';
import { DistributionPlot } from './DistributionPlot';
import { Composer } from './Composer';
import { ModelLibrary } from './ModelLibrary';
import { UpdatePrompt } from './UpdatePrompt';
import { GettingStarted } from './GettingStarted';
import { startUrlSync, useLinkNotice } from '../app/urlSync';
import { startSessionKeeper } from '../app/sessionKeeper';
import { useDataset } from '../app/queries';

export function App() {
  const { load, setBackend, loading, progress, outline } = useApp();
  const dataset = useDataset();
  useEffect(() => {
    const stop = startUrlSync();
    const stopKeeper = startSessionKeeper();
    // The summary and the first plots first: tfjs and its backends load once the page is idle
    // (training is a later step, and waits for them if it comes sooner).
    void load(demoSource()).then(() =>
      (window.requestIdleCallback ?? setTimeout)(() => void setBackend('auto'), { timeout: 3000 }),
    );
    return () => {
      stop();
      stopKeeper();
    };
  }, [load, setBackend]);
  const linkNotice = useLinkNotice((s) => s.notice);

  return (
    <FileDrop>
      <header className="topbar">
        <h1>Perturbscope</h1>
        <span className="tagline">genetic-perturbation predictions, explored in your browser</span>
        <UpdatePrompt />
        <BackendPanel />
      </header>
      {loading && progress && <ProgressBar progress={progress} outline={outline} />}
      <ErrorBanner />
      <GettingStarted />
      {linkNotice && (
        <p className="warning link-notice" role="status" data-testid="link-notice">
          {linkNotice}
        </p>
      )}
      <main className="layout">
        <section className="left">
          <DatasetSummary />
          {dataset && <Overrides dataset={dataset} />}
          {dataset && <GuideAgreement />}
        </section>
        <section className="middle">{dataset && <ConditionList dataset={dataset} />}</section>
        <section className="right">
          <GraphView />
          <ConditionPlot />
        </section>
      </main>
      {dataset && (
        <section className="wide">
          <ModelsPanel />
          <PredictionScatter />
          <DistributionPlot />
          <Composer />
          <ModelLibrary />
        </section>
      )}
    </FileDrop>
  );
}
