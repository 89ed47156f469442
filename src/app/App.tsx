import { useEffect } from 'react';
import { demoSource, useApp } from './store';
import { FileDrop } from '../ui/FileDrop';
import { DatasetSummary } from '../ui/DatasetSummary';
import { ConditionList } from '../ui/ConditionList';
import { Overrides } from '../ui/Overrides';
import { GuideAgreement } from '../ui/GuideAgreement';
import { BackendPanel } from '../ui/BackendPanel';
import { ErrorBanner } from '../ui/ErrorBanner';
import { ProgressBar } from '../ui/ProgressBar';
import { ConditionPlot } from '../ui/ConditionPlot';
import { GraphView } from '../ui/GraphView';
import { workerApi } from './workerClient';
import { ModelsPanel } from '../ui/ModelsPanel';
import { PredictionScatter } from '../ui/PredictionScatter';
import { DistributionPlot } from '../ui/DistributionPlot';
import { Composer } from '../ui/Composer';
import { ModelLibrary } from '../ui/ModelLibrary';
import { UpdatePrompt } from '../ui/UpdatePrompt';
import { startUrlSync, useLinkNotice } from './urlSync';
import { startSessionKeeper } from './sessionKeeper';
import { useDataset } from './queries';

export function App() {
  const { load, setBackend, loading, progress } = useApp();
  const dataset = useDataset();
  useEffect(() => {
    const stop = startUrlSync();
    const stopKeeper = startSessionKeeper();
    // The summary and the first plots first: tfjs and its backends load once the page is idle
    // (training is a later step, and waits for them if it comes sooner).
    void workerApi()
      .configure(new URL('data/', document.baseURI).href)
      .then(() => load(demoSource()))
      .then(() => (window.requestIdleCallback ?? setTimeout)(() => void setBackend('auto'), { timeout: 3000 }));
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
      {loading && progress && <ProgressBar progress={progress} />}
      <ErrorBanner />
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
