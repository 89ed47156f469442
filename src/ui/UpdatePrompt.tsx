import { useEffect, useState } from 'react';
import { registerSW } from 'virtual:pwa-register';

/**
 * Registers the service worker that keeps the app usable offline, and offers a reload when a new
 * version has been deployed (the old one keeps running until the user chooses).
 */
export function UpdatePrompt() {
  const [update, setUpdate] = useState<((reload?: boolean) => Promise<void>) | null>(null);
  const [offlineReady, setOfflineReady] = useState(false);
  useEffect(() => {
    if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
    const updateSW = registerSW({
      onNeedRefresh: () => setUpdate(() => updateSW),
      onOfflineReady: () => setOfflineReady(true),
    });
  }, []);
  if (update) {
    return (
      <div className="update" role="status" data-testid="update-prompt">
        A new version of Perturbscope is available.{' '}
        <button className="button" onClick={() => void update(true)}>
          Reload to update
        </button>
      </div>
    );
  }
  return offlineReady ? (
    <span
      className="offline-ready muted small"
      data-testid="offline-ready"
      title="Everything the app needs is stored in this browser: it opens and trains without a network."
    >
      works offline
    </span>
  ) : null;
}
